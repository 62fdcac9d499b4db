import { existsSync } from 'node:fs';
import {
  ConfigError,
  GAUSSIAN_MIXTURE_PARAMETERS,
  GRADIENT_BOOSTING_PARAMETERS,
  InvalidArgumentError,
  modelOptionsOf,
  optionalColumns,
  parseConfigSet,
  perGenreOptionsOf,
  SONG_METADATA_COLUMNS,
  type ConfigSet,
  type ValidationPolicy,
} from '@msr/core';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { optionalSourceColumns, sourceColumns } from '../dataset/column-mapping.js';
import type { GenreSelection } from '../dataset/select-genres.js';
import { DEFAULT_MAX_INVALID_SHARE } from '../dataset/quarantine.js';
import { chooseGenresOrDefer } from './choose-genres.js';
import { componentCountIssue } from './component-counts.js';
import { checkConsistency } from './consistency.js';
import { defaultConfigDir } from './default-config-dir.js';
import type {
  ClassifierParams,
  ClusteringConfig,
  ClusteringParams,
  DataIngestionConfig,
  DataTransformationConfig,
  DataValidationConfig,
  ModelAssemblyConfig,
  RecommenderEvaluationConfig,
  ModelEvaluationConfig,
  ModelTrainerConfig,
  SplitOptions,
} from './stage-configs.js';
import { localTrackingConfig, type TrackingConfig } from './tracking-config.js';

/** The three configuration files, as paths. */
export interface ConfigFiles {
  config: string;
  params: string;
  schema: string;
}

/** Options of {@link ConfigurationManager.load}. */
export interface ConfigurationManagerOptions {
  /** The pipeline's root, an absolute path: relative paths in `config.yaml` resolve against it. */
  rootDir: string;
  /**
   * `config.yaml`, `params.yaml` and `schema.yaml`; each one not given is the file of that name
   * in `rootDir` when there is one (as DVC reads `params.yaml` at the root), else the default
   * shipped with the package ({@link defaultConfigDir}).
   */
  files?: Partial<ConfigFiles>;
  /**
   * Where runs are tracked. Read the `MLFLOW_*` variables with
   * {@link trackingConfigFromEnv} and pass the result here.
   * @default the local store under `<rootDir>/mlruns` ({@link localTrackingConfig})
   */
  tracking?: TrackingConfig;
  /** The train/test split (not part of the original files). */
  split?: Partial<SplitOptions>;
  /** Expected size and SHA-256 of a downloaded dataset. */
  download?: { expectedSize?: number; expectedSha256?: string };
  /**
   * Replaces `config.yaml`'s `data_ingestion.source_URL`: a URL or an absolute path (a relative
   * path resolves against `rootDir`).
   */
  sourceUrl?: string;
  /**
   * Create every stage's directories on load, as the original did.
   * @default true
   */
  createDirectories?: boolean;
  /**
   * The genres to train on, replacing config.yaml's list (`--genres`). Without either, the
   * genres of the dataset with at least `data_transformation.min_recordings` recordings.
   */
  genres?: string[];
  /** Replaces config.yaml's `data_validation.policy` (`msr run --on-invalid`). @default quarantine */
  validationPolicy?: ValidationPolicy;
  /** Used to download a URL dataset when the genres come from the data. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /**
   * The ingestion will rebuild the songs base (a forced run), so genres chosen from the data
   * are read from the dataset even when a songs base exists; otherwise the base is the data.
   * @default false
   */
  rebuildSongsBase?: boolean;
}

/** The default component count of a genre when params.yaml lists none. */
export const DEFAULT_N_COMPONENTS = GAUSSIAN_MIXTURE_PARAMETERS.nComponents.perGenre.default;

const DEFAULT_SPLIT: SplitOptions = { testSize: 0.2, randomState: 42, stratify: true };

/**
 * Loads and validates `config.yaml`, `params.yaml` and `schema.yaml` and hands each stage its
 * typed, camelCase configuration with absolute paths. Every problem of every file is reported
 * at once, with its file, key path and line, in a `ConfigError`.
 *
 * @example
 * ```ts
 * const manager = await ConfigurationManager.load({ rootDir: '/srv/msr' });
 * const ingestion = new DataIngestion(manager.getDataIngestionConfig());
 * ```
 */
export class ConfigurationManager {
  /** The pipeline's root directory. */
  readonly rootDir: string;
  /** The files the configuration was read from. */
  readonly files: ConfigFiles;
  /** The parsed files, with their original keys. */
  readonly raw: ConfigSet;
  readonly #tracking: TrackingConfig;
  readonly #split: SplitOptions;
  readonly #download: { expectedSize?: number; expectedSha256?: string };
  readonly #sourceUrl: string | undefined;
  readonly #policy: ValidationPolicy | undefined;
  /** How the genres were chosen: config.yaml, `--genres`, or the data. */
  readonly genreSelection: GenreSelection;

