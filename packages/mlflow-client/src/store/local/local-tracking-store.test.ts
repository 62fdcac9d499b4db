import { appendFile, mkdir, mkdtemp, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MlflowAbortError, MlflowLocalStoreError } from '../../errors/mlflow-error.js';
import { createTrackingStore, createTrackingStoreFromEnv } from '../create-tracking-store.js';
import { RestTrackingStore } from '../rest-tracking-store.js';
import { ERROR_TAG, withRun } from '../with-run.js';
import { LocalTrackingStore } from './local-tracking-store.js';

async function store(now = () => 1_700_000_000_000) {
  const root = join(await mkdtemp(join(tmpdir(), 'msr-local-')), 'mlruns');
  return { root, store: new LocalTrackingStore({ root, now }) };
}

describe('LocalTrackingStore file layout', () => {
  it('writes MLflow’s layout: Default experiment, meta.yaml, metric lines, params, tags', async () => {
    const { root, store: s } = await store();
    const e = await s.getOrCreateExperiment('music_clf');
    const run = await s.createRun({ experimentId: e.experimentId, runName: 'gbc' });
    await s.logBatch(run.info.runId, { params: { depth: '5' }, tags: { 'mlflow.note.content': 'hi' }, metrics: [{ key: 'val/loss', value: 0.5, step: 2 }] });
    await s.endRun(run.info.runId, 'FAILED');

    expect(parse(await readFile(join(root, '0', 'meta.yaml'), 'utf8'))).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });
    const runDir = join(root, e.experimentId, run.info.runId);
    expect(parse(await readFile(join(runDir, 'meta.yaml'), 'utf8'))).toMatchObject({
      run_id: run.info.runId,
      experiment_id: e.experimentId,
      run_name: 'gbc',
      status: 4,
      start_time: 1_700_000_000_000,
      end_time: 1_700_000_000_000,
      lifecycle_stage: 'active',
    });
    expect(await readFile(join(runDir, 'metrics', 'val', 'loss'), 'utf8')).toBe('1700000000000 0.5 2\n');
    expect(await readFile(join(runDir, 'params', 'depth'), 'utf8')).toBe('5');
    expect((await readdir(join(runDir, 'tags'))).sort()).toEqual(['mlflow.note.content', 'mlflow.runName']);
  });

  it('ignores a torn last metric line left by a crash', async () => {
    const { root, store: s } = await store();
    const e = await s.getOrCreateExperiment('x');
    const run = await s.createRun({ experimentId: e.experimentId });
    await s.logBatch(run.info.runId, { metrics: [{ key: 'acc', value: 0.7, step: 0 }] });
    await appendFile(join(root, e.experimentId, run.info.runId, 'metrics', 'acc'), '1700000000001 0.9');
    expect((await s.getMetricHistory(run.info.runId, 'acc')).map((m) => m.value)).toEqual([0.7]);
    expect((await s.getRun(run.info.runId)).data.metrics).toEqual({ acc: 0.7 });
  });

  it('writes nothing of a batch whose param conflicts with a logged one', async () => {
    const { store: s } = await store();
    const e = await s.getOrCreateExperiment('x');
    const run = await s.createRun({ experimentId: e.experimentId });
    await s.logBatch(run.info.runId, { params: { depth: '5' } });
    const error = await s.logBatch(run.info.runId, { params: { depth: '6', other: '1' }, metrics: [{ key: 'm', value: 1 }] }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(MlflowLocalStoreError);
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    expect((error as Error).message).toMatch(/param depth .* write-once/);
    const after = await s.getRun(run.info.runId);
    expect(after.data.params).toEqual({ depth: '5' });
    expect(after.data.metrics).toEqual({});
  });

  it('rejects a page token it did not make', async () => {
    const { store: s } = await store();
    const e = await s.getOrCreateExperiment('x');
    await expect(s.searchRuns({ experimentIds: [e.experimentId], pageToken: 'garbage' })).rejects.toThrow(/pageToken/);
  });
});

