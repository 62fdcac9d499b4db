/**
 * `@msr/mlflow-client` — a typed MLflow client for Node.
 *
 * - {@link MlflowClient}: the REST API (`/api/2.0`) grouped as experiments, runs, artifacts
 *   (through the server's proxy), logged models (MLflow 3.x), the model registry and models;
 *   retries decided per endpoint ({@link ENDPOINTS}), typed errors carrying MLflow's `error_code`.
 * - {@link TrackingStore}: what a pipeline needs, implemented by {@link RestTrackingStore} (a
 *   server) and {@link LocalTrackingStore} (MLflow's file layout under `./mlruns`), plus
 *   {@link withRun}, {@link getBestRun} and {@link pushLocalRuns}.
 *
 * @example
 * ```ts
 * import { createTrackingStore, withRun, getBestRun } from '@msr/mlflow-client';
 *
 * const store = createTrackingStore({ uri: 'http://127.0.0.1:5000' }); // or { uri: 'mlruns', baseDir }
 * await withRun(store, { experimentName: 'music_clf' }, async (run) => {
 *   await store.logBatch(run.info.runId, { params: { max_depth: 5 }, metrics: [{ key: 'accuracy', value: 0.91 }] });
 * });
 * const best = await getBestRun(store, { experimentName: 'music_clf', metric: 'accuracy' });
 * ```
 *
 * @module
 */
export { ArtifactsApi, proxyPath } from './api/artifacts-api.js';
export { ExperimentsApi, type CallOptions, type SearchExperimentsOptions } from './api/experiments-api.js';
export { LoggedModelsApi, type CreateLoggedModelOptions } from './api/logged-models-api.js';
export { ModelsApi, type ModelsApiDeps } from './api/models-api.js';
export { RegistryApi, type CreateModelVersionOptions, type SearchRegistryOptions } from './api/registry-api.js';
export { RunsApi, type CreateRunOptions, type SearchRunsOptions } from './api/runs-api.js';
export { normalizeBatch, type NormalizedBatch } from './batching/normalize-batch.js';
export {
  DEFAULT_BATCH_LIMITS,
  splitBatch,
  type BatchChunk,
  type BatchMetric,
  type BatchLimits,
  type LogBatchInput,
  type MetricInput,
} from './batching/split-batch.js';
export {
  MlflowClient,
  createMlflowClient,
  createMlflowClientFromEnv,
  type CreateMlflowClientOptions,
  type MlflowEnv,
} from './client/mlflow-client.js';
export {
  MlflowAbortError,
  MlflowError,
  MlflowHttpError,
  MlflowLocalStoreError,
  MlflowNetworkError,
  MlflowResponseError,
  MlflowTimeoutError,
  MlflowValidationError,
  isMlflowError,
} from './errors/mlflow-error.js';
export { abortableSleep, parseRetryAfter, type RequestTarget } from '@msr/io/http';
export { ENDPOINTS, type EndpointName, type EndpointSpec, type RetryClass } from './http/endpoints.js';
export {
  type MlflowAuth,
  type MlflowClientOptions,
  type NormalizedOptions,
  type RetryEvent,
  type RetryOptions,
} from './http/options.js';
export { decideRetry, type RetryDecision } from './http/retry.js';
export { Transport, type CallInit, type Query, type Reconciled, type RequestBody } from './http/transport.js';
export type { DownloadedModel, LogModelOptions, LoggedModelRef } from './models/log-model-options.js';
export { MSR_FLAVOR, parseMLmodel, stringifyMLmodel, type ColumnSpec, type MLmodel, type ModelSignature } from './models/mlmodel.js';
export { parseModelUri, type ModelUri } from './models/model-uri.js';
export {
  createTrackingStore,
  createTrackingStoreFromEnv,
  type CreateTrackingStoreOptions,
  type TrackingStoreFromEnvOptions,
} from './store/create-tracking-store.js';
export { getBestRun, type GetBestRunOptions } from './store/get-best-run.js';
export { LocalRegistry } from './store/local/local-registry.js';
export { LocalTrackingStore, type LocalTrackingStoreOptions } from './store/local/local-tracking-store.js';
export {
  LOCAL_RUN_TAG,
  LOCAL_VERSION_TAG,
  PUSHED_MODELS_TAG,
  PUSH_COMPLETE_TAG,
  pushLocalRuns,
  type PushLocalRunsOptions,
  type PushProgress,
  type RegistryPushProgress,
} from './store/push-local-runs.js';
export { RestTrackingStore } from './store/rest-tracking-store.js';
export type { TrackingStore } from './store/tracking-store.js';
export { ERROR_TAG, withRun, type WithRunOptions } from './store/with-run.js';
export {
  LIMITS,
  validateExperimentName,
  validateKey,
  validateMetricPoint,
  validateName,
  validateParamValue,
  validateRunId,
  validateTagValue,
} from './validation/validate.js';
export type { FileInfo } from './wire/artifact.js';
export type { LifecycleStage, Page, ViewType } from './wire/common.js';
export type { Experiment } from './wire/experiment.js';
export type { LoggedModel, LoggedModelStatus } from './wire/logged-model.js';
export type { ModelVersion, RegisteredModel } from './wire/registry.js';
export { RUN_STATUSES, type DatasetInput, type Metric, type Run, type RunData, type RunInfo, type RunStatus } from './wire/run.js';
