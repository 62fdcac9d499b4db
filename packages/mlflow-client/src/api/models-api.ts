import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlflowError, MlflowHttpError } from '../errors/mlflow-error.js';
import type { LogModelOptions, LoggedModelRef, DownloadedModel } from '../models/log-model-options.js';
import { MSR_FLAVOR, mlflowUtcTime, mlmodelToDict, parseMLmodel, stringifyMLmodel, type MLmodel } from '../models/mlmodel.js';
import { parseModelUri } from '../models/model-uri.js';
import { ENDPOINTS } from '../http/endpoints.js';
import type { Transport } from '../http/transport.js';
import { validateKey, validateRunId } from '../validation/validate.js';
import { emptyResponse } from '../wire/run.js';
import type { LoggedModel } from '../wire/logged-model.js';
import type { ModelVersion } from '../wire/registry.js';
import type { ArtifactsApi } from './artifacts-api.js';
import type { CallOptions } from './experiments-api.js';
import type { LoggedModelsApi } from './logged-models-api.js';
import type { RegistryApi } from './registry-api.js';
import type { RunsApi } from './runs-api.js';

/** Tag on a logged model listing the registered versions made from it (MLflow 3.x). */
const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

/** The sibling APIs {@link ModelsApi} builds on. */
export interface ModelsApiDeps {
  readonly transport: Transport;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly loggedModels: LoggedModelsApi;
  readonly registry: RegistryApi;
}

/**
 * Logging, registering and loading models the way the MLflow UI shows them: an `MLmodel` file
 * with our `msr` flavor next to the model's files. Uses MLflow 3.x logged models when the server
 * has them and falls back to 2.x run artifacts + `runs/log-model` otherwise (probed once).
 */
export class ModelsApi {
  readonly #d: ModelsApiDeps;
  #hasLoggedModels: Promise<boolean> | undefined;

  constructor(deps: ModelsApiDeps) {
    this.#d = deps;
  }