describe('LocalTrackingStore experiments created side by side', () => {
  // `msr run` fits the classifier and every genre's clusterer at once, each creating its own
  // experiment in the same ./mlruns; a listing made meanwhile must never meet a half-made
  // experiment folder (it failed clustering with "no experiment with id …" in CI).
  it('lists experiments while others are being created, and never sees a half-made one', async () => {
    const store = new LocalTrackingStore({ root: join(await mkdtemp(join(tmpdir(), 'msr-local-race-')), 'mlruns') });
    await store.getOrCreateExperiment('first');
    let creating = true;
    const listings: number[] = [];
    const lister = (async () => {
      while (creating) listings.push((await store.listExperiments()).length);
    })();
    const names = Array.from({ length: 40 }, (_, i) => `genre_${i}`);
    const created = await Promise.all(names.map((name) => store.getOrCreateExperiment(name, { tags: { 'msr.genre': name } })));
    creating = false;
    await lister;
    expect(created.map((e) => e.name)).toEqual(names);
    expect(listings.length).toBeGreaterThan(0);
    // Default, "first" and the 40: every listing saw whole experiments only, never fewer than before.
    expect(listings.every((n, i) => n >= 2 && (i === 0 || n >= listings[i - 1]!))).toBe(true);
    const all = await store.listExperiments();
    expect(all.map((e) => e.name).sort()).toEqual(['Default', 'first', ...names].sort());
    expect(all.find((e) => e.name === 'genre_7')!.tags).toEqual({ 'msr.genre': 'genre_7' });
  });

  it('creates one experiment for a name asked for by several callers at once', async () => {
    const store = new LocalTrackingStore({ root: join(await mkdtemp(join(tmpdir(), 'msr-local-race-')), 'mlruns') });
    const got = await Promise.all(Array.from({ length: 8 }, () => store.getOrCreateExperiment('clustering')));
    expect(new Set(got.map((e) => e.experimentId)).size).toBe(1);
    expect((await store.listExperiments()).filter((e) => e.name === 'clustering')).toHaveLength(1);
    expect((await store.listExperiments()).filter((e) => e.name === 'Default')).toHaveLength(1);
  });

  // Two processes on one ./mlruns (a scheduled retrain and a script, say) share no memory: two
  // stores on one folder are the same, with their turns interleaved at every await.
  it('creates one experiment for a name asked for by two stores on one folder at once', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'msr-local-race-')), 'mlruns');
    const stores = Array.from({ length: 4 }, () => new LocalTrackingStore({ root }));
    const got = await Promise.all(stores.flatMap((s) => [s.getOrCreateExperiment('music_clf', { tags: { by: 'a' } }), s.getOrCreateExperiment('music_clf')]));
    expect(new Set(got.map((e) => e.experimentId)).size).toBe(1);
    const listed = await new LocalTrackingStore({ root }).listExperiments();
    expect(listed.filter((e) => e.name === 'music_clf')).toHaveLength(1);
    expect(listed.filter((e) => e.name === 'Default')).toHaveLength(1);
  });

  it('makes a new experiment of a name whose earlier experiment was deleted, and lists it', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'msr-local-race-')), 'mlruns');
    const first = await new LocalTrackingStore({ root }).getOrCreateExperiment('music_clf');
    // What `mlflow experiments delete` does to a file store: the folder moves to .trash with
    // its meta.yaml marked deleted.
    const meta = join(root, first.experimentId, 'meta.yaml');
    await writeFile(meta, (await readFile(meta, 'utf8')).replace('lifecycle_stage: active', 'lifecycle_stage: deleted'));
    await mkdir(join(root, '.trash'), { recursive: true });
    await rename(join(root, first.experimentId), join(root, '.trash', first.experimentId));
    const stores = [new LocalTrackingStore({ root }), new LocalTrackingStore({ root })];
    const again = await Promise.all(stores.map((s) => s.getOrCreateExperiment('music_clf')));
    expect(again[0]!.experimentId).not.toBe(first.experimentId);
    expect(again[1]!.experimentId).toBe(again[0]!.experimentId);
    expect(again[0]!.lifecycleStage).toBe('active');
    expect((await stores[0]!.listExperiments()).filter((e) => e.name === 'music_clf')).toHaveLength(1);
  });

  it('gives every model registered by stores on one folder at once a version of its own', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'msr-local-race-')), 'mlruns');
    const stores = Array.from({ length: 3 }, () => new LocalTrackingStore({ root }));
    const experiment = await stores[0]!.getOrCreateExperiment('music_clf');
    const logged = await Promise.all(
      stores.map(async (s, i) => {
        const run = await s.createRun({ experimentId: experiment.experimentId, runName: `retrain-${i}` });
        const dir = await mkdtemp(join(tmpdir(), 'msr-model-'));
        await writeFile(join(dir, 'model.json'), JSON.stringify({ i }));
        return (await s.logModel(run.info.runId, { dir, flavor: { bundle: 'model.json', format_version: 1 } })).modelUri;
      }),
    );
    const versions = await Promise.all(stores.flatMap((s, i) => [s.registerModel('msr-recommender', logged[i]!), s.registerModel('msr-recommender', logged[i]!)]));
    expect(versions.map((v) => v.version).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    // Nothing registered was overwritten: each version still names the model it was made for.
    const listed = await stores[0]!.registry.listVersions('msr-recommender');
    expect(listed.map((v) => [v.version, v.source])).toEqual(versions.map((v) => [v.version, v.source]).sort((a, b) => Number(a[0]) - Number(b[0])));
    expect(listed.filter((v) => v.source === logged[1])).toHaveLength(2);
  });
});

