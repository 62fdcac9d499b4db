import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOCAL_RUN_TAG,
  LocalTrackingStore,
  PUSH_COMPLETE_TAG,
  RestTrackingStore,
  createMlflowClient,
  pushLocalRuns,
  type PushProgress,
} from '../src/index.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';

const servers = mlflowServers();

for (const server of [servers.v3, servers.v2]) {
  describe.skipIf(!server)(serverSuiteTitle('pushLocalRuns: offline first, publish when connected', server, servers.skipReason), () => {
    it('copies runs with metrics (steps, timestamps), params, tags, artifacts and models; pushing again is a no-op', async () => {
      const root = join(await mkdtemp(join(tmpdir(), 'msr-push-')), 'mlruns');
      const local = new LocalTrackingStore({ root });
      const name = `offline-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
      const experiment = await local.getOrCreateExperiment(name, { tags: { origin: 'laptop' } });
      const files = await mkdtemp(join(tmpdir(), 'msr-push-files-'));
      await writeFile(join(files, 'model.json'), '{"clusters":3}');
      await writeFile(join(files, 'notes.txt'), 'offline run');

      const run = await local.createRun({ experimentId: experiment.experimentId, runName: 'gmm-rock', startTime: 1_700_000_000_000, tags: { genre: 'rock' } });
      const runId = run.info.runId;
      await local.logBatch(runId, {
        params: { n_components: 3, covariance_type: 'spherical' },
        metrics: Array.from({ length: 1500 }, (_, step) => ({ key: 'silhouette', value: step / 1500, step, timestamp: 1_700_000_000_000 + step })),
      });
      await local.logArtifacts(runId, join(files, 'notes.txt'));
      const localModel = await local.logModel(runId, { dir: files, name: 'gmm', flavor: { bundle: 'model.json' } });
      await local.endRun(runId, 'FINISHED', 1_700_000_009_000);

      const remote = new RestTrackingStore(createMlflowClient({ trackingUri: server!.url }));
      const events: PushProgress[] = [];
      const report = await pushLocalRuns(local, remote, { experimentNames: [name], onProgress: (e) => events.push(e) });
      expect(events).toEqual(report);
      expect(report).toHaveLength(1);
      const pushed = report[0]!;
      expect(pushed).toMatchObject({ experimentName: name, localRunId: runId, outcome: 'pushed' });

      const remoteExperiment = await remote.getExperimentByName(name);
      expect(remoteExperiment?.tags).toMatchObject({ origin: 'laptop' });
      const copy = await remote.getRun(pushed.remoteRunId);
      expect(copy.info).toMatchObject({ runName: 'gmm-rock', status: 'FINISHED', startTime: 1_700_000_000_000, endTime: 1_700_000_009_000 });
      expect(copy.data.params).toEqual({ n_components: '3', covariance_type: 'spherical' });
      expect(copy.data.tags).toMatchObject({ genre: 'rock', [LOCAL_RUN_TAG]: runId, [PUSH_COMPLETE_TAG]: 'true' });
      const history = await remote.getMetricHistory(pushed.remoteRunId, 'silhouette');
      expect(history).toHaveLength(1500);
      expect(history.find((m) => m.step === 700)).toMatchObject({ value: 700 / 1500, timestamp: 1_700_000_000_700 });
      expect((await remote.listArtifacts(pushed.remoteRunId)).map((f) => f.path)).toContain('notes.txt');

      const remoteModelUri = pushed.models[localModel.modelUri];
      expect(remoteModelUri).toBeDefined();
      const loaded = await remote.downloadModel(remoteModelUri!, await mkdtemp(join(tmpdir(), 'msr-push-dl-')));
      expect(await readFile(join(loaded.dir, 'model.json'), 'utf8')).toBe('{"clusters":3}');
      expect(loaded.mlmodel.flavors['msr']).toEqual({ bundle: 'model.json' });

      const again = await pushLocalRuns(local, remote, { experimentNames: [name] });
      expect(again.map((e) => [e.outcome, e.remoteRunId])).toEqual([['skipped', pushed.remoteRunId]]);
      expect(await remote.getMetricHistory(pushed.remoteRunId, 'silhouette')).toHaveLength(1500);
    });

    it('pushes a run still RUNNING without closing it, and resumes it once it has finished', async () => {
      const root = join(await mkdtemp(join(tmpdir(), 'msr-push-')), 'mlruns');
      const local = new LocalTrackingStore({ root });
      const name = `running-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
      const experiment = await local.getOrCreateExperiment(name);
      const run = await local.createRun({ experimentId: experiment.experimentId });
      const files = await mkdtemp(join(tmpdir(), 'msr-push-files-'));
      await writeFile(join(files, 'model.json'), '{}');
      await local.logModel(run.info.runId, { dir: files });
      await local.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: 1, step: 0, timestamp: 1 }] });
      const remote = new RestTrackingStore(createMlflowClient({ trackingUri: server!.url }));

      const first = await pushLocalRuns(local, remote, { experimentNames: [name] });
      expect(first.map((e) => e.outcome)).toEqual(['pushed']);
      const remoteRunId = first[0]!.remoteRunId;
      expect((await remote.getRun(remoteRunId)).info.status).toBe('RUNNING');

      await local.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: 0.5, step: 1, timestamp: 2 }] });
      await local.endRun(run.info.runId, 'FINISHED');
      const second = await pushLocalRuns(local, remote, { experimentNames: [name] });
      expect(second.map((e) => [e.outcome, e.remoteRunId])).toEqual([['resumed', remoteRunId]]);
      // The model was not logged a second time.
      expect(second[0]!.models).toEqual(first[0]!.models);
      const after = await remote.getRun(remoteRunId);
      expect(after.info.status).toBe('FINISHED');
      expect(after.modelOutputs.length).toBeLessThanOrEqual(1);
      expect((await remote.getMetricHistory(remoteRunId, 'loss')).map((m) => m.step)).toEqual([0, 1]);
      expect((await pushLocalRuns(local, remote, { experimentNames: [name] })).map((e) => e.outcome)).toEqual(['skipped']);
    });

    it('completes a push that was cut off, without logging any point twice', async () => {
      const root = join(await mkdtemp(join(tmpdir(), 'msr-push-')), 'mlruns');
      const local = new LocalTrackingStore({ root });
      const name = `resume-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
      const experiment = await local.getOrCreateExperiment(name);
      const run = await local.createRun({ experimentId: experiment.experimentId, runName: 'r' });
      await local.logBatch(run.info.runId, {
        params: { a: '1', b: '2' },
        metrics: Array.from({ length: 20 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step, timestamp: 1_700_000_000_000 + step })),
      });
      await local.endRun(run.info.runId);

      // Simulate an earlier push that died halfway: the run exists remotely with part of its data.
      const remote = new RestTrackingStore(createMlflowClient({ trackingUri: server!.url }));
      const target = await remote.getOrCreateExperiment(name);
      const partial = await remote.createRun({ experimentId: target.experimentId, runName: 'r', tags: { [LOCAL_RUN_TAG]: run.info.runId } });
      const firstHalf = (await local.getMetricHistory(run.info.runId, 'loss')).slice(0, 8);
      await remote.logBatch(partial.info.runId, { params: { a: '1' }, metrics: firstHalf });

      const report = await pushLocalRuns(local, remote, { experimentNames: [name] });
      expect(report.map((e) => [e.outcome, e.remoteRunId])).toEqual([['resumed', partial.info.runId]]);
      const history = await remote.getMetricHistory(partial.info.runId, 'loss');
      expect(history.map((m) => m.step).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect((await remote.getRun(partial.info.runId)).data.params).toEqual({ a: '1', b: '2' });
    });
  });
}
