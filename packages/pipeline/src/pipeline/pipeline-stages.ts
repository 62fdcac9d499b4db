import type { ConfigurationManager } from '../config/configuration-manager.js';
import type { StageContext, StageDefinition } from '../dag/stage-definition.js';
import type { ModelKit } from '../models/model-kit.js';
import { ClusteringFit } from '../stages/clustering-fit.js';
import { DataIngestion } from '../stages/data-ingestion.js';
import { ModelAssembly } from '../stages/model-assembly.js';
import { ModelEvaluation } from '../stages/model-evaluation.js';
import { ModelTrainer } from '../stages/model-trainer.js';
import { PIPELINE_RUN_TAG, type Tracker } from '../tracking/tracker.js';
import { RecommenderEvaluation } from '../stages/recommender-evaluation.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataTransformation, labelsPathOf } from '../stages/data-transformation.js';
import { DataValidation } from '../stages/data-validation.js';
import type { StageRunOptions } from '../stages/stage-run-options.js';

/** The stages of the msr pipeline, in order. */
export const PIPELINE_STAGES = ['data_ingestion', 'data_validation', 'data_transformation', 'model_trainer', 'model_evaluation', 'clustering', 'model_assembly', 'recommender_evaluation'] as const;

/** The name of a pipeline stage. */
export type PipelineStageName = (typeof PIPELINE_STAGES)[number];

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

/** The run options a stage gets from its DAG context. */
export function stageOptions(context: StageContext): StageRunOptions {
  return { signal: context.signal, onProgress: context.progress, onLog: context.log };
}

/**
 * The pipeline as DAG stages: each stage class wrapped with the files it reads and writes and
 * the params it uses, so the {@link DagRunner} can skip what is up to date.
 */