describe('withRun', () => {
  it('ends FINISHED on success and returns the result', async () => {
    const { store: s } = await store();
    const value = await withRun(s, { experimentName: 'w' }, async (run) => {
      await s.logBatch(run.info.runId, { metrics: [{ key: 'a', value: 1 }] });
      return 7;
    });
    expect(value).toBe(7);
    const e = await s.getExperimentByName('w');
    const [run] = (await s.searchRuns({ experimentIds: [e!.experimentId] })).items;
    expect(run?.info.status).toBe('FINISHED');
  });

  it('ends KILLED when aborted, recording the error, and rethrows it unchanged', async () => {
    const { store: s } = await store();
    const e = await s.getOrCreateExperiment('w');
    const abort = new MlflowAbortError({ method: 'POST', url: '/x' }, 'stop');
    await expect(withRun(s, { experimentId: e.experimentId }, async () => Promise.reject(abort))).rejects.toBe(abort);
    const [run] = (await s.searchRuns({ experimentIds: [e.experimentId] })).items;
    expect(run?.info.status).toBe('KILLED');
    expect(run?.data.tags[ERROR_TAG]).toBe('MlflowAbortError: POST /x: aborted by the caller');
  });

  it('reports a failure to record the error through onCleanupError and still rethrows the original', async () => {
    const { store: s } = await store();
    const e = await s.getOrCreateExperiment('w');
    const cleanup: unknown[] = [];
    const broken = Object.assign(Object.create(s) as LocalTrackingStore, {
      setTag: async () => {
        throw new Error('disk full');
      },
      createRun: s.createRun.bind(s),
      endRun: s.endRun.bind(s),
    });
    const original = new Error('train failed');
    await expect(withRun(broken, { experimentId: e.experimentId }, async () => Promise.reject(original), { onCleanupError: (x) => cleanup.push(x) })).rejects.toBe(original);
    expect(cleanup).toEqual([new Error('disk full')]);
  });
});

describe('createTrackingStore', () => {
  it('picks REST for http(s) URLs and the local store for paths and file: URLs', () => {
    expect(createTrackingStore({ uri: 'http://127.0.0.1:5000' })).toBeInstanceOf(RestTrackingStore);
    const local = createTrackingStore({ uri: 'mlruns', baseDir: '/srv/msr' });
    expect(local).toBeInstanceOf(LocalTrackingStore);
    expect(local.location).toBe('/srv/msr/mlruns');
    expect(createTrackingStore({ uri: 'file:///data/mlruns' }).location).toBe('/data/mlruns');
    expect(() => createTrackingStore({ uri: 'mlruns' })).toThrow(/baseDir/);
    expect(() => createTrackingStore({ uri: 's3://bucket/mlruns' })).toThrow(/unsupported scheme/);
  });

  it('reads MLFLOW_TRACKING_URI only in the explicit env factory', () => {
    expect(createTrackingStoreFromEnv({ env: { MLFLOW_TRACKING_URI: 'https://dagshub.com/u/r.mlflow', MLFLOW_TRACKING_TOKEN: 't' }, baseDir: '/p' }).kind).toBe('rest');
    expect(createTrackingStoreFromEnv({ env: {}, baseDir: '/p' }).location).toBe('/p/mlruns');
    expect(createTrackingStoreFromEnv({ env: { MLFLOW_TRACKING_URI: './runs' }, baseDir: '/p' }).location).toBe('/p/runs');
  });
});
