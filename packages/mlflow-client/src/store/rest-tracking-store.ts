import type { CallOptions } from '../api/experiments-api.js';
import type { CreateRunOptions, SearchRunsOptions } from '../api/runs-api.js';
import type { LogBatchInput } from '../batching/split-batch.js';
import type { MlflowClient } from '../client/mlflow-client.js';
import type { DownloadedModel, LogModelOptions, LoggedModelRef } from '../models/log-model-options.js';
import type { FileInfo } from '../wire/artifact.js';
import type { Page } from '../wire/common.js';
import type { Experiment } from '../wire/experiment.js';
import type { ModelVersion } from '../wire/registry.js';
import type { Metric, Run, RunStatus } from '../wire/run.js';
import type { TrackingStore } from './tracking-store.js';

/** {@link TrackingStore} on an MLflow server, through an {@link MlflowClient}. */
export class RestTrackingStore implements TrackingStore {
  readonly kind = 'rest';
  /** The client underneath, for everything the store does not cover. */
  readonly client: MlflowClient;

  constructor(client: MlflowClient) {
    this.client = client;
  }

  get location(): string {
    return this.client.trackingUri;
  }

  getExperimentByName(name: string, options?: CallOptions): Promise<Experiment | undefined> {
    return this.client.experiments.getByName(name, options);
  }

  getOrCreateExperiment(name: string, options?: CallOptions & { readonly tags?: Readonly<Record<string, string>> }): Promise<Experiment> {
    return this.client.experiments.getOrCreate(name, options);
  }

  getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment> {
    return this.client.experiments.get(experimentId, options);
  }

  createRun(options: CreateRunOptions): Promise<Run> {
    return this.client.runs.create(options);
  }

  getRun(runId: string, options?: CallOptions): Promise<Run> {
    return this.client.runs.get(runId, options);
  }

  endRun(runId: string, status?: RunStatus, endTime?: number, options?: CallOptions): Promise<void> {
    return this.client.runs.end(runId, status, endTime, options);
  }

  setTag(runId: string, key: string, value: string, options?: CallOptions): Promise<void> {
    return this.client.runs.setTag(runId, key, value, options);
  }

  async logBatch(runId: string, input: LogBatchInput, options?: CallOptions): Promise<void> {
    await this.client.runs.logBatch(runId, input, options);
  }

  getMetricHistory(runId: string, key: string, options?: CallOptions): Promise<Metric[]> {
    return this.client.runs.getMetricHistory(runId, key, options);
  }

  searchRuns(options: SearchRunsOptions): Promise<Page<Run>> {
    return this.client.runs.search(options);
  }

  searchAllRuns(options: Omit<SearchRunsOptions, 'pageToken'>): AsyncIterable<Run> {
    return this.client.runs.searchAll(options);
  }

  logArtifacts(runId: string, localPath: string, artifactPath?: string, options?: CallOptions): Promise<string[]> {
    return this.client.artifacts.upload(runId, localPath, artifactPath, options);
  }

  listArtifacts(runId: string, path?: string, options?: CallOptions): Promise<FileInfo[]> {
    return this.client.artifacts.list(runId, path, options);
  }

  downloadArtifacts(runId: string, path: string, destDir: string, options?: CallOptions): Promise<string> {
    return this.client.artifacts.download(runId, path, destDir, options);
  }

  logModel(runId: string, options: LogModelOptions, call?: CallOptions): Promise<LoggedModelRef> {
    return this.client.models.log(runId, options, call);
  }

  downloadModel(uri: string, destDir: string, options?: CallOptions): Promise<DownloadedModel> {
    return this.client.models.download(uri, destDir, options);
  }

  registerModel(name: string, modelUri: string, options?: CallOptions): Promise<ModelVersion> {
    return this.client.models.register(name, modelUri, options);
  }

  setModelAlias(name: string, alias: string, version: string, options?: CallOptions): Promise<void> {
    return this.client.registry.setAlias(name, alias, version, options);
  }

  getModelVersionByAlias(name: string, alias: string, options?: CallOptions): Promise<ModelVersion | undefined> {
    return this.client.registry.getVersionByAlias(name, alias, options);
  }
}
