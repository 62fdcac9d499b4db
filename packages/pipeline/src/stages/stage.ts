import type { ParamsFile } from '@msr/core';
import type { z } from 'zod';
import type { SchemaFile } from '../config/schema-file.js';
import type { SplitOptions } from '../config/stage-configs.js';
import type { TrackingConfig } from '../config/tracking-config.js';
import type { StageContext } from '../dag/stage-definition.js';
import type { ValidationPolicy } from '../dataset/quarantine.js';
import type { GenreSelection } from '../dataset/select-genres.js';
import { PipelineError } from '../errors/pipeline-error.js';
import type { ModelKit } from '../models/model-kit.js';
import { PIPELINE_RUN_TAG, STAGE_TAG, type Tracker } from '../tracking/tracker.js';
import type { StageRunOptions } from './stage-run-options.js';

/**
 * The `config.yaml` keys a stage declares: section → key → zod schema. A key belongs to the
 * stage that writes the file it names (the transformation declares `model_trainer.X_train_path`,
 * which it writes), otherwise to the stage that reads it; two stages never declare one key.
 */
export type StageSections = Readonly<Record<string, z.ZodRawShape>>;

/** The parsed values of a stage's keys, section by section. */
export type SectionValues<S extends StageSections> = { -readonly [K in keyof S]: z.output<z.ZodObject<S[K]>> };

/** What the pipeline's stages need from outside. */
export interface PipelineStageDeps {
  /** For URL datasets. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** The clock for reports. @default Date.now */
  clock?: () => number;
  /**
   * The models and metrics of the model stages (`model_trainer`, `model_evaluation`,
   * `clustering`, `model_assembly`). `runPipeline` defaults to {@link coreModelKit}; without a
   * kit, `pipelineStages` returns the data stages only.
   */
  models?: ModelKit;
  /** Where runs are tracked; without one, metrics go to files only and the local models are served. */
  tracker?: Tracker;
  /** Tags every tracked run carries (`mlflow.user`, `mlflow.source.*`; see `sourceTags`). @default none */
  trackingTags?: Readonly<Record<string, string>>;
  /**
   * Whether forcing `data_ingestion` replaces an existing songs base. Only `rebuildSongsBase`
   * sets it, after archiving the base: a forced run must not lose fed songs.
   * @default false
   */
  rebuildBase?: boolean;
}

/** What a stage's `deps`, `outs`, `settings` and `run` are handed: the outside deps and the other stages' configurations. */
export interface StageEnv extends PipelineStageDeps {
  /** Another stage's typed configuration. */
  config<S extends AnyPipelineStage>(stage: S): StageConfigOf<S>;
}

/** Settings a stage's configuration may take from the loader's options rather than the files. */
export interface StageSettings {
  /** Where runs are tracked. */
  tracking: TrackingConfig;
  /** The train/test split. */
  split: SplitOptions;
  /** Expected size and SHA-256 of a downloaded dataset. */
  download: { expectedSize?: number; expectedSha256?: string };
  /** Replaces `data_ingestion.source_URL` (`--source`). */
  sourceUrl?: string;
  /** Replaces `data_validation.policy` (`--on-invalid`). */
  validationPolicy?: ValidationPolicy;
}

/** What a stage's `configure` is handed besides its own keys (the {@link ConfigurationManager} implements it). */
export interface StageConfigContext {
  /** The pipeline's root, absolute. */
  readonly rootDir: string;
  /** Resolves a path of `config.yaml` against the root. */
  path(p: string): string;
  /** The genres the pipeline trains on, in training order. */
  readonly genres: string[];
  /** How the genres were chosen. */
  readonly genreSelection: GenreSelection;
  /** The parsed `params.yaml`. */
  readonly params: ParamsFile;
  /** The parsed `schema.yaml`. */
  readonly schema: SchemaFile;
  /** Settings from the loader's options. */
  readonly settings: StageSettings;
  /** Another stage's typed configuration (a stage reads what an upstream stage writes). */
  config<S extends AnyPipelineStage>(stage: S): StageConfigOf<S>;
}

/**
 * One stage of the pipeline, defined once: the `config.yaml` keys it declares (validated when
 * the files load), how its typed configuration is built from them, the files it reads and
 * writes and the `params.yaml` keys it uses (from which both runners derive the DAG), the
 * directories it needs, and how it runs. The stage list ({@link MSR_STAGES}) is an array of
 * these; `PIPELINE_STAGES`, the CLI's help, `config.yaml`'s schema, the directories and the
 * runners' graphs are derived from it.
 */
