import type { ColumnType, GaussianMixtureOptions, GradientBoostingClassifierOptions } from '@msr/core';
import type { ValidationPolicy } from '../dataset/quarantine.js';
import type { GenreSelection } from '../dataset/select-genres.js';
import type { TrackingConfig } from './tracking-config.js';

/** How the songs base is split into train and test sets. */
export interface SplitOptions {
  /**
   * Fraction of songs held out for testing.
   * @default 0.2
   */
  testSize: number;
  /**
   * Seed of the shuffle.
   * @default 42
   */
  randomState: number;
  /**
   * Keep each genre's share equal in both sets.
   * @default true
   */
  stratify: boolean;
}

/** Where the dataset comes from and where the songs base goes (`config.yaml` → `data_ingestion`). */
export interface DataIngestionConfig {
  /** `root_dir`, absolute. */
  rootDir: string;
  /** `source_URL`: an `http(s)://` or `file:` URL, or an absolute path, of a CSV or zip. */
  sourceUrl: string;
  /** `local_data_file`: where a downloaded dataset is kept, absolute. */
  localDataFile: string;
  /** `unzip_dir`, absolute. */
  unzipDir: string;
  /** The songs base this stage writes (`data_validation.unzip_dir`), absolute. */
  songsBasePath: string;
  /** The genres to keep (`data_transformation.genres`, `--genres`, or chosen from the data). */
  genres: string[];
  /** How `genres` were chosen, logged and returned by the stage. */
  selection?: GenreSelection;
  /**
   * Where each songs-base column comes from (`schema.yaml` → `SOURCE_COLUMNS` over the defaults).
   * @default the Kaggle and songs-base names ({@link sourceColumns})
   */
  sourceColumns?: Record<string, string[]>;
  /**
   * Where each optional metadata column comes from, for those `schema.yaml`'s `OPTIONAL_COLUMNS`
   * keeps (`name` ← `track_name`, …); kept when the dataset has them.
   * @default {} (no metadata kept)
   */
  optionalColumns?: Record<string, string[]>;
  /** The songs base's target column (`schema.yaml` → `TARGET_COLUMN`). @default 'genre' */
  targetColumn?: string;
  /** Column types the cells are checked against (`schema.yaml` → `COLUMNS`). @default float64 features */
  columnTypes?: Record<string, ColumnType>;
  /**
   * What happens to invalid rows (`data_validation.policy`, `max_invalid_share`,
   * `quarantine_file`), and where the summary goes (`quarantine.json` beside the file).
   * @default quarantine, 0.01, `quarantine.csv` beside the songs base
   */
  quarantine?: { policy: ValidationPolicy; maxInvalidShare: number; file: string; summaryFile: string };
  /** Expected size in bytes of a downloaded dataset; checked when set. */
  expectedSize?: number;
  /** Expected SHA-256 (hex) of a downloaded dataset; checked when set. */
  expectedSha256?: string;
}

/** What the songs base is checked against (`config.yaml` → `data_validation`, `schema.yaml`). */
export interface DataValidationConfig {
  /** `root_dir`, absolute. */
  rootDir: string;
  /** The songs base to validate (`unzip_dir`), absolute. */
  songsBasePath: string;
  /** `STATUS_FILE`: `Validation status: True|False`, as the original wrote it. */
  statusFile: string;
  /** The full report (JSON, with row numbers), beside the status file. */
  reportFile: string;
  /** `schema.yaml` → `COLUMNS`. */
  columns: Record<string, ColumnType>;
  /**
   * `schema.yaml` → `OPTIONAL_COLUMNS` with their types: allowed, not required; an empty cell is
   * "unknown". @default {}
   */
  optionalColumns?: Record<string, ColumnType>;
  /** `schema.yaml` → `TARGET_COLUMN.name`. */
  targetColumn: string;
  /** The configured genres; any other genre in the base is reported. */
  genres: string[];
}

/** How the songs base becomes training data and per-genre catalogs (`data_transformation`). */
export interface DataTransformationConfig {
  /** `root_dir`, absolute. */
  rootDir: string;
  /** `data_path`: the songs base, absolute. */
  songsBasePath: string;
  /** The validation status and report this stage refuses to run without. */
  validation: { statusFile: string; reportFile: string };
  /** `reco_dir`, absolute. */
  recoDir: string;
  /** `genres`; label codes follow their sorted order. */
  genres: string[];
  /** The target column (`schema.yaml`). */
  targetColumn: string;
  /** Training and test sets (`model_trainer` paths), absolute. */
  xTrainPath: string;
  xTestPath: string;
  yTrainPath: string;
  yTestPath: string;
  /** Catalog `i` is written to `${catalogPathPrefix}${i}.csv` (`unsmodel_fit.features_path_prefix`). */
  catalogPathPrefix: string;
  /** `genres.txt`, one genre a line, in catalog order (`unsmodel_fit.genres_path`). */
  genresPath: string;
  /** The split. */
  split: SplitOptions;
}

