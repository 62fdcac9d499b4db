import { join } from 'node:path';
import type { CallOptions } from '../api/experiments-api.js';
import { parseMLmodel } from '../models/mlmodel.js';
import type { Metric, Run } from '../wire/run.js';
import { readFile } from 'node:fs/promises';
import type { LocalTrackingStore } from './local/local-tracking-store.js';
import { RestTrackingStore } from './rest-tracking-store.js';
import type { TrackingStore } from './tracking-store.js';

/** Tag on a pushed run naming the local run it came from; makes pushing again a no-op. */
export const LOCAL_RUN_TAG = 'msr.local_run_id';
/** Tag set last on a pushed run: present means the push completed. */
export const PUSH_COMPLETE_TAG = 'msr.push_complete';
/** Tag on a pushed run recording the models already pushed (`{ "<name>": "<remote uri>" }`), so a resumed push does not log them twice. */
export const PUSHED_MODELS_TAG = 'msr.pushed_models';
/** Tag on a pushed model version naming the local version it came from; makes pushing again a no-op. */
export const LOCAL_VERSION_TAG = 'msr.local_version';
/** Run tags the server maintains itself and that are not copied. */
const SERVER_TAGS = new Set(['mlflow.log-model.history']);

/** Progress of {@link pushLocalRuns}, one event per run. */
export interface PushProgress {
  readonly experimentName: string;
  readonly localRunId: string;
  readonly remoteRunId: string;
  /** `pushed`: copied now; `resumed`: a half-pushed run was completed; `skipped`: already there. */
  readonly outcome: 'pushed' | 'resumed' | 'skipped';
  /** Model URIs: local → remote. */
  readonly models: Readonly<Record<string, string>>;
}

/** Progress of the registry part of {@link pushLocalRuns}, one event per model version. */
export interface RegistryPushProgress {
  /** The registered model. */
  readonly name: string;
  readonly localVersion: string;
  /** `undefined` when the version's model was not pushed (its run is in an experiment left out). */
  readonly remoteVersion: string | undefined;
  /** `pushed`: registered now; `skipped`: already there; `missing-model`: its model is not on the server. */
  readonly outcome: 'pushed' | 'skipped' | 'missing-model';
  /** The aliases now pointing at the remote version (`champion`, …). */
  readonly aliases: readonly string[];
}

/** Options of {@link pushLocalRuns}. */
export interface PushLocalRunsOptions extends CallOptions {
  /** Only these experiments (by name). @default all */
  readonly experimentNames?: readonly string[];
  /** Called after each run. */
  readonly onProgress?: (event: PushProgress) => void;
  /**
   * Also copy the registry — registered models, their versions (pointing at the pushed models)
   * and aliases — to a server. @default true
   */
  readonly registry?: boolean;
  /** Called after each model version of the registry. */
  readonly onRegistryProgress?: (event: RegistryPushProgress) => void;
}

/**
 * Copies the local store's runs — params, metrics with their steps and timestamps, tags,
 * artifacts and logged models — to another store, usually an MLflow server: offline first,
 * publish when connected. Experiments are matched by name and created when missing.
 *
 * Pushing is idempotent and resumable: each remote run carries `msr.local_run_id`; a finished
 * run already pushed is skipped, and a run whose push was cut off (or that was still RUNNING) is
 * completed without logging any metric point or model twice. Models are logged again with {@link TrackingStore.logModel} so they appear as
 * models on the server (3.x logged models or 2.x run models).
 * @example
 * ```ts
 * const report = await pushLocalRuns(new LocalTrackingStore({ root: 'mlruns' }), restStore);
 * ```
 */
export async function pushLocalRuns(local: LocalTrackingStore, remote: TrackingStore, options: PushLocalRunsOptions = {}): Promise<PushProgress[]> {
  const call = options.signal ? { signal: options.signal } : {};
  const report: PushProgress[] = [];
  const models = new Map<string, string>();
  const wanted = options.experimentNames ? new Set(options.experimentNames) : undefined;
  for (const experiment of await local.listExperiments(call)) {
    if (experiment.lifecycleStage !== 'active' || (wanted && !wanted.has(experiment.name))) continue;
    const runs: Run[] = [];
    for await (const run of local.searchAllRuns({ experimentIds: [experiment.experimentId], orderBy: ['attributes.start_time ASC'], ...call })) runs.push(run);
    if (runs.length === 0) continue;
    const target = await remote.getOrCreateExperiment(experiment.name, { tags: experiment.tags, ...call });
    for (const run of runs) {
      const event = await pushRun(local, remote, run, target.experimentId, experiment.name, call);
      report.push(event);
      for (const [from, to] of Object.entries(event.models)) models.set(from, to);
      options.onProgress?.(event);
    }
  }
  // The registry lives on a server; a local store as the target has none to fill.
  if (options.registry !== false && remote instanceof RestTrackingStore) await pushRegistry(local, remote, models, call, options.onRegistryProgress);
  return report;
}

