import { existsSync } from 'node:fs';
import { ConfigError, InvalidArgumentError, type ParamsFile } from '@msr/core';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { GenreSelection } from '../dataset/select-genres.js';
import type { ValidationPolicy } from '../dataset/quarantine.js';
import { MSR_STAGES } from '../pipeline/pipeline-stages.js';
import { dataIngestionStage, isSourceUrl } from '../stages/data-ingestion-stage.js';
import { dataTransformationStage } from '../stages/data-transformation-stage.js';
import type { AnyPipelineStage, SectionValues, StageConfigContext, StageConfigOf, StageSettings } from '../stages/stage.js';
import { chooseGenresOrDefer } from './choose-genres.js';
import { sectionsOf } from './config-file.js';
import { parseConfigSet, type ConfigSet } from './config-set.js';
import { checkConsistency, checkSelectedCounts } from './consistency.js';
import { defaultConfigDir } from './default-config-dir.js';
import type { SchemaFile } from './schema-file.js';
import type { SplitOptions } from './stage-configs.js';
import { localTrackingConfig, type TrackingConfig } from './tracking-config.js';

export { DEFAULT_N_COMPONENTS } from './model-params.js';

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
  /**
   * The pipeline's stages: `config.yaml` is checked against the keys they declare, and their
   * directories are created.
   * @default MSR_STAGES
   */
  stages?: readonly AnyPipelineStage[];
}

const DEFAULT_SPLIT: SplitOptions = { testSize: 0.2, randomState: 42, stratify: true };

/**
 * Loads and validates `config.yaml`, `params.yaml` and `schema.yaml` and hands each stage its
 * typed, camelCase configuration with absolute paths, built by the stage's own definition.
 * Every problem of every file is reported at once, with its file, key path and line, in a
 * `ConfigError`.
 *
 * @example
 * ```ts
 * const manager = await ConfigurationManager.load({ rootDir: '/srv/msr' });
 * const ingestion = new DataIngestion(manager.config(dataIngestionStage));
 * ```
 */
export class ConfigurationManager implements StageConfigContext {
  /** The pipeline's root directory. */
  readonly rootDir: string;
  /** The files the configuration was read from. */
  readonly files: ConfigFiles;
  /** The parsed files, with their original keys. */
  readonly raw: ConfigSet;
  /** The pipeline's stages, in order. */
  readonly stages: readonly AnyPipelineStage[];
  /** Settings from the options, for the stages' configurations. */
  readonly settings: StageSettings;
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
    this.rootDir = resolve(options.rootDir);
    this.files = options.files;
    this.raw = raw;
    this.stages = options.stages ?? MSR_STAGES;
    const settings: StageSettings = { tracking: options.tracking ?? localTrackingConfig(this.rootDir), split: { ...DEFAULT_SPLIT, ...options.split }, download: options.download ?? {} };
    if (options.sourceUrl !== undefined) settings.sourceUrl = options.sourceUrl;
    if (options.validationPolicy !== undefined) settings.validationPolicy = options.validationPolicy;
    this.settings = settings;
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
    const parsed = parseConfigSet(texts, options.stages ? { stages: options.stages } : {});
    if (!parsed.ok) throw new ConfigError(parsed.issues);
    if (!isAbsolute(options.rootDir)) throw new InvalidArgumentError('options.rootDir', `must be an absolute path, got ${JSON.stringify(options.rootDir)}`);
    const rootDir = resolve(options.rootDir);
    const inconsistent = checkConsistency(parsed.value.config, files.config, texts.config.text, rootDir);
    if (inconsistent.length > 0) throw new ConfigError(inconsistent);
    const raw = parsed.value;
    const at = (p: string) => (isAbsolute(p) ? p : resolve(rootDir, p));
    const { data_ingestion: ingestion, data_validation: base } = sectionsOf(raw.config, dataIngestionStage);
    const { data_transformation: transformation } = sectionsOf(raw.config, dataTransformationStage);
    const source = options.sourceUrl ?? ingestion.source_URL;
    const selection = await chooseGenresOrDefer(
      { genres: transformation.genres, minRecordings: transformation.min_recordings, schema: raw.schema },
      {
        override: options.genres,
        sourceUrl: isSourceUrl(source) ? source : at(source),
        localDataFile: at(ingestion.local_data_file),
        songsBasePath: at(base.unzip_dir),
        rebuild: options.rebuildSongsBase ?? false,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.download?.expectedSize === undefined ? {} : { expectedSize: options.download.expectedSize }),
        ...(options.download?.expectedSha256 === undefined ? {} : { expectedSha256: options.download.expectedSha256.toLowerCase() }),
      },
    );
    const counts = checkSelectedCounts(raw.params, files.params, selection);
    if (counts.length > 0) throw new ConfigError(counts);
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

  /** The parsed `params.yaml`. */
  get params(): ParamsFile {
    return this.raw.params;
  }

  /** The parsed `schema.yaml`. */
  get schema(): SchemaFile {
    return this.raw.schema;
  }

  /** Where runs are tracked. */
  getTrackingConfig(): TrackingConfig {
    return { ...this.settings.tracking };
  }

  /**
   * A stage's typed configuration, with absolute paths, built by its definition from the keys
   * it declares: `manager.config(dataIngestionStage)` is the ingestion's `DataIngestionConfig`.
   *
   * @throws `InvalidArgumentError` for a stage that is not in this pipeline's stage list.
   */
  config<S extends AnyPipelineStage>(stage: S): StageConfigOf<S> {
    return stage.configure(this.sections(stage), this) as StageConfigOf<S>;
  }

  /** The `config.yaml` keys a stage declares, as parsed. */
  sections<S extends AnyPipelineStage>(stage: S): SectionValues<S['sections']> {
    if (!this.stages.includes(stage)) throw new InvalidArgumentError('stage', `"${stage.name}" is not one of this pipeline's stages (${this.stages.map((s) => s.name).join(', ')})`);
    return sectionsOf(this.raw.config, stage);
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

  /** Creates every directory a stage writes into (each stage's `directories`). */
  async createDirectories(): Promise<void> {
    const dirs = new Set(this.stages.flatMap((stage) => stage.directories?.(this.config(stage)) ?? []));
    for (const dir of dirs) await mkdir(dir, { recursive: true });
  }
}
