import { ENDPOINTS } from '../http/endpoints.js';
import type { Transport } from '../http/transport.js';
import { toKeyValues, type Page } from '../wire/common.js';
import {
  loggedModelResponse,
  searchLoggedModelsResponse,
  type LoggedModel,
  type LoggedModelStatus,
} from '../wire/logged-model.js';
import { emptyResponse } from '../wire/run.js';
import type { CallOptions } from './experiments-api.js';

/** Options of {@link LoggedModelsApi.create}. */
export interface CreateLoggedModelOptions extends CallOptions {
  readonly experimentId: string;
  readonly name: string;
  /** The run that produced the model. */
  readonly sourceRunId?: string;
  /** Free text, e.g. `msr-recommender`. */
  readonly modelType?: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

/** MLflow 3.x logged models: `/mlflow/logged-models`. Absent on 2.x servers (they answer 404). */
export class LoggedModelsApi {
  readonly #t: Transport;

  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Creates a logged model in PENDING state; upload its files to `artifactUri`, then {@link finalize}. */
  async create(options: CreateLoggedModelOptions): Promise<LoggedModel> {
    const body = {
      experiment_id: options.experimentId,
      name: options.name,
      source_run_id: options.sourceRunId,
      model_type: options.modelType,
      params: toKeyValues(options.params),
      tags: toKeyValues(options.tags),
    };
    return this.#t.json(ENDPOINTS.createLoggedModel, { body: { json: body }, signal: options.signal }, loggedModelResponse);
  }

  /** Gets a logged model. */
  async get(modelId: string, options: CallOptions = {}): Promise<LoggedModel> {
    return this.#t.json(ENDPOINTS.getLoggedModel, { pathParams: { modelId }, signal: options.signal }, loggedModelResponse);
  }

  /** Sets a logged model's final status (READY once its files are uploaded). */
  async finalize(modelId: string, status: LoggedModelStatus = 'LOGGED_MODEL_READY', options: CallOptions = {}): Promise<LoggedModel> {
    return this.#t.json(
      ENDPOINTS.finalizeLoggedModel,
      { pathParams: { modelId }, body: { json: { model_id: modelId, status } }, signal: options.signal },
      loggedModelResponse,
    );
  }

  /** Deletes a logged model. */
  async delete(modelId: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteLoggedModel, { pathParams: { modelId }, signal: options.signal }, emptyResponse);
  }

  /** Sets tags on a logged model. */
  async setTags(modelId: string, tags: Readonly<Record<string, string>>, options: CallOptions = {}): Promise<void> {
    await this.#t.json(
      ENDPOINTS.setLoggedModelTags,
      { pathParams: { modelId }, body: { json: { model_id: modelId, tags: toKeyValues(tags) } }, signal: options.signal },
      emptyResponse,
    );
  }

  /** One page of logged models of some experiments. */
  async search(
    options: CallOptions & { readonly experimentIds: readonly string[]; readonly filter?: string; readonly maxResults?: number; readonly pageToken?: string },
  ): Promise<Page<LoggedModel>> {
    const body = {
      experiment_ids: options.experimentIds,
      filter: options.filter,
      max_results: options.maxResults ?? 100,
      page_token: options.pageToken,
    };
    return this.#t.json(ENDPOINTS.searchLoggedModels, { body: { json: body }, signal: options.signal }, searchLoggedModelsResponse);
  }

  /** Links logged models to a run as its outputs (`runs/outputs`), as MLflow's `log_model` does. */
  async linkToRun(runId: string, modelIds: readonly string[], step = 0, options: CallOptions = {}): Promise<void> {
    const body = { run_id: runId, models: modelIds.map((model_id) => ({ model_id, step })) };
    await this.#t.json(ENDPOINTS.logOutputs, { body: { json: body }, signal: options.signal }, emptyResponse);
  }
}
