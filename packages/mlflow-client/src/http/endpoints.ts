/**
 * Every REST endpoint the client calls, with whether a failed call may be sent again.
 *
 * Retryability is a property of the endpoint, not of the HTTP verb: `runs/search` is a read-only
 * POST and is retried; `runs/log-metric` appends a point and is not blindly repeated.
 *
 * - `idempotent`: repeating the call leaves the server as one call would (reads, set/delete of a
 *   tag or alias, update, delete, restore, upload to a fixed path, log-parameter with the same
 *   value). Retried on 408, 429, 5xx, attempt timeouts and network errors.
 * - `reconcile`: appends data (`log-metric`, `log-batch`). After an answer that leaves it unknown
 *   whether the server applied the call (5xx, timeout, dropped connection) the client reads back
 *   what landed (metric history, params) and resends only what is missing, so nothing is logged
 *   twice. 429 and refused connections are retried directly.
 * - `create`: creates something with a server-chosen id (runs/create, model-versions/create, …).
 *   Retried only when the server provably did not act: a refused connection or unknown host
 *   (nothing was sent) or a 429 (rejected by the rate limiter).
 */
export type RetryClass = 'idempotent' | 'reconcile' | 'create';

/** One REST endpoint: method, path below `/api/2.0/`, and its {@link RetryClass}. */
export interface EndpointSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path below `/api/2.0/`; `{name}` marks a path parameter. */
  readonly path: string;
  readonly retry: RetryClass;
}

const e = (method: EndpointSpec['method'], path: string, retry: RetryClass): EndpointSpec => ({ method, path, retry });

/** The endpoints, by the name of the client method that calls them. Documented in `docs/guides/mlflow.md`. */
export const ENDPOINTS = {
  createExperiment: e('POST', 'mlflow/experiments/create', 'create'),
  getExperiment: e('GET', 'mlflow/experiments/get', 'idempotent'),
  getExperimentByName: e('GET', 'mlflow/experiments/get-by-name', 'idempotent'),
  searchExperiments: e('POST', 'mlflow/experiments/search', 'idempotent'),
  updateExperiment: e('POST', 'mlflow/experiments/update', 'idempotent'),
  deleteExperiment: e('POST', 'mlflow/experiments/delete', 'idempotent'),
  restoreExperiment: e('POST', 'mlflow/experiments/restore', 'idempotent'),
  setExperimentTag: e('POST', 'mlflow/experiments/set-experiment-tag', 'idempotent'),
  deleteExperimentTag: e('POST', 'mlflow/experiments/delete-experiment-tag', 'idempotent'),

  createRun: e('POST', 'mlflow/runs/create', 'create'),
  getRun: e('GET', 'mlflow/runs/get', 'idempotent'),
  updateRun: e('POST', 'mlflow/runs/update', 'idempotent'),
  deleteRun: e('POST', 'mlflow/runs/delete', 'idempotent'),
  restoreRun: e('POST', 'mlflow/runs/restore', 'idempotent'),
  searchRuns: e('POST', 'mlflow/runs/search', 'idempotent'),
  setTag: e('POST', 'mlflow/runs/set-tag', 'idempotent'),
  deleteTag: e('POST', 'mlflow/runs/delete-tag', 'idempotent'),
  logParam: e('POST', 'mlflow/runs/log-parameter', 'idempotent'),
  logMetric: e('POST', 'mlflow/runs/log-metric', 'reconcile'),
  logBatch: e('POST', 'mlflow/runs/log-batch', 'reconcile'),
  logInputs: e('POST', 'mlflow/runs/log-inputs', 'create'),
  logOutputs: e('POST', 'mlflow/runs/outputs', 'create'),
  logModel: e('POST', 'mlflow/runs/log-model', 'create'),
  getMetricHistory: e('GET', 'mlflow/metrics/get-history', 'idempotent'),
  listArtifacts: e('GET', 'mlflow/artifacts/list', 'idempotent'),

  createLoggedModel: e('POST', 'mlflow/logged-models', 'create'),
  getLoggedModel: e('GET', 'mlflow/logged-models/{modelId}', 'idempotent'),
  finalizeLoggedModel: e('PATCH', 'mlflow/logged-models/{modelId}', 'idempotent'),
  deleteLoggedModel: e('DELETE', 'mlflow/logged-models/{modelId}', 'idempotent'),
  searchLoggedModels: e('POST', 'mlflow/logged-models/search', 'idempotent'),
  setLoggedModelTags: e('PATCH', 'mlflow/logged-models/{modelId}/tags', 'idempotent'),

  createRegisteredModel: e('POST', 'mlflow/registered-models/create', 'create'),
  getRegisteredModel: e('GET', 'mlflow/registered-models/get', 'idempotent'),
  renameRegisteredModel: e('POST', 'mlflow/registered-models/rename', 'create'),
  updateRegisteredModel: e('PATCH', 'mlflow/registered-models/update', 'idempotent'),
  deleteRegisteredModel: e('DELETE', 'mlflow/registered-models/delete', 'idempotent'),
  searchRegisteredModels: e('GET', 'mlflow/registered-models/search', 'idempotent'),
  setRegisteredModelTag: e('POST', 'mlflow/registered-models/set-tag', 'idempotent'),
  deleteRegisteredModelTag: e('DELETE', 'mlflow/registered-models/delete-tag', 'idempotent'),
  setRegisteredModelAlias: e('POST', 'mlflow/registered-models/alias', 'idempotent'),
  deleteRegisteredModelAlias: e('DELETE', 'mlflow/registered-models/alias', 'idempotent'),
  getModelVersionByAlias: e('GET', 'mlflow/registered-models/alias', 'idempotent'),
  createModelVersion: e('POST', 'mlflow/model-versions/create', 'create'),
  getModelVersion: e('GET', 'mlflow/model-versions/get', 'idempotent'),
  updateModelVersion: e('PATCH', 'mlflow/model-versions/update', 'idempotent'),
  deleteModelVersion: e('DELETE', 'mlflow/model-versions/delete', 'idempotent'),
  searchModelVersions: e('GET', 'mlflow/model-versions/search', 'idempotent'),
  setModelVersionTag: e('POST', 'mlflow/model-versions/set-tag', 'idempotent'),
  deleteModelVersionTag: e('DELETE', 'mlflow/model-versions/delete-tag', 'idempotent'),
  getModelVersionDownloadUri: e('GET', 'mlflow/model-versions/get-download-uri', 'idempotent'),

  uploadArtifact: e('PUT', 'mlflow-artifacts/artifacts/{path}', 'idempotent'),
  downloadArtifact: e('GET', 'mlflow-artifacts/artifacts/{path}', 'idempotent'),
  listProxiedArtifacts: e('GET', 'mlflow-artifacts/artifacts', 'idempotent'),
  deleteArtifact: e('DELETE', 'mlflow-artifacts/artifacts/{path}', 'idempotent'),
} as const satisfies Record<string, EndpointSpec>;

/** Name of an endpoint in {@link ENDPOINTS}. */
export type EndpointName = keyof typeof ENDPOINTS;