/**
 * Gradient-boosting hyper-parameters (`params.yaml` → `GradientBoostingClassifier`): the model's
 * own options, derived from its declarations (`@msr/core`'s `GRADIENT_BOOSTING_PARAMETERS`), so
 * a new hyper-parameter reaches the model without a line here.
 */
export type ClassifierParams = GradientBoostingClassifierOptions & { nEstimators: number };

/**
 * Gaussian-mixture hyper-parameters (`params.yaml` → `GaussianMixture`): the model's options
 * with one component count per genre, in genre order, and `[min, max]` when each genre's count
 * is chosen by BIC instead (`@msr/core`'s `perGenreOptionsOf`).
 */
export type ClusteringParams = Omit<GaussianMixtureOptions, 'nComponents'> & { nComponents: number[]; nComponentsRange?: [number, number] };

/** Classifier training (`config.yaml` → `model_trainer`). */
export interface ModelTrainerConfig {
  /** `root_dir`, absolute. */
  rootDir: string;
  xTrainPath: string;
  yTrainPath: string;
  /** `root_dir/model_name`: the trained classifier (versioned JSON). */
  modelPath: string;
  /** `labels.json` written by the transformation: classes and data digest, stored with the model. */
  labelsPath: string;
  params: ClassifierParams;
}

/** Classifier evaluation and tracking (`config.yaml` → `model_evaluation`). */
export interface ModelEvaluationConfig {
  /** `root_dir`, absolute. */
  rootDir: string;
  xTestPath: string;
  yTestPath: string;
  modelPath: string;
  /** `metric_file_name`: accuracy, report, confusion matrix, predict time (JSON). */
  metricsPath: string;
  /** `labels.json` written by the transformation. */
  labelsPath: string;
  /** The tracking experiment, `music_clf` as in the original. */
  experimentName: string;
  /** Parameters logged with the run. */
  params: ClassifierParams;
  tracking: TrackingConfig;
}

/** Per-genre clustering (`config.yaml` → `unsmodel_fit`). */
export interface ClusteringConfig {
  /** `root_dir`, absolute. */
  rootDir: string;
  /** Catalog `i` is read from `${catalogPathPrefix}${i}.csv`. */
  catalogPathPrefix: string;
  genresPath: string;
  /** `labels.json` written by the transformation (for the data digest). */
  labelsPath: string;
  /** The scaler fitted on every catalog song, shared by all genres: `${modelDir}/scaler.json`. */
  scalerPath: string;
  /** Model `i` is written to `${modelDir}/${modelNamePrefix}${i}.json`. */
  modelDir: string;
  modelNamePrefix: string;
  /** Metrics `i` are written to `${metricsPathPrefix}${i}.json`. */
  metricsPathPrefix: string;
  genres: string[];
  params: ClusteringParams;
  /** Experiment `i` is `${experimentPrefix}${i}_${genre}` (`clst_0_alternative`, as the original). */
  experimentPrefix: string;
  tracking: TrackingConfig;
}

/** Selection of the best runs and assembly of the served bundle. */
export interface ModelAssemblyConfig {
  /** The served `RecommenderModel` bundle (JSON), absolute. */
  bundlePath: string;
  /** The classifier experiment to pick the best run from. */
  classifierExperiment: string;
  /** The metric that ranks classifier runs (higher is better). */
  classifierMetric: string;
  /** The clustering experiments, one per genre in config order. */
  clusteringExperiments: string[];
  /** The metric that ranks clustering runs (higher is better). */
  clusteringMetric: string;
  /** The registered model name, where the tracking server has a registry. */
  registeredModelName: string;
  /** The alias moved to the new version. */
  alias: string;
  /** Where the assembly records its move of `alias` for the same run's champion gate (`.msr/champion-move.json`). */
  championMovePath: string;
  tracking: TrackingConfig;
}

/** The recommender's evaluation on held-out recordings, after assembly (decision 0825). */
export interface RecommenderEvaluationConfig {
  /** The served bundle to evaluate. */
  bundlePath: string;
  /** The held-out part of the split (recordings the classifier never saw). */
  xTestPath: string;
  yTestPath: string;
  labelsPath: string;
  /** Where the report is written (JSON). */
  reportPath: string;
  /** The MPD-format playlists file (`playlists.json` beside the songs base); when it exists, its held-out tracks make the `configured` family. */
  playlistsPath: string;
  /** Playlists per family. */
  playlists: number;
  /** Seed of playlist construction. */
  seed: number;
  /** The experiment the evaluation run is logged in. */
  experimentName: string;
  /**
   * The figure the report leads with and promotion is gated on: the default system's, on one
   * family. A new bundle keeps the `alias` only if it is no worse than the champion's on the
   * same songs base.
   */
  primaryMetric: { family: 'coherent' | 'random' | 'mix' | 'noisy' | 'three-track'; metric: 'recallAt20' | 'ndcgAt20' | 'genreAccuracy' };
  /** The registered model and the alias the assembly moved (see {@link ModelAssemblyConfig}). */
  registeredModelName: string;
  alias: string;
  /** The assembly's record of its move of `alias` (see {@link ModelAssemblyConfig}), undone when the gate keeps the champion. */
  championMovePath: string;
  tracking: TrackingConfig;
}
