/**
 * The pipeline's use of a TrackingStore, run unchanged against the local file store and against
 * real MLflow 3.x and 2.x servers: both implementations must behave alike.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ERROR_TAG,
  LocalTrackingStore,
  MlflowValidationError,
  createTrackingStore,
  getBestRun,
  isMlflowError,
  withRun,
  type TrackingStore,
} from '../src/index.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';

const servers = mlflowServers();
const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

async function modelDir(accuracy: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'msr-model-'));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ kind: 'msr-recommender', accuracy }));
  return dir;
}

function contract(title: string, makeStore: () => Promise<TrackingStore>, skip: boolean): void {
  describe.skipIf(skip)(title, () => {
    it('runs the pipeline flow: experiment, runs with batches, best run, model, registry alias, download', async () => {
      const store = await makeStore();
      const experimentName = unique('music_clf');
      const experiment = await store.getOrCreateExperiment(experimentName, { tags: { project: 'msr' } });
      expect(await store.getExperimentByName(experimentName)).toMatchObject({ experimentId: experiment.experimentId, tags: { project: 'msr' } });
      expect((await store.getOrCreateExperiment(experimentName)).experimentId).toBe(experiment.experimentId);

      const accuracies = [0.71, 0.93, 0.85];
      const refs: string[] = [];
      for (const [i, accuracy] of accuracies.entries()) {
        const ref = await withRun(store, { experimentId: experiment.experimentId, runName: `gbc-${i}` }, async (run) => {
          await store.logBatch(run.info.runId, {
            params: { learning_rate: 0.008, max_depth: 5, n_estimators: 250 },
            metrics: [
              ...Array.from({ length: 5 }, (_, step) => ({ key: 'train_loss', value: 1 / (step + 1), step })),
              { key: 'accuracy', value: accuracy },
            ],
            tags: { genre_count: '10' },
          });
          return store.logModel(run.info.runId, { dir: await modelDir(accuracy), flavor: { bundle: 'model.json', format_version: 1 } });
        });
        refs.push(ref.modelUri);
      }
      // A failed run with a higher accuracy must never be "best".
      await expect(
        withRun(store, { experimentName, runName: 'broken' }, async (run) => {
          await store.logBatch(run.info.runId, { metrics: [{ key: 'accuracy', value: 0.99 }] });
          throw new Error('training diverged');
        }),
      ).rejects.toThrow('training diverged');

      const best = await getBestRun(store, { experimentName, metric: 'accuracy', order: 'DESC' });
      expect(best?.info.runName).toBe('gbc-1');
      expect(best?.info.status).toBe('FINISHED');
      expect(best?.data.params).toMatchObject({ learning_rate: '0.008', max_depth: '5' });
      const worst = await getBestRun(store, { experimentId: experiment.experimentId, metric: 'accuracy', order: 'ASC' });
      expect(worst?.info.runName).toBe('gbc-0');
      expect(await getBestRun(store, { experimentName, metric: 'no_such_metric' })).toBeUndefined();
      expect(await getBestRun(store, { experimentName: unique('nothing'), metric: 'accuracy' })).toBeUndefined();

      const failed = await store.searchRuns({ experimentIds: [experiment.experimentId], filter: "attributes.status = 'FAILED'" });
      expect(failed.items.map((r) => [r.info.runName, r.data.tags[ERROR_TAG]])).toEqual([['broken', 'Error: training diverged']]);

      const history = await store.getMetricHistory(best!.info.runId, 'train_loss');
      expect(history.map((m) => [m.step, m.value])).toEqual([0, 1, 2, 3, 4].map((s) => [s, 1 / (s + 1)]));

      const bestRef = refs[1] as string;
      const modelName = unique('msr-classifier');
      const version = await store.registerModel(modelName, bestRef);
      expect(version.version).toBe('1');
      await store.setModelAlias(modelName, 'champion', version.version);
      expect((await store.getModelVersionByAlias(modelName, 'champion'))?.version).toBe('1');
      expect(await store.getModelVersionByAlias(modelName, 'challenger')).toBeUndefined();

      const out = await mkdtemp(join(tmpdir(), 'msr-dl-'));
      const loaded = await store.downloadModel(`models:/${modelName}@champion`, out);
      expect(JSON.parse(await readFile(join(loaded.dir, 'model.json'), 'utf8'))).toEqual({ kind: 'msr-recommender', accuracy: 0.93 });
      expect(loaded.mlmodel.flavors['msr']).toEqual({ bundle: 'model.json', format_version: 1 });
      expect(loaded.mlmodel.runId).toBe(best!.info.runId);
      expect(loaded.mlmodel.utcTimeCreated).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      const byUri = await store.downloadModel(bestRef, await mkdtemp(join(tmpdir(), 'msr-dl-')));
      expect(await readFile(join(byUri.dir, 'model.json'), 'utf8')).toContain('0.93');
    });

    it('logs, lists and downloads artifacts of a run', async () => {
      const store = await makeStore();
      const { experimentId } = await store.getOrCreateExperiment(unique('artifacts'));
      const run = await store.createRun({ experimentId });
      const dir = await mkdtemp(join(tmpdir(), 'msr-a-'));
      await mkdir(join(dir, 'report', 'plots'), { recursive: true });
      await writeFile(join(dir, 'report', 'summary.txt'), 'ok');
      await writeFile(join(dir, 'report', 'plots', 'sim.csv'), 'a,b\n1,2\n');
      expect((await store.logArtifacts(run.info.runId, join(dir, 'report'), 'report')).sort()).toEqual(['report/plots/sim.csv', 'report/summary.txt']);
      expect((await store.listArtifacts(run.info.runId)).map((f) => [f.path, f.isDir])).toEqual([['report', true]]);
      const listed = await store.listArtifacts(run.info.runId, 'report');
      expect(listed.map((f) => [f.path, f.isDir, f.fileSize])).toEqual([
        ['report/plots', true, undefined],
        ['report/summary.txt', false, 2],
      ]);
      const local = await store.downloadArtifacts(run.info.runId, 'report/plots/sim.csv', join(dir, 'out'));
      expect(await readFile(local, 'utf8')).toBe('a,b\n1,2\n');
      await store.endRun(run.info.runId, 'FINISHED');
      expect((await store.getRun(run.info.runId)).info.status).toBe('FINISHED');
    });

    it('filters and orders alike: LIKE, ILIKE, IN, NOT IN, IS NULL, NaN and missing metrics (the local store as the servers)', async () => {
      const store = await makeStore();
      const { experimentId } = await store.getOrCreateExperiment(unique('filters'));
      // s: a=0.5, b missing, c=NaN, d=0.9, e=0.5; started in that order (ties: newest first).
      const scores: Record<string, number | undefined> = { a: 0.5, b: undefined, c: Number.NaN, d: 0.9, e: 0.5 };
      for (const [i, [name, score]] of Object.entries(scores).entries()) {
        const run = await store.createRun({ experimentId, runName: `name-${name}`, startTime: 1_700_000_000_000 + i });
        await store.logBatch(run.info.runId, {
          metrics: [{ key: 'accuracy', value: 0.5 + i / 10 }, ...(score === undefined ? [] : [{ key: 's', value: score }])],
          params: { depth: String(i + 3) },
          tags: { team: name === 'a' ? 'msr' : 'other' },
        });
        await store.endRun(run.info.runId, name === 'e' ? 'FAILED' : 'FINISHED');
      }
      const found = async (filter: string): Promise<string[] | string> => {
        try {
          const page = await store.searchRuns({ experimentIds: [experimentId], filter });
          return page.items.map((r) => r.info.runName.slice(5)).sort();
        } catch (error) {
          return String((error as { code?: unknown }).code);
        }
      };
      // What MLflow 3.x and 2.x servers answer; the local store must answer the same. (Left out
      // as the servers differ: IS NULL on params and tags, which 3.x supports and 2.x rejects,
      // and comparisons with a NaN metric.)
      const cases: Record<string, string[] | string> = {
        "tags.team LIKE 'm%'": ['a'],
        "tags.team LIKE 'M%'": [],
        "tags.team ILIKE 'MS_'": ['a'],
        "params.depth LIKE '%'": ['a', 'b', 'c', 'd', 'e'],
        "attributes.status != 'FINISHED'": ['e'],
        'metrics.accuracy > 0.75 and params.depth = "6"': ['d'],
        'metrics.accuracy > 0.65 and metrics.accuracy < 0.85': ['c', 'd'],
        // A missing metric never matches. (How a NaN compares differs between 3.x and 2.x.)
        'metrics.s > 0.6 and metrics.s < 1': ['d'],
        // Lists only for run_id; IS NULL never on metrics.
        "attributes.run_id IN ('0123456789abcdef0123456789abcdef')": [],
        "attributes.run_id NOT IN ('0123456789abcdef0123456789abcdef')": ['a', 'b', 'c', 'd', 'e'],
        "attributes.status IN ('FAILED', 'KILLED')": 'INVALID_PARAMETER_VALUE',
        "attributes.run_name NOT IN ('name-b', 'name-c')": 'INVALID_PARAMETER_VALUE',
        'metrics.s IS NULL': 'INVALID_PARAMETER_VALUE',
        'metrics.s IS NOT NULL': 'INVALID_PARAMETER_VALUE',
      };
      const actual: Record<string, string[] | string> = {};
      for (const filter of Object.keys(cases)) actual[filter] = await found(filter);
      expect(actual).toEqual(cases);
      const order = async (orderBy: string) => (await store.searchRuns({ experimentIds: [experimentId], orderBy: [orderBy] })).items.map((r) => r.info.runName.slice(5));
      // A NaN sorts after every number and before a missing value, in both directions.
      expect(await order('metrics.s DESC')).toEqual(['d', 'e', 'a', 'c', 'b']);
      expect(await order('metrics.s ASC')).toEqual(['e', 'a', 'd', 'c', 'b']);
    });

    it('pages searches alike and rejects bad input with the same codes', async () => {
      const store = await makeStore();
      const { experimentId } = await store.getOrCreateExperiment(unique('paging'));
      for (let i = 0; i < 5; i++) {
        const run = await store.createRun({ experimentId, runName: `r${i}`, startTime: 1_700_000_000_000 + i });
        await store.logBatch(run.info.runId, { metrics: i === 2 ? [] : [{ key: 'score', value: i % 3 }], params: { fold: `f${i % 2}` } });
      }
      const page = await store.searchRuns({ experimentIds: [experimentId], orderBy: ['metrics.score DESC'], maxResults: 2 });
      expect(page.items).toHaveLength(2);
      const names: string[] = [];
      for await (const run of store.searchAllRuns({ experimentIds: [experimentId], orderBy: ['metrics.score DESC'], maxResults: 2 })) names.push(run.info.runName);
      // score: r0=0, r1=1, r3=0, r4=1, r2 has none (last); ties broken by newest start first.
      expect(names).toEqual(['r4', 'r1', 'r3', 'r0', 'r2']);
      const f1 = await store.searchRuns({ experimentIds: [experimentId], filter: "params.fold = 'f1' and metrics.score >= 1" });
      expect(f1.items.map((r) => r.info.runName).sort()).toEqual(['r1']);

      const run = page.items[0]!;
      await expect(store.logBatch(run.info.runId, { params: { fold: 'changed' } })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
      await expect(store.logBatch(run.info.runId, { params: { 'bad\nkey': 'x' } })).rejects.toBeInstanceOf(MlflowValidationError);
      await expect(store.logBatch(run.info.runId, { params: { long: 'x'.repeat(6001) } })).rejects.toThrow(/param value ≤ 6000/);
      const missing = await store.getRun('0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
      expect(isMlflowError(missing, 'RESOURCE_DOES_NOT_EXIST')).toBe(true);
      await expect(store.getRun('../etc/passwd')).rejects.toBeInstanceOf(MlflowValidationError);
    });
  });
}

contract('TrackingStore contract: LocalTrackingStore (mlruns files)', async () => new LocalTrackingStore({ root: join(await mkdtemp(join(tmpdir(), 'msr-mlruns-')), 'mlruns') }), false);
contract(serverSuiteTitle('TrackingStore contract: RestTrackingStore', servers.v3, servers.skipReason), async () => createTrackingStore({ uri: servers.v3!.url }), !servers.v3);
contract(serverSuiteTitle('TrackingStore contract: RestTrackingStore', servers.v2, servers.skipReason), async () => createTrackingStore({ uri: servers.v2!.url }), !servers.v2);