export interface PipelineStage<Name extends string = string, Sections extends StageSections = StageSections, Config = unknown, Result = unknown> {
  /** Unique snake_case name (`data_ingestion`, `clustering`, …). */
  readonly name: Name;
  /** One line saying what it does, for `msr stage --help`. */
  readonly summary: string;
  /** The `config.yaml` keys it declares (`{}` for none). */
  readonly sections: Sections;
  /** Dotted `params.yaml` keys it reads (`GaussianMixture`); a change re-runs it. @default none */
  readonly params?: readonly string[];
  /** It needs a {@link ModelKit}; `pipelineStages` leaves it out without one. @default false */
  readonly models?: boolean;
  /** Whether the run cache may restore its outputs (see {@link StageDefinition.cache}). @default true */
  readonly cache?: boolean;
  /** Its typed configuration, with absolute paths. */
  configure(own: SectionValues<Sections>, context: StageConfigContext): Config;
  /** Directories it writes into, created when the configuration loads. @default none */
  directories?(config: Config): string[];
  /** Absolute paths it reads; a stage that writes one of them runs first. */
  deps(config: Config, env: StageEnv): string[];
  /** Absolute paths it writes. */
  outs(config: Config, env: StageEnv): string[];
  /** Other settings it depends on, hashed into the lock file (a change re-runs it). @default none */
  settings?(config: Config, env: StageEnv): Record<string, unknown>;
  /** Does the work. */
  run(config: Config, env: StageEnv, context: StageContext): Promise<Result>;
}

/** Any pipeline stage (the element type of a stage list). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the configure/run pair is checked where each stage is defined
export type AnyPipelineStage = PipelineStage<string, StageSections, any, unknown>;

/** The typed configuration of a stage. */
export type StageConfigOf<S> = S extends PipelineStage<string, StageSections, infer C, unknown> ? C : never;

/** The names of a stage list, as a tuple of literals. */
export type StageNamesOf<L extends readonly AnyPipelineStage[]> = { readonly [I in keyof L]: L[I]['name'] };

/**
 * Defines a pipeline stage (an identity function that checks the name and keeps the types).
 *
 * @example
 * ```ts
 * export const genreCountStage = defineStage({
 *   name: 'genre_count',
 *   summary: 'count the genres of the catalogs',
 *   sections: { genre_count: { file: configPath } },
 *   configure: (own, ctx) => ({ genresPath: ctx.config(dataTransformationStage).genresPath, file: ctx.path(own.genre_count.file) }),
 *   deps: (c) => [c.genresPath],
 *   outs: (c) => [c.file],
 *   run: async (c) => writeCount(c.genresPath, c.file),
 * });
 * ```
 */
export function defineStage<const Name extends string, const Sections extends StageSections, Config, Result>(
  stage: PipelineStage<Name, Sections, Config, Result>,
): PipelineStage<Name, Sections, Config, Result> {
  if (!/^[a-z][a-z0-9_]*$/.test(stage.name)) throw new PipelineError('ERR_STAGE_DEFINITION', `a stage name is snake_case (letters, digits, _), got ${JSON.stringify(stage.name)}`);
  return stage;
}

/** The names of a stage list, in order. */
export function stageNames<const L extends readonly AnyPipelineStage[]>(stages: L): StageNamesOf<L> {
  return stages.map((s) => s.name) as unknown as StageNamesOf<L>;
}

/** The run options a stage gets from its DAG context. */
export function stageOptions(context: StageContext): StageRunOptions {
  return { signal: context.signal, onProgress: context.progress, onLog: context.log };
}

/** The model kit of a model stage (`pipelineStages` leaves model stages out without one). */
export function modelsOf(env: PipelineStageDeps): ModelKit {
  if (!env.models) throw new PipelineError('ERR_STAGE_DEFINITION', 'a model stage ran without a ModelKit (pass `models`)');
  return env.models;
}

/**
 * The run options of a tracked stage: its runs also carry the DAG run's id, so a takeover can
 * end a dead run's runs, and the stage's name (`msr.stage`), spelled once, in its definition.
 */
export function trackedOptions(env: PipelineStageDeps, context: StageContext): StageRunOptions {
  return { ...stageOptions(context), trackingTags: { ...env.trackingTags, [PIPELINE_RUN_TAG]: context.runId, [STAGE_TAG]: context.stage } };
}

/** The tracking server a tracked stage's outputs depend on (`null` when not tracked), hashed with its settings. */
export function trackingSetting(tracking: TrackingConfig, env: PipelineStageDeps): { trackingUri: string | null } {
  return { trackingUri: env.tracker ? tracking.uri : null };
}

/** The tracker of a tracked stage, as its class's deps take it. */
export function trackerOf(env: PipelineStageDeps): { tracker?: Tracker } {
  return env.tracker ? { tracker: env.tracker } : {};
}
