import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CallOptions } from '../../api/experiments-api.js';
import type { CreateRunOptions, SearchRunsOptions } from '../../api/runs-api.js';
import { normalizeBatch } from '../../batching/normalize-batch.js';
import type { LogBatchInput } from '../../batching/split-batch.js';
import { MlflowError, MlflowLocalStoreError, MlflowValidationError } from '../../errors/mlflow-error.js';
import { copyFileAtomic, isTempFile, writeFileAtomic } from '@msr/io/fs';
import { walkFiles } from '../../fs/walk-files.js';
import type { DownloadedModel, LogModelOptions, LoggedModelRef } from '../../models/log-model-options.js';
import { MSR_FLAVOR, mlflowUtcTime, mlmodelToDict, parseMLmodel, stringifyMLmodel, type MLmodel } from '../../models/mlmodel.js';
import { parseModelUri } from '../../models/model-uri.js';
import { validateExperimentName, validateKey, validateRunId, validateTagValue } from '../../validation/validate.js';
import type { FileInfo } from '../../wire/artifact.js';
import type { Page } from '../../wire/common.js';
import type { Experiment } from '../../wire/experiment.js';
import type { ModelVersion } from '../../wire/registry.js';
import { paginate } from '../../wire/paginate.js';
import { RUN_STATUSES, type Metric, type Run, type RunStatus } from '../../wire/run.js';
import type { TrackingStore } from '../tracking-store.js';
import { claimName, readNameClaim } from './experiment-name-claim.js';
import { LocalRegistry } from './local-registry.js';
import { matches, parseFilter, runComparator } from './run-filter.js';
import { readYaml, writeYaml } from './yaml-file.js';

/** Options of {@link LocalTrackingStore}. */
export interface LocalTrackingStoreOptions {
  /** The `mlruns` folder; a relative path resolves against the working directory, as `node:fs` does. */
  readonly root: string;
  /**
   * Clock for run and metric timestamps.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Folders inside an experiment folder that are not runs. */
const RESERVED = new Set(['tags', 'datasets', 'traces', 'models']);

/**
 * {@link TrackingStore} on local files in MLflow's file-store layout, so `mlflow ui
 * --backend-store-uri ./mlruns` shows the runs (MLflow ≥ 3.13 needs `MLFLOW_ALLOW_FILE_STORE=true`):
 *
 * ```
 * mlruns/<experiment id>/meta.yaml, tags/<key>
 * mlruns/<experiment id>/<run id>/meta.yaml, metrics/<key>, params/<key>, tags/<key>, artifacts/…
 * mlruns/models/<name>/meta.yaml, version-<n>/meta.yaml, aliases/<alias>
 * ```
 *
 * Files are replaced through a temp file and a rename; metric files are appended one whole line
 * per write and a torn last line (from a crash) is ignored when read. One writer per run at a
 * time, as with MLflow's own file store.
 */
export class LocalTrackingStore implements TrackingStore {
  readonly kind = 'local';
  readonly location: string;
  readonly #now: () => number;
  readonly #registry: LocalRegistry;
  readonly #runExperiment = new Map<string, string>();
  readonly #creating = new Map<string, Promise<Experiment>>();

  constructor(options: LocalTrackingStoreOptions) {
    if (typeof options.root !== 'string' || options.root === '') {
      throw new MlflowValidationError('options.root', 'a folder path', 'empty');
    }
    this.location = resolve(options.root);
    this.#now = options.now ?? Date.now;
    this.#registry = new LocalRegistry(this.location, this.#now);
  }

  // ---- experiments ------------------------------------------------------------------------

  async #ensureRoot(): Promise<void> {
    // MLflow's file store always has the Default experiment 0; `mlflow ui` expects it.
    if (await readYaml(join(this.location, '0', 'meta.yaml'))) return;
    await this.#writeExperiment('0', 'Default', {});
  }