export function pipelineStages(manager: ConfigurationManager, deps: PipelineStageDeps = {}): StageDefinition[] {
  const ingestion = manager.getDataIngestionConfig();
  const validation = manager.getDataValidationConfig();
  const transformation = manager.getDataTransformationConfig();
  const catalogs = transformation.genres.map((_g, i) => `${transformation.catalogPathPrefix}${i}.csv`);
  const isUrl = /^https?:\/\//i.test(ingestion.sourceUrl);
  const clock = deps.clock ? { clock: deps.clock } : {};

  const stages: StageDefinition[] = [
    {
      name: 'data_ingestion',
      deps: isUrl ? [] : [ingestion.sourceUrl.startsWith('file:') ? fileURLToPath(ingestion.sourceUrl) : ingestion.sourceUrl],
      config: { sourceUrl: ingestion.sourceUrl, genres: ingestion.genres, expectedSha256: ingestion.expectedSha256 ?? null, expectedSize: ingestion.expectedSize ?? null, sourceColumns: ingestion.sourceColumns ?? null, quarantine: ingestion.quarantine ?? null },
      outs: [ingestion.songsBasePath],
      // The base holds fed songs its inputs do not describe: never "restore" an earlier one.
      cache: false,
      // Like the original, an existing songs base is kept: it may hold fed songs. Forcing the stage
      // recomputes (nothing to do when the base exists); replacing the base is `rebuildSongsBase`,
      // which archives it first (issue 12 bug 2: `msr run --force` used to throw fed songs away).
      run: (ctx) => new DataIngestion(ingestion, { ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.tracker ? { tracker: deps.tracker } : {}), ...clock }).run({ ...stageOptions(ctx), force: ctx.forced && deps.rebuildBase === true }),
    },
    {
      name: 'data_validation',
      deps: [validation.songsBasePath],
      config: { columns: validation.columns, targetColumn: validation.targetColumn, genres: validation.genres },
      outs: [validation.statusFile, validation.reportFile],
      run: (ctx) => new DataValidation(validation, clock).run(stageOptions(ctx)),
    },
    {
      name: 'data_transformation',
      deps: [transformation.songsBasePath, validation.statusFile, validation.reportFile],
      config: { genres: transformation.genres, split: transformation.split, targetColumn: transformation.targetColumn },
      outs: [transformation.xTrainPath, transformation.xTestPath, transformation.yTrainPath, transformation.yTestPath, labelsPathOf(transformation), transformation.genresPath, ...catalogs],
      run: (ctx) => new DataTransformation(transformation).run(stageOptions(ctx)),
    },
  ];
  const models = deps.models;
  if (!models) return stages;

  const trainer = manager.getModelTrainerConfig();
  const evaluation = manager.getModelEvaluationConfig();
  const clustering = manager.getClusteringConfig();
  const assembly = manager.getModelAssemblyConfig();
  const recommenderEvaluation = manager.getRecommenderEvaluationConfig();
  const tracked = deps.tracker ? { tracker: deps.tracker } : {};
  // The model stages' runs also carry the DAG run's id, so a takeover can end a dead run's runs.
  const trackedOptions = (ctx: StageContext): StageRunOptions => ({ ...stageOptions(ctx), trackingTags: { ...deps.trackingTags, [PIPELINE_RUN_TAG]: ctx.runId } });
  const trackingConfig = { trackingUri: deps.tracker ? evaluation.tracking.uri : null };
  const umodels = clustering.genres.map((_g, i) => join(clustering.modelDir, `${clustering.modelNamePrefix}${i}.json`));
  const unsMetrics = clustering.genres.map((_g, i) => `${clustering.metricsPathPrefix}${i}.json`);
  stages.push(
    {
      name: 'model_trainer',
      deps: [trainer.xTrainPath, trainer.yTrainPath, trainer.labelsPath],
      params: ['GradientBoostingClassifier'],
      outs: [trainer.modelPath],
      run: (ctx) => new ModelTrainer(trainer, { models, ...clock }).run(stageOptions(ctx)),
    },
    {
      name: 'model_evaluation',
      deps: [evaluation.modelPath, evaluation.xTestPath, evaluation.yTestPath, evaluation.labelsPath],
      params: ['GradientBoostingClassifier'],
      config: { experiment: evaluation.experimentName, ...trackingConfig },
      outs: [evaluation.metricsPath],
      run: (ctx) => new ModelEvaluation(evaluation, { models, ...tracked }).run(trackedOptions(ctx)),
    },
    {
      name: 'clustering',
      deps: [clustering.genresPath, clustering.labelsPath, ...catalogs],
      params: ['GaussianMixture'],
      config: { experimentPrefix: clustering.experimentPrefix, genres: clustering.genres, ...trackingConfig },
      outs: [clustering.scalerPath, ...umodels, ...unsMetrics],
      run: (ctx) => new ClusteringFit(clustering, { models, ...tracked }).run(trackedOptions(ctx)),
    },
    {
      name: 'model_assembly',
      deps: [evaluation.modelPath, evaluation.metricsPath, evaluation.labelsPath, clustering.scalerPath, ...umodels, ...unsMetrics, ...catalogs],
      config: { registeredModelName: assembly.registeredModelName, alias: assembly.alias, ...trackingConfig },
      outs: [assembly.bundlePath],
      // It also registers the bundle and moves the alias: restoring the file alone would not.
      cache: false,
      run: (ctx) => new ModelAssembly({ assembly, evaluation, clustering }, { models, ...tracked, ...clock }).run(trackedOptions(ctx)),
    },
    {
      name: 'recommender_evaluation',
      deps: [
        assembly.bundlePath,
        recommenderEvaluation.xTestPath,
        recommenderEvaluation.yTestPath,
        recommenderEvaluation.labelsPath,
        ...(existsSync(recommenderEvaluation.playlistsPath) ? [recommenderEvaluation.playlistsPath] : []),
      ],
      config: { playlists: recommenderEvaluation.playlists, seed: recommenderEvaluation.seed, experiment: recommenderEvaluation.experimentName, primaryMetric: recommenderEvaluation.primaryMetric, ...trackingConfig },
      outs: [recommenderEvaluation.reportPath],
      // It gates the champion alias (it may move it back): restoring the report alone would not.
      cache: false,
      run: (ctx) => new RecommenderEvaluation(recommenderEvaluation, tracked).run(trackedOptions(ctx)),
    },
  );
  return stages;
}
