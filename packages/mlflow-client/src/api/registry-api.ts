import { isMlflowError } from '../errors/mlflow-error.js';
import { ENDPOINTS } from '../http/endpoints.js';
import type { Transport } from '../http/transport.js';
import { validateName } from '../validation/validate.js';
import { toKeyValues, type Page } from '../wire/common.js';
import {
  downloadUriResponse,
  modelVersionResponse,
  registeredModelResponse,
  searchModelVersionsResponse,
  searchRegisteredModelsResponse,
  type ModelVersion,
  type RegisteredModel,
} from '../wire/registry.js';
import { emptyResponse } from '../wire/run.js';
import type { CallOptions } from './experiments-api.js';

/** Options of {@link RegistryApi.createVersion}. */
export interface CreateModelVersionOptions extends CallOptions {
  /** Where the files are: `runs:/<run id>/<path>`, `models:/<model id>` or the artifact URI. */
  readonly source: string;
  readonly runId?: string;
  /** MLflow 3.x logged model id. */
  readonly modelId?: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Options of the registry's search methods. */
export interface SearchRegistryOptions extends CallOptions {
  /** e.g. `name LIKE 'msr%'` or `name = 'msr' and run_id = '…'`. */
  readonly filter?: string;
  readonly orderBy?: readonly string[];
  /** @default 100 */
  readonly maxResults?: number;
  readonly pageToken?: string;
}

/** The model registry: `/mlflow/registered-models/*`, `/mlflow/model-versions/*`. */
export class RegistryApi {
  readonly #t: Transport;

  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Creates a registered model. Fails with `RESOURCE_ALREADY_EXISTS` if the name is taken. */
  async createModel(
    name: string,
    options: CallOptions & { readonly description?: string; readonly tags?: Readonly<Record<string, string>> } = {},
  ): Promise<RegisteredModel> {
    validateName('name', name);
    const body = { name, description: options.description, tags: toKeyValues(options.tags) };
    return this.#t.json(ENDPOINTS.createRegisteredModel, { body: { json: body }, signal: options.signal }, registeredModelResponse);
  }

  /** Gets a registered model, or `undefined` when there is none. */
  async getModel(name: string, options: CallOptions = {}): Promise<RegisteredModel | undefined> {
    try {
      return await this.#t.json(ENDPOINTS.getRegisteredModel, { query: { name }, signal: options.signal }, registeredModelResponse);
    } catch (error) {
      if (isMlflowError(error, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
      throw error;
    }
  }

  /** Gets the registered model `name`, creating it when missing (race-safe). */
  async getOrCreateModel(name: string, options: CallOptions = {}): Promise<RegisteredModel> {
    const existing = await this.getModel(name, options);
    if (existing) return existing;
    try {
      return await this.createModel(name, options);
    } catch (error) {
      if (!isMlflowError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
      const raced = await this.getModel(name, options);
      if (!raced) throw error;
      return raced;
    }
  }

  /** Renames a registered model. */
  async renameModel(name: string, newName: string, options: CallOptions = {}): Promise<RegisteredModel> {
    validateName('newName', newName);
    return this.#t.json(ENDPOINTS.renameRegisteredModel, { body: { json: { name, new_name: newName } }, signal: options.signal }, registeredModelResponse);
  }

  /** Updates a registered model's description. */
  async updateModel(name: string, description: string, options: CallOptions = {}): Promise<RegisteredModel> {
    return this.#t.json(ENDPOINTS.updateRegisteredModel, { body: { json: { name, description } }, signal: options.signal }, registeredModelResponse);
  }

  /** Deletes a registered model and all its versions. */
  async deleteModel(name: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteRegisteredModel, { body: { json: { name } }, signal: options.signal }, emptyResponse);
  }

  /** One page of registered models. */
  async searchModels(options: SearchRegistryOptions = {}): Promise<Page<RegisteredModel>> {
    const query = { filter: options.filter, order_by: options.orderBy, max_results: options.maxResults ?? 100, page_token: options.pageToken };
    return this.#t.json(ENDPOINTS.searchRegisteredModels, { query, signal: options.signal }, searchRegisteredModelsResponse);
  }

  /** Sets a tag on a registered model. */
  async setModelTag(name: string, key: string, value: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.setRegisteredModelTag, { body: { json: { name, key, value } }, signal: options.signal }, emptyResponse);
  }

  /** Deletes a tag of a registered model. */
  async deleteModelTag(name: string, key: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteRegisteredModelTag, { body: { json: { name, key } }, signal: options.signal }, emptyResponse);
  }

