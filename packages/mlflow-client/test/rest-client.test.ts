import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MlflowHttpError, MlflowValidationError, createMlflowClient, type MlflowClient } from '../src/index.js';
import { freePort } from './mlflow-server/provision.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';

const servers = mlflowServers();

for (const [label, server] of [
  ['3.x', servers.v3],
  ['2.x', servers.v2],
] as const) {
  describe.skipIf(!server)(serverSuiteTitle(`MlflowClient against a real server ${label}`, server, servers.skipReason), () => {
    const client = (): MlflowClient => createMlflowClient({ trackingUri: server!.url });
    const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

    it('creates, finds, renames, tags, deletes and restores experiments', async () => {
      const c = client();
      const name = unique('exp');
      const id = await c.experiments.create(name, { tags: { team: 'msr' } });
      const byName = await c.experiments.getByName(name);
      expect(byName).toMatchObject({ experimentId: id, name, lifecycleStage: 'active', tags: { team: 'msr' } });
      expect(byName?.artifactLocation).toMatch(/^mlflow-artifacts:/);
      expect(await c.experiments.getByName(unique('missing'))).toBeUndefined();
      expect((await c.experiments.getOrCreate(name)).experimentId).toBe(id);

      await c.experiments.setTag(id, 'stage', 'dev');
      await c.experiments.rename(id, `${name}-renamed`);
      const renamed = await c.experiments.get(id);
      expect(renamed.name).toBe(`${name}-renamed`);
      expect(renamed.tags['stage']).toBe('dev');

      await c.experiments.delete(id);
      expect((await c.experiments.get(id)).lifecycleStage).toBe('deleted');
      await c.experiments.restore(id);
      expect((await c.experiments.get(id)).lifecycleStage).toBe('active');

      const found: string[] = [];
      for await (const e of c.experiments.searchAll({ filter: `name = '${name}-renamed'`, maxResults: 1 })) found.push(e.experimentId);
      expect(found).toEqual([id]);
    });

    it('surfaces server errors as typed errors with MLflow code, status, method and path', async () => {
      const c = client();
      const error = await c.experiments.get('987654321').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MlflowHttpError);
      expect(error).toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', status: 404, method: 'GET', path: '/api/2.0/mlflow/experiments/get' });
      const name = unique('dup');
      await c.experiments.create(name);
      await expect(c.experiments.create(name)).rejects.toMatchObject({ code: 'RESOURCE_ALREADY_EXISTS', status: 400 });
    });

    it('logs a run: params, tags, metrics with steps; splits big batches to the server limits', async () => {
      const c = client();
      const experimentId = await c.experiments.create(unique('runs'));
      const run = await c.runs.create({ experimentId, runName: 'gbc', tags: { model: 'gbc' }, startTime: 1_700_000_000_000 });
      const runId = run.info.runId;
      expect(run.info).toMatchObject({ experimentId, runName: 'gbc', status: 'RUNNING', startTime: 1_700_000_000_000 });

      const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, String(i)]));
      const tags = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`t${i}`, `v${i}`]));
      const metrics = Array.from({ length: 2500 }, (_, i) => ({ key: i % 2 ? 'loss' : 'accuracy', value: i / 2500, step: i, timestamp: 1_700_000_000_000 + i }));
      const { requests } = await c.runs.logBatch(runId, { params, tags, metrics });
      // 150 params → 2 chunks; then 120 tags fill 50 + 70; 2500 metrics in ≤1000-entry chunks.
      expect(requests).toBeGreaterThanOrEqual(4);
      expect(requests).toBeLessThanOrEqual(6);

      await c.runs.logMetric(runId, 'nan_metric', Number.NaN, { step: 1 });
      await c.runs.logParam(runId, 'lr', '0.008');
      await c.runs.setTag(runId, 'note', 'hello');
      await c.runs.end(runId, 'FINISHED', 1_700_000_100_000);

      const got = await c.runs.get(runId);
      expect(Object.keys(got.data.params)).toHaveLength(151);
      expect(got.data.params['p149']).toBe('149');
      expect(got.data.tags).toMatchObject({ model: 'gbc', t119: 'v119', note: 'hello' });
      expect(got.data.metrics['accuracy']).toBeCloseTo(2498 / 2500);
      expect(got.data.metrics['nan_metric']).toBeNaN();
      expect(got.info).toMatchObject({ status: 'FINISHED', endTime: 1_700_000_100_000 });

      const history = await c.runs.getMetricHistory(runId, 'loss');
      expect(history).toHaveLength(1250);
      expect(new Set(history.map((m) => m.step)).size).toBe(1250);
      expect(history.find((m) => m.step === 1)).toMatchObject({ value: 1 / 2500, timestamp: 1_700_000_000_001 });
    });

    it('rejects a param value change with the server code, and bad keys before any request', async () => {
      const c = client();
      const experimentId = await c.experiments.create(unique('params'));
      const { info } = await c.runs.create({ experimentId });
      await c.runs.logParam(info.runId, 'depth', '5');
      await c.runs.logParam(info.runId, 'depth', '5'); // same value: accepted
      await expect(c.runs.logParam(info.runId, 'depth', '6')).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', status: 400 });
      const bad = await c.runs.logBatch(info.runId, { metrics: [{ key: 'a/../b', value: 1 }] }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(MlflowValidationError);
      expect((bad as MlflowValidationError).argument).toBe('metrics[0].key');
    });

    it('searches runs ordered by a metric, page by page and with the async iterator', async () => {
      const c = client();
      const experimentId = await c.experiments.create(unique('search'));
      for (let i = 0; i < 7; i++) {
        const { info } = await c.runs.create({ experimentId, runName: `r${i}` });
        await c.runs.logBatch(info.runId, { metrics: [{ key: 'accuracy', value: (i * 37) % 11 }], params: { i: String(i) } });
        await c.runs.end(info.runId);
      }
      const first = await c.runs.search({ experimentIds: [experimentId], orderBy: ['metrics.accuracy DESC'], maxResults: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.nextPageToken).toBeTruthy();
      const all: number[] = [];
      for await (const run of c.runs.searchAll({ experimentIds: [experimentId], orderBy: ['metrics.accuracy DESC'], maxResults: 2 })) {
        all.push(run.data.metrics['accuracy'] as number);
      }
      expect(all).toHaveLength(7);
      expect(all).toEqual([...all].sort((a, b) => b - a));
      const filtered = await c.runs.search({ experimentIds: [experimentId], filter: "params.i = '3'" });
      expect(filtered.items.map((r) => r.info.runName)).toEqual(['r3']);
    });

    it('records the datasets a run used', async () => {
      const c = client();
      const experimentId = await c.experiments.create(unique('inputs'));
      const { info } = await c.runs.create({ experimentId });
      await c.runs.logInputs(info.runId, [
        { name: 'song_df', digest: 'abc123', sourceType: 'local', source: '{"uri": "data/song_df.csv"}', schema: undefined, profile: '{"rows": 9500}', tags: { 'mlflow.data.context': 'training' } },
      ]);
      const run = await c.runs.get(info.runId);
      expect(run.inputs).toEqual([
        { name: 'song_df', digest: 'abc123', sourceType: 'local', source: '{"uri": "data/song_df.csv"}', schema: undefined, profile: '{"rows": 9500}', tags: { 'mlflow.data.context': 'training' } },
      ]);
    });

    it('uploads, lists and downloads artifacts through the proxy', async () => {
      const c = client();
      const experimentId = await c.experiments.create(unique('artifacts'));
      const { info } = await c.runs.create({ experimentId });
      const dir = await mkdtemp(join(tmpdir(), 'msr-art-'));
      await mkdir(join(dir, 'src', 'nested'), { recursive: true });
      await writeFile(join(dir, 'src', 'a.txt'), 'alpha');
      await writeFile(join(dir, 'src', 'nested', 'b.json'), '{"b":1}');
      expect((await c.artifacts.upload(info.runId, join(dir, 'src'), 'bundle')).sort()).toEqual(['bundle/a.txt', 'bundle/nested/b.json']);
      await c.artifacts.upload(info.runId, join(dir, 'src', 'a.txt'));

      const top = await c.artifacts.list(info.runId);
      expect(top.map((f) => [f.path, f.isDir])).toEqual([
        ['a.txt', false],
        ['bundle', true],
      ]);
      const inner = await c.artifacts.list(info.runId, 'bundle');
      expect(inner.find((f) => f.path === 'bundle/a.txt')?.fileSize).toBe(5);

      const out = join(dir, 'out');
      const local = await c.artifacts.download(info.runId, 'bundle', out);
      expect(await readFile(join(local, 'nested', 'b.json'), 'utf8')).toBe('{"b":1}');
      const single = await c.artifacts.download(info.runId, 'a.txt', join(dir, 'single'));
      expect(await readFile(single, 'utf8')).toBe('alpha');
    });

    it('manages registered models, versions, tags and aliases', async () => {
      const c = client();
      const experimentId = await c.experiments.create(unique('registry'));
      const { info } = await c.runs.create({ experimentId });
      const name = unique('model');
      const model = await c.registry.createModel(name, { description: 'genre classifier', tags: { owner: 'msr' } });
      expect(model).toMatchObject({ name, description: 'genre classifier', tags: { owner: 'msr' } });
      const source = `${info.artifactUri}/model`;
      const v1 = await c.registry.createVersion(name, { source, runId: info.runId });
      const v2 = await c.registry.createVersion(name, { source, runId: info.runId });
      expect([v1.version, v2.version]).toEqual(['1', '2']);
      await c.registry.setAlias(name, 'champion', '1');
      await c.registry.setAlias(name, 'champion', '2');
      expect((await c.registry.getVersionByAlias(name, 'champion'))?.version).toBe('2');
      expect(await c.registry.getVersionByAlias(name, 'nobody')).toBeUndefined();
      expect((await c.registry.getModel(name))?.aliases).toEqual({ champion: '2' });
      await c.registry.setVersionTag(name, '1', 'validated', 'yes');
      expect((await c.registry.getVersion(name, '1')).tags).toEqual({ validated: 'yes' });
      const versions = await c.registry.searchVersions({ filter: `name = '${name}'` });
      expect(versions.items.map((v) => v.version).sort()).toEqual(['1', '2']);
      await c.registry.deleteAlias(name, 'champion');
      expect(await c.registry.getVersionByAlias(name, 'champion')).toBeUndefined();
      await c.registry.deleteVersion(name, '1');
      await c.registry.deleteModel(name);
      expect(await c.registry.getModel(name)).toBeUndefined();
    });

    it('reports health', async () => {
      expect(await client().health()).toBe(true);
      const nothing = await freePort();
      expect(await createMlflowClient({ trackingUri: `http://127.0.0.1:${nothing}` }).health()).toBe(false);
    });
  });
}
