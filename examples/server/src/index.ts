/**
 * The msr reference server: a Hono app with accounts, admin tools, monitoring, a scheduler and
 * server-rendered pages, calling the msr packages directly.
 *
 * `createApp(deps)` builds the app from injected dependencies (tests call it with
 * `app.request()`); `startServer(config, { logger })` opens the database, migrates it, builds the services,
 * listens and shuts down gracefully; `main.ts` is the process entry.
 *
 * @module
 */
export { createApp, type AppDependencies, type ServerApp } from './app.js';
export type { AppContext, AppServices } from './app-context.js';
export { startServer, type ServerHandle, type StartServerOptions } from './start-server.js';
export { buildServices, type BuildServicesOptions, type Services } from './build-services.js';
export { CoreRecommender, type CoreRecommenderOptions } from './adapters/core-recommender.js';
export { SpotifyPlaylistResolver, type SpotifyPlaylistResolverOptions } from './adapters/spotify-playlist-resolver.js';
export { SongsBaseFeatures } from './adapters/songs-base-features.js';
export { feedTask, type FeedTaskOptions } from './adapters/feed-task.js';
export { createPipelineParamsStore, defaultPipelineParams, pipelineParamsValidator, readPipelineConfigTexts, type PipelineConfigTexts } from './adapters/pipeline-params.js';
export {
  PIPELINE_JOB_ENV,
  pipelineJobSettingsOf,
  pipelineJobSettingsSchema,
  pipelineOptionsOf,
  pipelinePathsOf,
  runPipelineJob,
  type PipelineJobResult,
  type PipelineJobSettings,
} from './adapters/pipeline-job.js';
export { bundleVersionOf, loadBundle, type LoadedBundle } from './adapters/recommender-bundle.js';
export { ServerConfigError, ENV_VARIABLES, loadServerConfig, publicOriginOf, serverConfigSchema, type ServerConfig, type ServerConfigInput } from './config/config.js';
export { migrate, MigrationError, openDatabase, type Database } from './db/database.js';
export { MIGRATIONS, type Migration } from './db/migrations.js';
export { systemClock, type Clock } from './clock.js';
export { createJsonLogger, createTextLogger, MemoryLogger, type Logger, type LogLevel } from './logging/logger.js';
export { statusOf } from './http/error-status.js';
export { HTTP_STATUS_BY_CODE } from './http/status-by-code.js';
export { ForbiddenError, HttpError, ServerError, UnauthenticatedError, ValidationError, type RequestIssue } from './http/errors.js';
export { createArgon2Hasher, type Argon2Parameters, type PasswordHasher } from './auth/password-hasher.js';
export { ModelNotReadyError, type RecommendationResult, type RecommendedSong } from './adapters/core-recommender.js';
export { PlaylistResolutionError, type PlaylistResolutionFailure, type PlaylistTrack, type ResolvedPlaylist } from './adapters/spotify-playlist-resolver.js';
export * from './services/model-store.js';
export * from './services/params-store.js';
export * from './services/retrain-job.js';
export * from './services/scheduler.js';
export { CronScheduler, type CronSchedulerOptions } from './services/cron-scheduler.js';
export { ForkRetrainRunner, type ForkRetrainRunnerOptions } from './services/fork-retrain-runner.js';
export { runRetrainWorker, type ReportProgress, type RetrainWorkerInput } from './services/retrain-protocol.js';
export { ParamsFileError, YamlParamsStore, zodParamsValidator, type YamlParamsStoreOptions } from './services/yaml-params-store.js';
export { ClockedMemoryStore } from './http/clocked-memory-store.js';
export type { LimitRule, RateLimitStoreFactory } from './http/rate-limit.js';
