import { ENDPOINTS } from '../http/endpoints.js';
import type { Transport } from '../http/transport.js';
import { validateExperimentName, validateKey, validateTagValue } from '../validation/validate.js';
import { toKeyValues, type Page, type ViewType } from '../wire/common.js';
import { emptyResponse } from '../wire/run.js';
import {
  createExperimentResponse,
  getExperimentResponse,
  searchExperimentsResponse,
  type Experiment,
} from '../wire/experiment.js';
import { isMlflowError } from '../errors/mlflow-error.js';
import { paginate } from '../wire/paginate.js';

/** Per-call options every method accepts. */
export interface CallOptions {
  /** Cancels the call, including waits between retries. */
  readonly signal?: AbortSignal;
}

/** Options of {@link ExperimentsApi.search}. */
export interface SearchExperimentsOptions extends CallOptions {
  /** MLflow filter, e.g. `name LIKE 'clst_%'`. */
  readonly filter?: string;
  /** e.g. `['name ASC']`. */
  readonly orderBy?: readonly string[];
  /** Page size. @default 1000 */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** @default 'ACTIVE_ONLY' */
  readonly viewType?: ViewType;
}

/** Experiments: `/mlflow/experiments/*`. */
export class ExperimentsApi {
  readonly #t: Transport;

  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Creates an experiment and returns its id. Fails with `RESOURCE_ALREADY_EXISTS` if the name is taken. */
  async create(
    name: string,
    options: CallOptions & { readonly artifactLocation?: string; readonly tags?: Readonly<Record<string, string>> } = {},
  ): Promise<string> {
    validateExperimentName('name', name);
    for (const [key, value] of Object.entries(options.tags ?? {})) {
      validateKey(`tags.${key}`, key);
      validateTagValue(`tags.${key}`, value);
    }
    const body = { name, artifact_location: options.artifactLocation, tags: toKeyValues(options.tags) };
    return this.#t.json(ENDPOINTS.createExperiment, { body: { json: body }, signal: options.signal }, createExperimentResponse);
  }

  /** Gets an experiment by id. */
  async get(experimentId: string, options: CallOptions = {}): Promise<Experiment> {
    return this.#t.json(ENDPOINTS.getExperiment, { query: { experiment_id: experimentId }, signal: options.signal }, getExperimentResponse);
  }

  /** Gets an experiment by name, or `undefined` when there is none. */
  async getByName(name: string, options: CallOptions = {}): Promise<Experiment | undefined> {
    try {
      return await this.#t.json(
        ENDPOINTS.getExperimentByName,
        { query: { experiment_name: name }, signal: options.signal },
        getExperimentResponse,
      );
    } catch (error) {
      if (isMlflowError(error, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
      throw error;
    }
  }

  /**
   * Gets the experiment called `name`, creating it when missing. Safe against a concurrent
   * creator: a `RESOURCE_ALREADY_EXISTS` answer is followed by a read.
   */
  async getOrCreate(name: string, options: CallOptions & { readonly tags?: Readonly<Record<string, string>> } = {}): Promise<Experiment> {
    const existing = await this.getByName(name, options);
    if (existing) return existing;
    try {
      return await this.get(await this.create(name, options), options);
    } catch (error) {
      if (!isMlflowError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
      const raced = await this.getByName(name, options);
      if (!raced) throw error;
      return raced;
    }
  }

  /** One page of experiments. */
  async search(options: SearchExperimentsOptions = {}): Promise<Page<Experiment>> {
    const body = {
      filter: options.filter,
      order_by: options.orderBy,
      max_results: options.maxResults ?? 1000,
      page_token: options.pageToken,
      view_type: options.viewType ?? 'ACTIVE_ONLY',
    };
    return this.#t.json(ENDPOINTS.searchExperiments, { body: { json: body }, signal: options.signal }, searchExperimentsResponse);
  }

  /** Every matching experiment, page after page. */
  searchAll(options: Omit<SearchExperimentsOptions, 'pageToken'> = {}): AsyncGenerator<Experiment> {
    return paginate((pageToken) => this.search({ ...options, ...(pageToken ? { pageToken } : {}) }));
  }

  /** Renames an experiment. */
  async rename(experimentId: string, newName: string, options: CallOptions = {}): Promise<void> {
    validateExperimentName('newName', newName);
    await this.#t.json(ENDPOINTS.updateExperiment, { body: { json: { experiment_id: experimentId, new_name: newName } }, signal: options.signal }, emptyResponse);
  }

  /** Marks an experiment deleted (restorable). */
  async delete(experimentId: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteExperiment, { body: { json: { experiment_id: experimentId } }, signal: options.signal }, emptyResponse);
  }

  /** Restores a deleted experiment. */
  async restore(experimentId: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.restoreExperiment, { body: { json: { experiment_id: experimentId } }, signal: options.signal }, emptyResponse);
  }

  /** Sets a tag on an experiment. */
  async setTag(experimentId: string, key: string, value: string, options: CallOptions = {}): Promise<void> {
    validateKey('key', key);
    validateTagValue('value', value);
    await this.#t.json(
      ENDPOINTS.setExperimentTag,
      { body: { json: { experiment_id: experimentId, key, value } }, signal: options.signal },
      emptyResponse,
    );
  }

  /** Deletes a tag of an experiment (MLflow ≥ 2.x servers that have `delete-experiment-tag`). */
  async deleteTag(experimentId: string, key: string, options: CallOptions = {}): Promise<void> {
    validateKey('key', key);
    await this.#t.json(ENDPOINTS.deleteExperimentTag, { body: { json: { experiment_id: experimentId, key } }, signal: options.signal }, emptyResponse);
  }
}
