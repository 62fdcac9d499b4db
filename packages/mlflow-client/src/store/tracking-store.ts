import type { CallOptions } from '../api/experiments-api.js';
import type { CreateRunOptions, SearchRunsOptions } from '../api/runs-api.js';
import type { LogBatchInput } from '../batching/split-batch.js';
import type { DownloadedModel, LogModelOptions, LoggedModelRef } from '../models/log-model-options.js';
import type { FileInfo } from '../wire/artifact.js';
import type { Page } from '../wire/common.js';
import type { Experiment } from '../wire/experiment.js';
import type { ModelVersion } from '../wire/registry.js';
import type { Metric, Run, RunStatus } from '../wire/run.js';

/**
 * What the pipeline needs from experiment tracking, implemented alike by an MLflow server
 * ({@link RestTrackingStore}) and by files under `./mlruns` ({@link LocalTrackingStore}), so a
 * caller takes either. Both validate input the same way, throw {@link MlflowError}s with
 * MLflow's codes (`RESOURCE_DOES_NOT_EXIST`, `INVALID_PARAMETER_VALUE`, …), and order and page
 * searches the same way. Every method takes an optional `signal`.
 *
 * @example
 * ```ts
 * const store = createTrackingStore({ uri: process.env.MLFLOW_TRACKING_URI ?? './mlruns' });
 * const experiment = await store.getOrCreateExperiment('music_clf');
 * await withRun(store, { experimentId: experiment.experimentId, runName: 'gbc' }, async (run) => {
 *   await store.logBatch(run.info.runId, { params: { max_depth: 5 }, metrics: [{ key: 'accuracy', value: 0.91 }] });
 *   await store.logModel(run.info.runId, { dir: 'artifacts/model', flavor: { bundle: 'model.json' } });
 * });
 * const best = await getBestRun(store, { experimentName: 'music_clf', metric: 'accuracy', order: 'DESC' });
 * ```
 */
export interface TrackingStore {
  /** `rest` for a server, `local` for the file store. */
  readonly kind: 'rest' | 'local';
  /** The server URL or the `mlruns` folder. */
  readonly location: string;

  /** The experiment called `name`, or `undefined`. */
  getExperimentByName(name: string, options?: CallOptions): Promise<Experiment | undefined>;
  /** The experiment called `name`, created (with `tags`) when missing. */
  getOrCreateExperiment(name: string, options?: CallOptions & { readonly tags?: Readonly<Record<string, string>> }): Promise<Experiment>;
  /** An experiment by id; `RESOURCE_DOES_NOT_EXIST` when there is none. */
  getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment>;

  /** Starts a run (status RUNNING). */
  createRun(options: CreateRunOptions): Promise<Run>;
  /** A run with its latest metrics, params and tags. */
  getRun(runId: string, options?: CallOptions): Promise<Run>;
  /** Ends a run with `status` (default FINISHED) at `endTime` (default now). */
  endRun(runId: string, status?: RunStatus, endTime?: number, options?: CallOptions): Promise<void>;
  /** Sets one tag. */
  setTag(runId: string, key: string, value: string, options?: CallOptions): Promise<void>;
  /** Logs metrics, params and tags; validated first, split to the server's limits, never twice. */
  logBatch(runId: string, input: LogBatchInput, options?: CallOptions): Promise<void>;
  /** Every point of a metric, in logging order. */
  getMetricHistory(runId: string, key: string, options?: CallOptions): Promise<Metric[]>;
  /** One page of runs: MLflow filter syntax, `orderBy` like `metrics.accuracy DESC`. */
  searchRuns(options: SearchRunsOptions): Promise<Page<Run>>;
  /** Every matching run, page after page. */
  searchAllRuns(options: Omit<SearchRunsOptions, 'pageToken'>): AsyncIterable<Run>;

  /** Copies a file or a directory into the run's artifacts (at `artifactPath`); returns the stored paths. */
  logArtifacts(runId: string, localPath: string, artifactPath?: string, options?: CallOptions): Promise<string[]>;
  /** The entries directly below `path` of a run's artifacts. */
  listArtifacts(runId: string, path?: string, options?: CallOptions): Promise<FileInfo[]>;
  /** Copies a run's artifact (file or directory) into `destDir`; returns its local path. */
  downloadArtifacts(runId: string, path: string, destDir: string, options?: CallOptions): Promise<string>;

  /** Logs `options.dir` as a model of the run, with an `MLmodel` file (flavor `msr`). */
  logModel(runId: string, options: LogModelOptions, call?: CallOptions): Promise<LoggedModelRef>;
  /** Downloads a model by `runs:/…`, `models:/<id>`, `models:/<name>@<alias>` or `models:/<name>/<version>`. */
  downloadModel(uri: string, destDir: string, options?: CallOptions): Promise<DownloadedModel>;
  /** Registers the model at `modelUri` as a new version of `name` (created when missing). */
  registerModel(name: string, modelUri: string, options?: CallOptions): Promise<ModelVersion>;
  /** Points `alias` (e.g. `champion`) of registered model `name` at `version`. */
  setModelAlias(name: string, alias: string, version: string, options?: CallOptions): Promise<void>;
  /** The version `alias` points at, or `undefined`. */
  getModelVersionByAlias(name: string, alias: string, options?: CallOptions): Promise<ModelVersion | undefined>;
}