  /** Creates a new version of `name` from `source`. Not retried after an ambiguous failure (it would add a second version). */
  async createVersion(name: string, options: CreateModelVersionOptions): Promise<ModelVersion> {
    validateName('name', name);
    const body = {
      name,
      source: options.source,
      run_id: options.runId,
      model_id: options.modelId,
      description: options.description,
      tags: toKeyValues(options.tags),
    };
    return this.#t.json(ENDPOINTS.createModelVersion, { body: { json: body }, signal: options.signal }, modelVersionResponse);
  }

  /** Gets a model version. */
  async getVersion(name: string, version: string, options: CallOptions = {}): Promise<ModelVersion> {
    return this.#t.json(ENDPOINTS.getModelVersion, { query: { name, version }, signal: options.signal }, modelVersionResponse);
  }

  /** Updates a model version's description. */
  async updateVersion(name: string, version: string, description: string, options: CallOptions = {}): Promise<ModelVersion> {
    return this.#t.json(ENDPOINTS.updateModelVersion, { body: { json: { name, version, description } }, signal: options.signal }, modelVersionResponse);
  }

  /** Deletes a model version. */
  async deleteVersion(name: string, version: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteModelVersion, { body: { json: { name, version } }, signal: options.signal }, emptyResponse);
  }

  /** One page of model versions, e.g. `filter: "name = 'msr'"`. */
  async searchVersions(options: SearchRegistryOptions = {}): Promise<Page<ModelVersion>> {
    const query = { filter: options.filter, order_by: options.orderBy, max_results: options.maxResults ?? 100, page_token: options.pageToken };
    return this.#t.json(ENDPOINTS.searchModelVersions, { query, signal: options.signal }, searchModelVersionsResponse);
  }

  /** Sets a tag on a model version. */
  async setVersionTag(name: string, version: string, key: string, value: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.setModelVersionTag, { body: { json: { name, version, key, value } }, signal: options.signal }, emptyResponse);
  }

  /** Deletes a tag of a model version. */
  async deleteVersionTag(name: string, version: string, key: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteModelVersionTag, { body: { json: { name, version, key } }, signal: options.signal }, emptyResponse);
  }

  /** Points `alias` (e.g. `champion`) at `version`, moving it from any other version. */
  async setAlias(name: string, alias: string, version: string, options: CallOptions = {}): Promise<void> {
    validateName('alias', alias, 'alias');
    await this.#t.json(ENDPOINTS.setRegisteredModelAlias, { body: { json: { name, alias, version } }, signal: options.signal }, emptyResponse);
  }

  /** Removes an alias. */
  async deleteAlias(name: string, alias: string, options: CallOptions = {}): Promise<void> {
    await this.#t.json(ENDPOINTS.deleteRegisteredModelAlias, { body: { json: { name, alias } }, signal: options.signal }, emptyResponse);
  }

  /** The version an alias points at, or `undefined` when the alias is not set. */
  async getVersionByAlias(name: string, alias: string, options: CallOptions = {}): Promise<ModelVersion | undefined> {
    try {
      return await this.#t.json(ENDPOINTS.getModelVersionByAlias, { query: { name, alias }, signal: options.signal }, modelVersionResponse);
    } catch (error) {
      if (isMlflowError(error, 'RESOURCE_DOES_NOT_EXIST') || isMlflowError(error, 'INVALID_PARAMETER_VALUE')) return undefined;
      throw error;
    }
  }

  /** The URI the version's files can be downloaded from. */
  async getVersionDownloadUri(name: string, version: string, options: CallOptions = {}): Promise<string> {
    return this.#t.json(ENDPOINTS.getModelVersionDownloadUri, { query: { name, version }, signal: options.signal }, downloadUriResponse);
  }
}