  /**
   * Builds a manager from already-parsed files; {@link ConfigurationManager.load} reads and
   * checks them and chooses the genres. `selection` is needed when config.yaml names no genres.
   */
  constructor(raw: ConfigSet, options: Omit<ConfigurationManagerOptions, 'files' | 'createDirectories'> & { files: ConfigFiles; selection?: GenreSelection }) {
    if (!isAbsolute(options.rootDir)) throw new InvalidArgumentError('options.rootDir', `must be an absolute path, got ${JSON.stringify(options.rootDir)}`);
    const configured = raw.config.data_transformation.genres;
    const selection = options.selection ?? (options.genres ? { from: 'option' as const, genres: [...options.genres] } : configured ? { from: 'config' as const, genres: [...configured] } : undefined);
    if (!selection) throw new InvalidArgumentError('options.selection', 'config.yaml names no genres: pass the genres, or use ConfigurationManager.load to choose them from the data');
    this.genreSelection = selection;
    this.#policy = options.validationPolicy;
    this.rootDir = resolve(options.rootDir);
    this.files = options.files;
    this.raw = raw;
    this.#tracking = options.tracking ?? localTrackingConfig(this.rootDir);
    this.#split = { ...DEFAULT_SPLIT, ...options.split };
    this.#download = options.download ?? {};
    this.#sourceUrl = options.sourceUrl;
  }