/**
 * Copies the local registry: each registered model, each version registered again from the
 * pushed copy of its model (tagged {@link LOCAL_VERSION_TAG}, in the same request, so a cut-off
 * push never registers a version twice), and the aliases moved to the remote versions.
 */
async function pushRegistry(
  local: LocalTrackingStore,
  remote: RestTrackingStore,
  models: ReadonlyMap<string, string>,
  call: CallOptions,
  onProgress: ((event: RegistryPushProgress) => void) | undefined,
): Promise<void> {
  const { registry } = remote.client;
  for (const name of await local.registry.listModels()) {
    const localModel = await local.registry.getModel(name);
    await registry.getOrCreateModel(name, call);
    const pushed = new Map<string, string>();
    let pageToken: string | undefined;
    do {
      const page = await registry.searchVersions({ filter: `name = '${name.replace(/'/g, "\\'")}'`, ...(pageToken ? { pageToken } : {}), ...call });
      for (const v of page.items) {
        const from = v.tags[LOCAL_VERSION_TAG];
        if (from !== undefined) pushed.set(from, v.version);
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    for (const version of await local.registry.listVersions(name)) {
      let remoteVersion = pushed.get(version.version);
      let outcome: RegistryPushProgress['outcome'] = 'skipped';
      if (remoteVersion === undefined) {
        const uri = models.get(version.source);
        if (uri === undefined) {
          onProgress?.({ name, localVersion: version.version, remoteVersion: undefined, outcome: 'missing-model', aliases: [] });
          continue;
        }
        const created = await remote.client.models.register(name, uri, { ...call, tags: { ...version.tags, [LOCAL_VERSION_TAG]: version.version } });
        remoteVersion = created.version;
        outcome = 'pushed';
      }
      const aliases = Object.entries(localModel?.aliases ?? {})
        .filter(([, v]) => v === version.version)
        .map(([alias]) => alias);
      for (const alias of aliases) await registry.setAlias(name, alias, remoteVersion, call);
      onProgress?.({ name, localVersion: version.version, remoteVersion, outcome, aliases });
    }
  }
}

async function pushRun(
  local: LocalTrackingStore,
  remote: TrackingStore,
  run: Run,
  experimentId: string,
  experimentName: string,
  call: CallOptions,
): Promise<PushProgress> {
  const localRunId = run.info.runId;
  const found = await remote.searchRuns({
    experimentIds: [experimentId],
    filter: `tags.\`${LOCAL_RUN_TAG}\` = '${localRunId}'`,
    maxResults: 1,
    viewType: 'ALL',
    ...call,
  });
  const existing = found.items[0];
  if (existing?.data.tags[PUSH_COMPLETE_TAG] === 'true') {
    // Its models are on the server already; the registry push maps its versions to them.
    const already = JSON.parse(existing.data.tags[PUSHED_MODELS_TAG] ?? '{}') as Record<string, string>;
    const models = Object.fromEntries(Object.entries(already).map(([name, uri]) => [`runs:/${localRunId}/${name}`, uri]));
    return { experimentName, localRunId, remoteRunId: existing.info.runId, outcome: 'skipped', models };
  }
  const tags = Object.fromEntries(Object.entries(run.data.tags).filter(([k]) => !SERVER_TAGS.has(k)));
  const remoteRun =
    existing ??
    (await remote.createRun({
      experimentId,
      runName: run.info.runName,
      ...(run.info.startTime !== undefined ? { startTime: run.info.startTime } : {}),
      tags: { ...tags, [LOCAL_RUN_TAG]: localRunId },
      ...call,
    }));
  const remoteRunId = remoteRun.info.runId;

  // Params and tags: params already there are skipped (write-once), tags are idempotent.
  const params = Object.fromEntries(Object.entries(run.data.params).filter(([k]) => remoteRun.data.params[k] === undefined));
  await remote.logBatch(remoteRunId, { params, tags }, call);
  // Models are re-logged so the server records them as models (with the run's params, which
  // a 3.x logged model carries); other artifacts are copied.
  const modelDirs = await loggedModelDirs(run);
  const pushedModels = JSON.parse(remoteRun.data.tags[PUSHED_MODELS_TAG] ?? '{}') as Record<string, string>;
  const models: Record<string, string> = {};
  const artifactsRoot = await local.artifactsDir(localRunId);
  for (const entry of await local.listArtifacts(localRunId, undefined, call)) {
    if (modelDirs.has(entry.path)) continue;
    await remote.logArtifacts(remoteRunId, join(artifactsRoot, ...entry.path.split('/')), entry.isDir ? entry.path : undefined, call);
  }
  for (const name of modelDirs) {
    const already = pushedModels[name];
    if (already) {
      models[`runs:/${localRunId}/${name}`] = already;
      continue;
    }
    const dir = join(artifactsRoot, ...name.split('/'));
    const mlmodel = parseMLmodel(await readFile(join(dir, 'MLmodel'), 'utf8'), join(dir, 'MLmodel'));
    const flavor = mlmodel.flavors['msr'];
    const ref = await remote.logModel(
      remoteRunId,
      { dir, name, params: run.data.params, ...(flavor ? { flavor } : {}), ...(mlmodel.signature ? { signature: mlmodel.signature } : {}) },
      call,
    );
    models[`runs:/${localRunId}/${name}`] = ref.modelUri;
    pushedModels[name] = ref.modelUri;
    await remote.setTag(remoteRunId, PUSHED_MODELS_TAG, JSON.stringify(pushedModels), call);
  }

  // Metrics: full history with steps and timestamps; on resume only the missing points. When the
  // run has one model and it is a 3.x logged model, each metric's latest point is recorded for
  // it too, so the model carries the run's metrics as when it was logged there.
  const modelIds = Object.values(pushedModels).map((uri) => /^models:\/(m-[0-9a-f]+)$/.exec(uri)?.[1]);
  const modelId = modelIds.length === 1 ? modelIds[0] : undefined;
  for (const key of Object.keys(run.data.metrics)) {
    let points: (Metric & { modelId?: string })[] = await local.getMetricHistory(localRunId, key, call);
    const latest = latestPoint(points);
    if (modelId && latest) points = points.map((p) => (p === latest ? { ...p, modelId } : p));
    if (existing && existing.data.metrics[key] !== undefined) {
      const have = new Set((await remote.getMetricHistory(remoteRunId, key, call)).map(pointId));
      points = points.filter((p) => !have.has(pointId(p)));
    }
    if (points.length > 0) await remote.logBatch(remoteRunId, { metrics: points }, call);
  }

  // A run still RUNNING locally is copied but not marked complete: the next push resumes it
  // with whatever it logged meanwhile.
  if (run.info.status !== 'RUNNING') {
    await remote.endRun(remoteRunId, run.info.status, run.info.endTime, call);
    await remote.setTag(remoteRunId, PUSH_COMPLETE_TAG, 'true', call);
  }
  return { experimentName, localRunId, remoteRunId, outcome: existing ? 'resumed' : 'pushed', models };
}

/** Folders of the run's artifacts that hold a model logged with `logModel`. */
async function loggedModelDirs(run: Run): Promise<Set<string>> {
  const history = run.data.tags['mlflow.log-model.history'];
  if (!history) return new Set();
  const entries = JSON.parse(history) as { artifact_path?: unknown }[];
  return new Set(entries.map((e) => e.artifact_path).filter((p): p is string => typeof p === 'string'));
}

/** MLflow's latest point of a metric: the largest step, then the latest timestamp. */
function latestPoint<M extends Metric>(points: readonly M[]): M | undefined {
  let best: M | undefined;
  for (const p of points) if (!best || p.step > best.step || (p.step === best.step && p.timestamp >= best.timestamp)) best = p;
  return best;
}

function pointId(m: Metric): string {
  return `${m.timestamp}\u0000${m.step}\u0000${Number.isNaN(m.value) ? 'NaN' : m.value}`;
}