  /**
   * Whether the server has MLflow 3.x logged models (probed with a one-item search, cached).
   * A 404 or 405 means a 2.x server.
   */
  supportsLoggedModels(experimentId: string, options: CallOptions = {}): Promise<boolean> {
    this.#hasLoggedModels ??= this.#d.loggedModels.search({ experimentIds: [experimentId], maxResults: 1, ...options }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof MlflowHttpError && (error.status === 404 || error.status === 405 || error.code === 'ENDPOINT_NOT_FOUND')) return false;
        this.#hasLoggedModels = undefined;
        throw error;
      },
    );
    return this.#hasLoggedModels;
  }

  /**
   * Logs the directory `options.dir` as a model of run `runId`.
   * @example
   * ```ts
   * const ref = await client.models.log(runId, { dir: 'artifacts/model', flavor: { bundle: 'model.json' } });
   * await client.models.register('msr-recommender', ref.modelUri);
   * ```
   */
  async log(runId: string, options: LogModelOptions, call: CallOptions = {}): Promise<LoggedModelRef> {
    validateRunId('runId', runId);
    const name = options.name ?? 'model';
    validateKey('options.name', name);
    const run = await this.#d.runs.get(runId, call);
    const mode =
      options.mode === undefined || options.mode === 'auto'
        ? (await this.supportsLoggedModels(run.info.experimentId, call))
          ? 'logged-model'
          : 'run-artifacts'
        : options.mode;
    const now = this.#d.transport.options.now();
    const base = {
      flavors: { [MSR_FLAVOR]: { ...options.flavor } },
      runId,
      utcTimeCreated: mlflowUtcTime(now),
      signature: options.signature,
    };
    if (mode === 'run-artifacts') {
      const mlmodel: MLmodel = { ...base, artifactPath: name, modelUuid: randomUUID().replace(/-/g, ''), modelId: undefined };
      const artifactUri = `${run.info.artifactUri.replace(/\/+$/, '')}/${name}`;
      await this.#d.artifacts.uploadTo(run.info.artifactUri, options.dir, name, call);
      await this.#putMLmodel(artifactUri, mlmodel, call);
      await this.#d.transport.json(
        ENDPOINTS.logModel,
        { body: { json: { run_id: runId, model_json: JSON.stringify(mlmodelToDict(mlmodel)) } }, signal: call.signal },
        emptyResponse,
      );
      return { modelUri: `runs:/${runId}/${name}`, mode, runId, modelId: undefined, artifactUri, mlmodel };
    }
    const created = await this.#d.loggedModels.create({
      experimentId: run.info.experimentId,
      name,
      sourceRunId: runId,
      modelType: MSR_FLAVOR,
      ...(options.params ? { params: options.params } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...call,
    });
    const mlmodel: MLmodel = { ...base, artifactPath: created.artifactUri, modelUuid: created.modelId, modelId: created.modelId };
    try {
      await this.#d.artifacts.uploadTo(created.artifactUri, options.dir, undefined, call);
      await this.#putMLmodel(created.artifactUri, mlmodel, call);
      await this.#d.loggedModels.linkToRun(runId, [created.modelId], 0, call);
      await this.#d.loggedModels.finalize(created.modelId, 'LOGGED_MODEL_READY', call);
    } catch (error) {
      // Leave the model marked failed rather than pending forever; the original error wins.
      await this.#d.loggedModels.finalize(created.modelId, 'LOGGED_MODEL_UPLOAD_FAILED').catch(() => undefined);
      throw error;
    }
    return { modelUri: `models:/${created.modelId}`, mode, runId, modelId: created.modelId, artifactUri: created.artifactUri, mlmodel };
  }

  /**
   * Resolves a model URI to the artifact URI of the model's root folder.
   *
   * `runs:/<run id>/<name>[/<sub path>]` resolves as MLflow 3.x does: to the run's artifacts at
   * `<name>` when an `MLmodel` file is there (every 2.x model, and 3.x models logged as run
   * artifacts), otherwise to the logged model called `<name>` that the run produced (3.x keeps
   * models outside the run's artifacts, at `models:/m-…`).
   */
  async resolve(uri: string, call: CallOptions = {}): Promise<string> {
    const parsed = parseModelUri(uri);
    switch (parsed.kind) {
      case 'run':
        return (await this.#resolveRun(parsed.runId, parsed.path, call)).root;
      case 'logged-model':
        return (await this.#d.loggedModels.get(parsed.modelId, call)).artifactUri;
      case 'alias': {
        const version = await this.#d.registry.getVersionByAlias(parsed.name, parsed.alias, call);
        if (!version) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `registered model ${parsed.name} has no alias ${parsed.alias}`);
        return this.#versionRoot(version, call);
      }
      case 'version':
        return this.#versionRoot(await this.#d.registry.getVersion(parsed.name, parsed.version, call), call);
    }
  }

  /**
   * Downloads a model by `runs:/<run id>/<path>`, `models:/<model id>`, `models:/<name>@<alias>`
   * or `models:/<name>/<version>` into `destDir` and reads its `MLmodel`.
   */
  async download(uri: string, destDir: string, call: CallOptions = {}): Promise<DownloadedModel> {
    const root = await this.resolve(uri, call);
    await this.#d.artifacts.downloadFrom(root, '', destDir, call);
    const text = await readFile(join(destDir, 'MLmodel'), 'utf8').catch((cause: unknown) => {
      throw new MlflowError('ERR_BAD_MLMODEL', `${uri}: no MLmodel file in the model's folder`, { cause });
    });
    return { dir: destDir, mlmodel: parseMLmodel(text, `${uri}/MLmodel`) };
  }

  /**
   * Registers the model at `modelUri` as a new version of `name` (creating the registered model
   * when missing), the way MLflow's `register_model` does.
   */
  async register(name: string, modelUri: string, call: CallOptions & { readonly tags?: Readonly<Record<string, string>> } = {}): Promise<ModelVersion> {
    await this.#d.registry.getOrCreateModel(name, call);
    const parsed = parseModelUri(modelUri);
    if (parsed.kind === 'logged-model') {
      const model = await this.#d.loggedModels.get(parsed.modelId, call);
      const version = await this.#d.registry.createVersion(name, {
        source: modelUri,
        modelId: model.modelId,
        ...(model.sourceRunId ? { runId: model.sourceRunId } : {}),
        ...call,
      });
      await this.#linkVersion(model, version, call);
      return version;
    }
    if (parsed.kind === 'run') {
      // As MLflow 3.x's register_model: a run's logged model is registered by its id.
      const resolved = await this.#resolveRun(parsed.runId, parsed.path, call);
      if (resolved.modelId) return this.register(name, `models:/${resolved.modelId}`, call);
      return this.#d.registry.createVersion(name, { source: resolved.root, runId: parsed.runId, ...call });
    }
    const version =
      parsed.kind === 'alias'
        ? await this.#d.registry.getVersionByAlias(parsed.name, parsed.alias, call)
        : await this.#d.registry.getVersion(parsed.name, parsed.version, call);
    if (!version) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `${modelUri} does not resolve to a model version`);
    return this.#d.registry.createVersion(name, {
      source: version.source,
      ...(version.runId ? { runId: version.runId } : {}),
      ...(version.modelId ? { modelId: version.modelId } : {}),
      ...call,
    });
  }

  /**
   * Where `runs:/<runId>/<path>` lives: the run's artifacts when they hold an `MLmodel` at
   * `path`, else (3.x) the logged model named after the first segment of `path` whose source is
   * the run — the one linked at the highest step when there are several, as MLflow picks it.
   * Falls back to the run's artifacts, so a missing model fails with `ERR_BAD_MLMODEL`.
   */
  async #resolveRun(runId: string, path: string, call: CallOptions): Promise<{ root: string; modelId?: string }> {
    const run = await this.#d.runs.get(runId, call);
    const root = `${run.info.artifactUri.replace(/\/+$/, '')}/${path}`;
    const files = await this.#d.artifacts.list(runId, path, call);
    if (files.some((f) => f.path === `${path}/MLmodel`)) return { root };
    if (!(await this.supportsLoggedModels(run.info.experimentId, call))) return { root };
    const [name = path, ...rest] = path.split('/');
    const steps = new Map(run.modelOutputs.map((o) => [o.modelId, o.step]));
    // Rank: the step the run linked it at, then the newest.
    const rank = (m: LoggedModel): [number, number] => [steps.get(m.modelId) ?? -1, m.creationTimestamp ?? 0];
    let best: LoggedModel | undefined;
    for await (const model of this.#loggedModelsNamed(run.info.experimentId, name, call)) {
      if (model.sourceRunId !== runId) continue;
      const [step, created] = rank(model);
      const [bestStep, bestCreated] = best ? rank(best) : [-Infinity, -Infinity];
      if (step > bestStep || (step === bestStep && created > bestCreated)) best = model;
    }
    if (!best) return { root };
    return { root: rest.length > 0 ? `${best.artifactUri.replace(/\/+$/, '')}/${rest.join('/')}` : best.artifactUri, modelId: best.modelId };
  }

  async *#loggedModelsNamed(experimentId: string, name: string, call: CallOptions): AsyncGenerator<LoggedModel> {
    let pageToken: string | undefined;
    do {
      const page = await this.#d.loggedModels.search({
        experimentIds: [experimentId],
        filter: `name = '${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
        ...(pageToken ? { pageToken } : {}),
        ...call,
      });
      yield* page.items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /**
   * Records the new version on its logged model (tag `mlflow.modelVersions`, a JSON list of
   * `{ name, version }`), as MLflow's `register_model` does: the UI's link from a logged model
   * to its versions, and the only one a SQL-backed 3.x server keeps (it does not store a
   * version's `model_id`; its `source` is `models:/<model id>`).
   */
  async #linkVersion(model: LoggedModel, version: ModelVersion, call: CallOptions): Promise<void> {
    const previous = model.tags[MODEL_VERSIONS_TAG];
    const list = previous ? (JSON.parse(previous) as unknown[]) : [];
    list.push({ name: version.name, version: version.version });
    await this.#d.loggedModels.setTags(model.modelId, { [MODEL_VERSIONS_TAG]: JSON.stringify(list) }, call);
  }

  async #versionRoot(version: ModelVersion, call: CallOptions): Promise<string> {
    if (version.source.startsWith('models:/') || version.source.startsWith('runs:/')) return this.resolve(version.source, call);
    if (version.modelId) return (await this.#d.loggedModels.get(version.modelId, call)).artifactUri;
    return version.source;
  }

  async #putMLmodel(artifactUri: string, mlmodel: MLmodel, call: CallOptions): Promise<void> {
    await this.#d.artifacts.putBytes(artifactUri, 'MLmodel', new TextEncoder().encode(stringifyMLmodel(mlmodel)), call);
  }
}