  /**
   * Reads the three files, validates them and their agreement with each other, and (by
   * default) creates the stages' directories.
   *
   * @throws `ConfigError` listing every problem with file, key path and line.
   */
  static async load(options: ConfigurationManagerOptions): Promise<ConfigurationManager> {
    const defaults = defaultConfigDir();
    // A file at the root wins over the shipped default (issue 12: a root params.yaml was ignored).
    const atRoot = (name: keyof ConfigFiles): string | undefined => {
      const file = join(options.rootDir, `${name}.yaml`);
      return isAbsolute(file) && existsSync(file) ? file : undefined;
    };
    const pick = (name: keyof ConfigFiles): string => options.files?.[name] ?? atRoot(name) ?? join(defaults, `${name}.yaml`);
    const files: ConfigFiles = { config: pick('config'), params: pick('params'), schema: pick('schema') };
    const read = async (file: string) => {
      try {
        return { file, text: await readFile(file, 'utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        throw new ConfigError([{ file, path: [], message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code})`, code: 'unreadable' }]);
      }
    };
    const texts = { config: await read(files.config), params: await read(files.params), schema: await read(files.schema) };
    const parsed = parseConfigSet(texts);
    if (!parsed.ok) throw new ConfigError(parsed.issues);
    if (!isAbsolute(options.rootDir)) throw new InvalidArgumentError('options.rootDir', `must be an absolute path, got ${JSON.stringify(options.rootDir)}`);
    const rootDir = resolve(options.rootDir);
    const inconsistent = checkConsistency(parsed.value.config, files.config, texts.config.text, rootDir);
    if (inconsistent.length > 0) throw new ConfigError(inconsistent);
    const raw = parsed.value;
    const at = (p: string) => (isAbsolute(p) ? p : resolve(rootDir, p));
    const source = options.sourceUrl ?? raw.config.data_ingestion.source_URL;
    const selection = await chooseGenresOrDefer(raw, {
      override: options.genres,
      sourceUrl: /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : at(source),
      localDataFile: at(raw.config.data_ingestion.local_data_file),
      songsBasePath: at(raw.config.data_validation.unzip_dir),
      rebuild: options.rebuildSongsBase ?? false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.download?.expectedSize === undefined ? {} : { expectedSize: options.download.expectedSize }),
      ...(options.download?.expectedSha256 === undefined ? {} : { expectedSha256: options.download.expectedSha256.toLowerCase() }),
    });
    const wrongCount = componentCountIssue(raw.params, selection, files.params);
    if (wrongCount) throw new ConfigError([wrongCount]);
    const manager = new ConfigurationManager(raw, { ...options, rootDir, files, selection });
    if (options.createDirectories ?? true) await manager.createDirectories();
    return manager;
  }

  /** Resolves a path from `config.yaml` against the root. */
  path(p: string): string {
    return isAbsolute(p) ? p : resolve(this.rootDir, p);
  }

  /** The genres the pipeline trains on, in training order. */
  get genres(): string[] {
    return [...this.genreSelection.genres];
  }

  /** Where runs are tracked. */
  getTrackingConfig(): TrackingConfig {
    return { ...this.#tracking };
  }

  /** Data ingestion: the source, the download target and the songs base. */
  getDataIngestionConfig(): DataIngestionConfig {
    const c = this.raw.config;
    const source = this.#sourceUrl ?? c.data_ingestion.source_URL;
    const config: DataIngestionConfig = {
      rootDir: this.path(c.data_ingestion.root_dir),
      sourceUrl: /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : this.path(source),
      localDataFile: this.path(c.data_ingestion.local_data_file),
      unzipDir: this.path(c.data_ingestion.unzip_dir),
      songsBasePath: this.path(c.data_validation.unzip_dir),
      genres: this.genres,
      selection: this.genreSelection,
      sourceColumns: sourceColumns(this.raw.schema.TARGET_COLUMN.name, this.raw.schema.SOURCE_COLUMNS),
      optionalColumns: optionalSourceColumns(optionalColumns(this.raw.schema), this.raw.schema.SOURCE_COLUMNS),
      targetColumn: this.raw.schema.TARGET_COLUMN.name,
      columnTypes: { ...this.raw.schema.COLUMNS },
      quarantine: this.#quarantine(),
    };
    if (this.#download.expectedSize !== undefined) config.expectedSize = this.#download.expectedSize;
    if (this.#download.expectedSha256 !== undefined) config.expectedSha256 = this.#download.expectedSha256.toLowerCase();
    return config;
  }

  /** What happens to invalid rows and where they go (`data_validation`). */
  #quarantine(): NonNullable<DataIngestionConfig['quarantine']> {
    const v = this.raw.config.data_validation;
    const file = this.path(v.quarantine_file ?? 'data/quarantine.csv');
    return {
      policy: this.#policy ?? v.policy ?? 'quarantine',
      maxInvalidShare: v.max_invalid_share ?? DEFAULT_MAX_INVALID_SHARE,
      file,
      summaryFile: join(dirname(file), `${basename(file, extname(file))}.json`),
    };
  }

  /** Data validation: the songs base, the status file and the schema. */
  getDataValidationConfig(): DataValidationConfig {
    const { config: c, schema } = this.raw;
    const statusFile = this.path(c.data_validation.STATUS_FILE);
    return {
      rootDir: this.path(c.data_validation.root_dir),
      songsBasePath: this.path(c.data_validation.unzip_dir),
      statusFile,
      reportFile: join(dirname(statusFile), 'validation_report.json'),
      columns: { ...schema.COLUMNS },
      optionalColumns: Object.fromEntries(optionalColumns(schema).map((column) => [column, SONG_METADATA_COLUMNS[column].type])),
      targetColumn: schema.TARGET_COLUMN.name,
      genres: this.genres,
    };
  }

  /** Data transformation: split, label encoding and per-genre catalogs. */
  getDataTransformationConfig(): DataTransformationConfig {
    const c = this.raw.config;
    const validation = this.getDataValidationConfig();
    return {
      rootDir: this.path(c.data_transformation.root_dir),
      songsBasePath: this.path(c.data_transformation.data_path),
      validation: { statusFile: validation.statusFile, reportFile: validation.reportFile },
      recoDir: this.path(c.data_transformation.reco_dir),
      genres: this.genres,
      targetColumn: this.raw.schema.TARGET_COLUMN.name,
      xTrainPath: this.path(c.model_trainer.X_train_path),
      xTestPath: this.path(c.model_trainer.X_test_path),
      yTrainPath: this.path(c.model_trainer.y_train_path),
      yTestPath: this.path(c.model_trainer.y_test_path),
      catalogPathPrefix: this.path(c.unsmodel_fit.features_path_prefix),
      genresPath: this.path(c.unsmodel_fit.genres_path),
      split: { ...this.#split },
    };
  }

  /** Where the transformation writes `labels.json` (its root directory). */
  #labelsPath(): string {
    return join(this.path(this.raw.config.data_transformation.root_dir), 'labels.json');
  }

  /** Classifier training: the training set and the hyper-parameters. */
  getModelTrainerConfig(): ModelTrainerConfig {
    const c = this.raw.config.model_trainer;
    return {
      rootDir: this.path(c.root_dir),
      xTrainPath: this.path(c.X_train_path),
      yTrainPath: this.path(c.y_train_path),
      modelPath: this.path(join(c.root_dir, c.model_name)),
      labelsPath: this.#labelsPath(),
      params: modelOptionsOf<ClassifierParams>(GRADIENT_BOOSTING_PARAMETERS, this.raw.params.GradientBoostingClassifier),
    };
  }

  /** Classifier evaluation and its tracking. */
  getModelEvaluationConfig(): ModelEvaluationConfig {
    const c = this.raw.config.model_evaluation;
    return {
      rootDir: this.path(c.root_dir),
      xTestPath: this.path(c.X_test_path),
      yTestPath: this.path(c.y_test_path),
      modelPath: this.path(c.model_path),
      metricsPath: this.path(c.metric_file_name),
      labelsPath: this.#labelsPath(),
      experimentName: 'music_clf',
      params: modelOptionsOf<ClassifierParams>(GRADIENT_BOOSTING_PARAMETERS, this.raw.params.GradientBoostingClassifier),
      tracking: this.getTrackingConfig(),
    };
  }

  /** Per-genre clustering and its tracking. */
  getClusteringConfig(): ClusteringConfig {
    const c = this.raw.config.unsmodel_fit;
    const genres = this.genres;
    const params = perGenreOptionsOf<ClusteringParams>(GAUSSIAN_MIXTURE_PARAMETERS, this.raw.params.GaussianMixture, genres.length);
    return {
      rootDir: this.path(c.root_dir),
      catalogPathPrefix: this.path(c.features_path_prefix),
      genresPath: this.path(c.genres_path),
      labelsPath: this.#labelsPath(),
      scalerPath: join(this.path(c.model_dir), 'scaler.json'),
      modelDir: this.path(c.model_dir),
      modelNamePrefix: c.model_name_prefix,
      metricsPathPrefix: this.path(c.metrics_path_prefix),
      genres,
      params,
      experimentPrefix: 'clst_',
      tracking: this.getTrackingConfig(),
    };
  }

  /** Selection of the best runs and assembly of the served bundle (`models_best/`, as the original). */
  getModelAssemblyConfig(): ModelAssemblyConfig {
    const clustering = this.getClusteringConfig();
    return {
      bundlePath: this.path('models_best/recommender.json'),
      classifierExperiment: 'music_clf',
      classifierMetric: 'accuracy',
      clusteringExperiments: clustering.genres.map((genre, i) => `${clustering.experimentPrefix}${i}_${genre}`),
      clusteringMetric: 'silhouette',
      registeredModelName: 'msr-recommender',
      alias: 'champion',
      tracking: this.getTrackingConfig(),
    };
  }

  /**
   * The recommender's evaluation on held-out recordings (`metrics/recommender.json`, experiment
   * `msr_recommender_eval`; 100 playlists per family, seed 42, primary metric recall@20 on
   * coherent playlists).
   */
  getRecommenderEvaluationConfig(): RecommenderEvaluationConfig {
    const evaluation = this.getModelEvaluationConfig();
    const assembly = this.getModelAssemblyConfig();
    return {
      bundlePath: assembly.bundlePath,
      xTestPath: evaluation.xTestPath,
      yTestPath: evaluation.yTestPath,
      labelsPath: evaluation.labelsPath,
      reportPath: join(dirname(evaluation.metricsPath), 'recommender.json'),
      playlistsPath: join(this.getDataIngestionConfig().unzipDir, 'playlists.json'),
      playlists: 100,
      seed: 42,
      experimentName: 'msr_recommender_eval',
      primaryMetric: { family: 'coherent', metric: 'recallAt20' },
      registeredModelName: assembly.registeredModelName,
      alias: assembly.alias,
      tracking: this.getTrackingConfig(),
    };
  }

  /**
   * The value of a dotted key of `params.yaml` (`GaussianMixture.n_components`), or
   * `undefined`. The DAG runner hashes these to decide which stages a change touches.
   */
  param(key: string): unknown {
    let value: unknown = this.raw.params;
    for (const part of key.split('.')) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  }

  /** Creates every directory a stage writes into. */
  async createDirectories(): Promise<void> {
    const c = this.raw.config;
    const dirs = new Set([
      c.data_ingestion.root_dir,
      c.data_ingestion.unzip_dir,
      c.data_validation.root_dir,
      dirname(c.data_validation.STATUS_FILE),
      c.data_transformation.root_dir,
      c.data_transformation.reco_dir,
      c.model_trainer.root_dir,
      c.model_evaluation.root_dir,
      c.unsmodel_fit.root_dir,
      c.unsmodel_fit.model_dir,
      dirname(c.unsmodel_fit.metrics_path_prefix + 'x'),
      'models_best',
    ]);
    for (const dir of dirs) await mkdir(this.path(dir), { recursive: true });
  }
}
