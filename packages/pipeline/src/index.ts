/**
 * `@msr/pipeline` — the msr MLOps pipeline for Node: a `ConfigurationManager` over the
 * original project's `config.yaml` / `params.yaml` / `schema.yaml`, the six stages (ingestion,
 * validation, transformation, classifier training and evaluation, per-genre clustering), a
 * DVC-like DAG runner with a crash-safe run lock, the feed DAG, `runPipeline` / `runFeed` for
 * scripts, and the `msr` CLI.
 *
 * The library never prints: progress and logs arrive as {@link PipelineEvent}s.
 *
 * Subpaths: `@msr/pipeline/cli` (the `msr` command as a library) and `@msr/pipeline/queue` (the
 * BullMQ runner, also exported here).
 *
 * @module
 */
export * from './errors/pipeline-error.js';
export * from './errors/csv-error.js';
export * from './errors/dataset-error.js';
export * from './errors/download-error.js';
export * from './csv/parse-csv.js';
export * from './csv/format-csv.js';
export * from './config/tracking-config.js';
export * from './config/stage-configs.js';
export * from './config/default-config-dir.js';
export * from './config/configuration-manager.js';
export { checkSelectedCounts } from './config/consistency.js';
export * from './config/config-file.js';
export * from './config/config-set.js';
export * from './config/schema-file.js';
export { configPath, genreListSchema } from './config/config-keys.js';
export { parseYamlFile } from './config/parse-yaml.js';
export * from './stages/stage.js';
export * from './stages/data-ingestion-stage.js';
export * from './stages/data-validation-stage.js';
export * from './stages/data-transformation-stage.js';
export * from './stages/model-trainer-stage.js';
export * from './stages/model-evaluation-stage.js';
export * from './stages/clustering-stage.js';
export * from './stages/model-assembly-stage.js';
export * from './stages/recommender-evaluation-stage.js';
export * from './dag/stage-definition.js';
export * from './dag/pipeline-event.js';
export * from './dag/lock-file.js';
export * from './dag/run-lock.js';
export * from './dag/graph.js';
export * from './dag/dag-runner.js';
export * from './errors/data-validation-error.js';
export * from './songs/songs-base.js';
export * from './stages/stage-run-options.js';
export * from './stages/data-ingestion.js';
export * from './dataset/check-cell.js';
export * from './dataset/column-mapping.js';
export * from './dataset/extract-songs.js';
export * from './dataset/quarantine.js';
export * from './dataset/read-dataset.js';
export * from './dataset/select-genres.js';
export * from './config/choose-genres.js';
export * from './stages/data-validation.js';
export * from './stages/data-transformation.js';
export * from './errors/stage-failed-error.js';
export * from './history/run-history.js';
export * from './pipeline/pipeline-stages.js';
export * from './pipeline/run-pipeline.js';
export * from './pipeline/rebuild-songs-base.js';
export * from './pipeline/run-snapshot.js';
export * from './schedule/cron.js';
export * from './schedule/run-schedule.js';
export { paramChanges, stageChanges, type StageFingerprint } from './dag/plan.js';
export * from './songs/archive-songs-base.js';
export * from './feed/feed-source.js';
export * from './feed/feed-quarantine.js';
export * from './feed/merge-songs.js';
export * from './feed/drop-folder-feed.js';
export * from './feed/run-feed.js';
export * from './songs/feature-matrix.js';
export * from './models/model-kit.js';
export * from './models/artifacts.js';
export * from './tracking/tracker.js';
export * from './tracking/log-model-file.js';
export * from './stages/model-trainer.js';
export * from './stages/model-evaluation.js';
export * from './stages/clustering-fit.js';
export * from './stages/model-assembly.js';
export * from './stages/recommender-evaluation.js';
export * from './dag/run-progress.js';
export * from './feed/spotify-feed-source.js';
export * from './models/core-model-kit.js';
export * from './pipeline/recommend-playlist.js';
export * from './tracking/create-tracker.js';
export * from './models/fit-in-worker.js';
// The queue runner (also `@msr/pipeline/queue`).
export * from './runner-bullmq/index.js';
// What scripts that run the pipeline print and exit with; the rest of the CLI is `@msr/pipeline/cli`.
export { createProgressRenderer } from './cli/progress-renderer.js';
export { exitCodeOf } from './cli/main.js';