  async #writeExperiment(id: string, name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const dir = join(this.location, id);
    // Built in a folder beside it and renamed into place: a listing made meanwhile (another
    // stage, another process) sees no folder or a whole experiment, never one without meta.yaml.
    // The temp name is not a number, so listings skip it.
    const temp = join(this.location, `.new-${id}-${randomUUID()}`);
    const now = this.#now();
    try {
      for (const [key, value] of Object.entries(tags)) await writeFileAtomic(join(temp, 'tags', ...key.split('/')), value);
      await writeYaml(join(temp, 'meta.yaml'), {
        artifact_location: pathToFileURL(dir).href,
        creation_time: now,
        experiment_id: id,
        last_update_time: now,
        lifecycle_stage: 'active',
        name,
      });
      await rename(temp, dir);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      // Another writer made the same folder first (the Default experiment 0): theirs stands.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await readYaml(join(dir, 'meta.yaml')))) return;
      throw error;
    }
  }

  async #experimentIds(): Promise<string[]> {
    try {
      const entries = await readdir(this.location, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => e.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async getExperiment(experimentId: string, options: CallOptions = {}): Promise<Experiment> {
    options.signal?.throwIfAborted();
    if (!/^\d+$/.test(experimentId)) throw new MlflowValidationError('experimentId', 'a decimal id', JSON.stringify(experimentId));
    const dir = join(this.location, experimentId);
    const meta = await readYaml(join(dir, 'meta.yaml'));
    if (!meta) throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', `no experiment with id ${experimentId}`, dir);
    return {
      experimentId: String(meta['experiment_id'] ?? experimentId),
      name: String(meta['name']),
      artifactLocation: String(meta['artifact_location'] ?? ''),
      lifecycleStage: meta['lifecycle_stage'] === 'deleted' ? 'deleted' : 'active',
      creationTime: numberOrUndefined(meta['creation_time']),
      lastUpdateTime: numberOrUndefined(meta['last_update_time']),
      tags: await readKeyFiles(join(dir, 'tags')),
    };
  }

  /** Every experiment of the store. */
  async listExperiments(options: CallOptions = {}): Promise<Experiment[]> {
    const out: Experiment[] = [];
    for (const id of await this.#experimentIds()) out.push(await this.getExperiment(id, options));
    return out;
  }

  async getExperimentByName(name: string, options: CallOptions = {}): Promise<Experiment | undefined> {
    return (await this.listExperiments(options)).find((e) => e.name === name && e.lifecycleStage === 'active');
  }

  async getOrCreateExperiment(name: string, options: CallOptions & { readonly tags?: Readonly<Record<string, string>> } = {}): Promise<Experiment> {
    validateExperimentName('name', name);
    for (const [key, value] of Object.entries(options.tags ?? {})) {
      validateKey(`tags.${key}`, key);
      validateTagValue(`tags.${key}`, value);
    }
    // Callers asking for the same name at once (the stages of one run) share one creation, or
    // each would miss the others' folder and make its own experiment of that name.
    const pending = this.#creating.get(name);
    if (pending) return pending;
    const creation = this.#getOrCreate(name, options).finally(() => this.#creating.delete(name));
    this.#creating.set(name, creation);
    return creation;
  }

  async #getOrCreate(name: string, options: CallOptions & { readonly tags?: Readonly<Record<string, string>> }): Promise<Experiment> {
    const tags = options.tags ?? {};
    for (;;) {
      const existing = await this.getExperimentByName(name, options);
      if (existing) return existing;
      await this.#ensureRoot();
      // Other processes on this folder share nothing with this one but the files: the name is
      // claimed for one id (experiment-name-claim.ts) before any folder is made.
      const claim = await readNameClaim(this.location, name);
      if (claim) {
        const held = await this.#claimedExperiment(claim.id, name);
        if (held === 'active') return this.getExperiment(claim.id, options);
        if (held === 'pending') {
          // Its writer is making it, or stopped before it could: make it under the claimed id;
          // whichever folder lands first stands.
          await this.#writeExperiment(claim.id, name, tags);
          return this.getExperiment(claim.id, options);
        }
      }
      // A random positive 63-bit id, as MLflow's file store makes them.
      const id = (BigInt(`0x${randomBytes(8).toString('hex')}`) & ((1n << 63n) - 1n)).toString();
      if (await claimName(this.location, name, (claim?.generation ?? 0) + 1, id)) {
        await this.#writeExperiment(id, name, tags);
        return this.getExperiment(id, options);
      }
      // Another writer claimed that generation first: read theirs.
    }
  }

  /**
   * What became of the experiment a name was claimed for: `'active'` under that name; `'pending'`
   * when there is no folder yet (nor one in `.trash`); `'stale'` when it was deleted or renamed
   * since, and the name is free again.
   */
  async #claimedExperiment(id: string, name: string): Promise<'active' | 'pending' | 'stale'> {
    const meta = await readYaml(join(this.location, id, 'meta.yaml'));
    if (meta) return meta['name'] === name && meta['lifecycle_stage'] !== 'deleted' ? 'active' : 'stale';
    return (await readYaml(join(this.location, '.trash', id, 'meta.yaml'))) ? 'stale' : 'pending';
  }

  // ---- runs -------------------------------------------------------------------------------

  async #runDir(runId: string): Promise<string> {
    validateRunId('runId', runId);
    let experimentId = this.#runExperiment.get(runId);
    if (experimentId === undefined) {
      for (const id of await this.#experimentIds()) {
        if (await readYaml(join(this.location, id, runId, 'meta.yaml'))) {
          experimentId = id;
          break;
        }
      }
      if (experimentId === undefined) throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', `run ${runId} not found`, this.location);
      this.#runExperiment.set(runId, experimentId);
    }
    return join(this.location, experimentId, runId);
  }

  async createRun(options: CreateRunOptions): Promise<Run> {
    options.signal?.throwIfAborted();
    const experiment = await this.getExperiment(options.experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw new MlflowLocalStoreError('INVALID_STATE', `experiment ${options.experimentId} is deleted`);
    }
    for (const [key, value] of Object.entries(options.tags ?? {})) {
      validateKey(`tags.${key}`, key);
      validateTagValue(`tags.${key}`, value);
    }
    const runId = randomUUID().replace(/-/g, '');
    const runName = options.runName ?? `run-${runId.slice(0, 8)}`;
    const dir = join(this.location, options.experimentId, runId);
    await mkdir(join(dir, 'metrics'), { recursive: true });
    await mkdir(join(dir, 'params'), { recursive: true });
    await mkdir(join(dir, 'artifacts'), { recursive: true });
    for (const [key, value] of Object.entries({ ...options.tags, 'mlflow.runName': runName })) {
      await writeFileAtomic(join(dir, 'tags', ...key.split('/')), value);
    }
    await writeYaml(join(dir, 'meta.yaml'), {
      artifact_uri: pathToFileURL(join(dir, 'artifacts')).href,
      end_time: null,
      entry_point_name: '',
      experiment_id: options.experimentId,
      lifecycle_stage: 'active',
      run_id: runId,
      run_name: runName,
      run_uuid: runId,
      source_name: '',
      source_type: 4,
      source_version: '',
      start_time: options.startTime ?? this.#now(),
      status: 1,
      tags: [],
      user_id: options.userId ?? '',
    });
    this.#runExperiment.set(runId, options.experimentId);
    return this.getRun(runId);
  }

  async getRun(runId: string, options: CallOptions = {}): Promise<Run> {
    options.signal?.throwIfAborted();
    return this.#readRun(await this.#runDir(runId));
  }

  async #readRun(dir: string): Promise<Run> {
    const meta = await readYaml(join(dir, 'meta.yaml'));
    if (!meta) throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', 'run not found', dir);
    const metrics: Record<string, number> = {};
    for (const key of await keyFiles(join(dir, 'metrics'))) {
      const latest = latestMetric(await readMetricFile(join(dir, 'metrics', ...key.split('/')), key));
      if (latest) metrics[key] = latest.value;
    }
    const status = RUN_STATUSES[Number(meta['status'] ?? 1) - 1] ?? 'RUNNING';
    const runId = String(meta['run_id'] ?? meta['run_uuid'] ?? basename(dir));
    return {
      info: {
        runId,
        experimentId: String(meta['experiment_id']),
        runName: String(meta['run_name'] ?? ''),
        userId: String(meta['user_id'] ?? ''),
        status,
        startTime: numberOrUndefined(meta['start_time']),
        endTime: numberOrUndefined(meta['end_time']),
        artifactUri: String(meta['artifact_uri'] ?? ''),
        lifecycleStage: meta['lifecycle_stage'] === 'deleted' ? 'deleted' : 'active',
      },
      data: { metrics, params: await readKeyFiles(join(dir, 'params')), tags: await readKeyFiles(join(dir, 'tags')) },
      inputs: [],
      modelOutputs: [],
    };
  }

  async endRun(runId: string, status: RunStatus = 'FINISHED', endTime = this.#now(), options: CallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    const dir = await this.#runDir(runId);
    const meta = (await readYaml(join(dir, 'meta.yaml'))) as Record<string, unknown>;
    await writeYaml(join(dir, 'meta.yaml'), { ...meta, status: RUN_STATUSES.indexOf(status) + 1, end_time: endTime });
  }

  async setTag(runId: string, key: string, value: string, options: CallOptions = {}): Promise<void> {
    await this.logBatch(runId, { tags: { [key]: value } }, options);
  }

  async logBatch(runId: string, input: LogBatchInput, options: CallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    const batch = normalizeBatch(input, this.#now);
    const dir = await this.#runDir(runId);
    const meta = await readYaml(join(dir, 'meta.yaml'));
    if (meta?.['lifecycle_stage'] === 'deleted') throw new MlflowLocalStoreError('INVALID_STATE', `run ${runId} is deleted`, dir);
    // Params first and all checked before anything is written: a conflicting param must not
    // leave half the batch behind.
    const params = await readKeyFiles(join(dir, 'params'));
    for (const p of batch.params) {
      if (params[p.key] !== undefined && params[p.key] !== p.value) {
        throw new MlflowLocalStoreError(
          'INVALID_PARAMETER_VALUE',
          `param ${p.key} of run ${runId} is already ${JSON.stringify(params[p.key])}; params are write-once (new value ${JSON.stringify(p.value)})`,
          join(dir, 'params', p.key),
        );
      }
    }
    for (const p of batch.params) {
      if (params[p.key] === undefined) await writeFileAtomic(join(dir, 'params', ...p.key.split('/')), p.value);
    }
    for (const t of batch.tags) await writeFileAtomic(join(dir, 'tags', ...t.key.split('/')), t.value);
    const byKey = new Map<string, string>();
    for (const m of batch.metrics) byKey.set(m.key, (byKey.get(m.key) ?? '') + `${m.timestamp} ${formatDouble(m.value)} ${m.step}\n`);
    for (const [key, lines] of byKey) {
      const file = join(dir, 'metrics', ...key.split('/'));
      await mkdir(join(file, '..'), { recursive: true });
      await appendFile(file, lines);
    }
  }

  async getMetricHistory(runId: string, key: string, options: CallOptions = {}): Promise<Metric[]> {
    options.signal?.throwIfAborted();
    validateKey('key', key);
    return readMetricFile(join(await this.#runDir(runId), 'metrics', ...key.split('/')), key);
  }

  async searchRuns(options: SearchRunsOptions): Promise<Page<Run>> {
    options.signal?.throwIfAborted();
    const clauses = parseFilter(options.filter);
    const compare = runComparator(options.orderBy);
    const view = options.viewType ?? 'ACTIVE_ONLY';
    const runs: Run[] = [];
    for (const experimentId of options.experimentIds) {
      const expDir = join(this.location, experimentId);
      let entries: string[];
      try {
        entries = (await readdir(expDir, { withFileTypes: true })).filter((e) => e.isDirectory() && !RESERVED.has(e.name)).map((e) => e.name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const name of entries) {
        if (!(await readYaml(join(expDir, name, 'meta.yaml')))) continue;
        const run = await this.#readRun(join(expDir, name));
        const stage = run.info.lifecycleStage;
        if ((view === 'ACTIVE_ONLY' && stage !== 'active') || (view === 'DELETED_ONLY' && stage !== 'deleted')) continue;
        if (matches(run, clauses)) runs.push(run);
      }
    }
    runs.sort(compare);
    const maxResults = options.maxResults ?? 1000;
    if (!Number.isInteger(maxResults) || maxResults <= 0) throw new MlflowValidationError('maxResults', 'a positive integer', String(maxResults));
    const offset = decodePageToken(options.pageToken);
    const items = runs.slice(offset, offset + maxResults);
    const nextOffset = offset + items.length;
    return { items, nextPageToken: nextOffset < runs.length ? Buffer.from(JSON.stringify({ offset: nextOffset })).toString('base64url') : undefined };
  }

  searchAllRuns(options: Omit<SearchRunsOptions, 'pageToken'>): AsyncGenerator<Run> {
    return paginate((pageToken) => this.searchRuns({ ...options, ...(pageToken ? { pageToken } : {}) }));
  }

  // ---- artifacts --------------------------------------------------------------------------

  async #artifactsDir(runId: string): Promise<string> {
    return join(await this.#runDir(runId), 'artifacts');
  }

  async logArtifacts(runId: string, localPath: string, artifactPath?: string, options: CallOptions = {}): Promise<string[]> {
    options.signal?.throwIfAborted();
    checkRelative('artifactPath', artifactPath);
    const root = await this.#artifactsDir(runId);
    const prefix = artifactPath ? artifactPath.split('/').filter(Boolean) : [];
    const info = await stat(localPath);
    const files = info.isDirectory() ? await walkFiles(localPath) : [basename(localPath)];
    const stored: string[] = [];
    for (const rel of files) {
      const source = info.isDirectory() ? join(localPath, rel) : localPath;
      await copyFileAtomic(source, join(root, ...prefix, ...rel.split('/')));
      stored.push([...prefix, rel].join('/'));
    }
    return stored;
  }

  async listArtifacts(runId: string, path?: string, options: CallOptions = {}): Promise<FileInfo[]> {
    options.signal?.throwIfAborted();
    checkRelative('path', path);
    const root = await this.#artifactsDir(runId);
    const prefix = path ? path.split('/').filter(Boolean) : [];
    let entries;
    try {
      entries = await readdir(join(root, ...prefix), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
    const out: FileInfo[] = [];
    for (const e of entries.filter((x) => !isTempFile(x.name)).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = [...prefix, e.name].join('/');
      out.push({ path: rel, isDir: e.isDirectory(), fileSize: e.isDirectory() ? undefined : (await stat(join(root, ...prefix, e.name))).size });
    }
    return out;
  }

  async downloadArtifacts(runId: string, path: string, destDir: string, options: CallOptions = {}): Promise<string> {
    options.signal?.throwIfAborted();
    checkRelative('path', path);
    return copyTree(join(await this.#artifactsDir(runId), ...path.split('/').filter(Boolean)), join(destDir, ...path.split('/').filter(Boolean)));
  }

  // ---- models -----------------------------------------------------------------------------

  /**
   * Logs `options.dir` into the run's artifacts at `<name>/` with an `MLmodel` file and records
   * it in the run's `mlflow.log-model.history` tag, as MLflow 2.x does. `mode` is ignored: the
   * file store keeps models as run artifacts.
   */
  async logModel(runId: string, options: LogModelOptions, call: CallOptions = {}): Promise<LoggedModelRef> {
    call.signal?.throwIfAborted();
    const name = options.name ?? 'model';
    validateKey('options.name', name);
    const run = await this.getRun(runId);
    const mlmodel: MLmodel = {
      artifactPath: name,
      flavors: { [MSR_FLAVOR]: { ...options.flavor } },
      runId,
      modelUuid: randomUUID().replace(/-/g, ''),
      modelId: undefined,
      utcTimeCreated: mlflowUtcTime(this.#now()),
      signature: options.signature,
    };
    await this.logArtifacts(runId, options.dir, name);
    const dir = join(await this.#artifactsDir(runId), ...name.split('/'));
    await writeFileAtomic(join(dir, 'MLmodel'), stringifyMLmodel(mlmodel));
    const previous = run.data.tags['mlflow.log-model.history'];
    const history = previous ? (JSON.parse(previous) as unknown[]) : [];
    const { signature: _signature, ...entry } = mlmodelToDict(mlmodel);
    history.push(entry);
    await writeFileAtomic(join(await this.#runDir(runId), 'tags', 'mlflow.log-model.history'), JSON.stringify(history));
    return { modelUri: `runs:/${runId}/${name}`, mode: 'run-artifacts', runId, modelId: undefined, artifactUri: pathToFileURL(dir).href, mlmodel };
  }

  async #resolveModelDir(uri: string): Promise<string> {
    const parsed = parseModelUri(uri);
    switch (parsed.kind) {
      case 'run':
        return join(await this.#artifactsDir(parsed.runId), ...parsed.path.split('/'));
      case 'logged-model': {
        for (const id of await this.#experimentIds()) {
          const dir = join(this.location, id, 'models', parsed.modelId);
          if (await readYaml(join(dir, 'meta.yaml'))) return join(dir, 'artifacts');
        }
        throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', `logged model ${parsed.modelId} not found`, this.location);
      }
      case 'alias':
      case 'version': {
        const version =
          parsed.kind === 'alias' ? await this.#registry.getVersionByAlias(parsed.name, parsed.alias) : await this.#registry.getVersion(parsed.name, parsed.version);
        if (!version) throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', `${uri} does not resolve to a model version`);
        if (version.source.startsWith('runs:/') || version.source.startsWith('models:/')) return this.#resolveModelDir(version.source);
        if (version.source.startsWith('file:')) return new URL(version.source).pathname;
        throw new MlflowError('ERR_UNSUPPORTED_ARTIFACT_URI', `${uri}: source ${version.source} is not in the local store`);
      }
    }
  }

  async downloadModel(uri: string, destDir: string, options: CallOptions = {}): Promise<DownloadedModel> {
    options.signal?.throwIfAborted();
    const dir = await this.#resolveModelDir(uri);
    await copyTree(dir, destDir);
    const text = await readFile(join(destDir, 'MLmodel'), 'utf8').catch((cause: unknown) => {
      throw new MlflowLocalStoreError('ERR_BAD_MLMODEL', `${uri}: no MLmodel file in the model's folder`, dir, { cause });
    });
    return { dir: destDir, mlmodel: parseMLmodel(text, `${uri}/MLmodel`) };
  }

  async registerModel(name: string, modelUri: string, options: CallOptions = {}): Promise<ModelVersion> {
    options.signal?.throwIfAborted();
    const parsed = parseModelUri(modelUri);
    await this.#resolveModelDir(modelUri);
    if (parsed.kind === 'run') return this.#registry.createVersion(name, { source: modelUri, runId: parsed.runId });
    if (parsed.kind === 'logged-model') return this.#registry.createVersion(name, { source: modelUri, modelId: parsed.modelId });
    const version =
      parsed.kind === 'alias' ? await this.#registry.getVersionByAlias(parsed.name, parsed.alias) : await this.#registry.getVersion(parsed.name, parsed.version);
    if (!version) throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', `${modelUri} does not resolve to a model version`);
    return this.#registry.createVersion(name, {
      source: version.source,
      ...(version.runId ? { runId: version.runId } : {}),
      ...(version.modelId ? { modelId: version.modelId } : {}),
    });
  }

  async setModelAlias(name: string, alias: string, version: string, options: CallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    await this.#registry.setAlias(name, alias, version);
  }

  async getModelVersionByAlias(name: string, alias: string, options: CallOptions = {}): Promise<ModelVersion | undefined> {
    options.signal?.throwIfAborted();
    return this.#registry.getVersionByAlias(name, alias);
  }

  /** The local registry, for pushing registered models. */
  get registry(): LocalRegistry {
    return this.#registry;
  }

  /** Folder of a run's artifacts on disk. */
  async artifactsDir(runId: string): Promise<string> {
    return this.#artifactsDir(runId);
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function checkRelative(argument: string, path: string | undefined): void {
  if (!path) return;
  if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.')) {
    throw new MlflowValidationError(argument, 'artifact path is relative with no "." or ".." segment', JSON.stringify(path));
  }
}

/** Python's float repr for the specials, so MLflow reads them back. */
function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

function parseDouble(text: string): number {
  const t = text.toLowerCase();
  if (t === 'nan') return Number.NaN;
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(text);
}

/** Reads a metric file; a last line without its newline (a torn append) is ignored. */
async function readMetricFile(file: string, key: string): Promise<Metric[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  lines.pop();
  return lines
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [ts, value, step] = line.trim().split(/\s+/);
      return { key, timestamp: Number(ts), value: parseDouble(value ?? 'nan'), step: Number(step ?? 0) };
    });
}

/** MLflow's latest value: the point with the largest (step, timestamp, value). */
function latestMetric(points: readonly Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const p of points) {
    if (!best || p.step > best.step || (p.step === best.step && (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && p.value > best.value)))) {
      best = p;
    }
  }
  return best;
}

async function keyFiles(dir: string): Promise<string[]> {
  try {
    return (await walkFiles(dir)).filter((k) => !isTempFile(k));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Reads `<dir>/<key>` files (keys with `/` are nested folders) into a record. */
async function readKeyFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of await keyFiles(dir)) out[key] = await readFile(join(dir, ...key.split('/')), 'utf8');
  return out;
}

/** Copies a file or a folder tree to `dest`; returns `dest`. */
async function copyTree(source: string, dest: string): Promise<string> {
  let info;
  try {
    info = await stat(source);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MlflowLocalStoreError('RESOURCE_DOES_NOT_EXIST', 'artifact not found', source);
    throw error;
  }
  if (!info.isDirectory()) {
    await copyFileAtomic(source, dest);
    return dest;
  }
  await mkdir(dest, { recursive: true });
  for (const rel of await walkFiles(source)) {
    if (!isTempFile(rel)) await copyFileAtomic(join(source, ...rel.split('/')), join(dest, ...rel.split('/')));
  }
  return dest;
}

function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the typed error below
  }
  throw new MlflowValidationError('pageToken', 'a token returned by searchRuns', JSON.stringify(token));
}
