/**
 * The BullMQ runner against a real Redis and real `msr worker` processes: the full pipeline on
 * two workers gives the same model as the in-process runner, and the local checkout is what an
 * in-process run considers up to date.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { ModelAssemblyResult } from '../stages/model-assembly.js';
import { directoryArtifactStore } from './artifact-store.js';
import { spawnWorker, stopWorker, type SpawnedWorker } from './__fixtures__/spawn-worker.js';
import { PipelineQueue } from './pipeline-queue.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';

const redis = testRedis();

describe.skipIf(!redis.url)(`the BullMQ runner on two worker processes${skipNote(redis.skipReason)}`, () => {
  let inProcess: PipelineRoot;
  let queued: string;
  let shared: string;
  let workers: SpawnedWorker[] = [];
  let queue: PipelineQueue;
  const prefix = `t${Date.now()}a`;

  beforeAll(async () => {
    inProcess = await pipelineRoot(30);
    queued = await mkdtemp(join(tmpdir(), 'msr-queued-'));
    shared = await mkdtemp(join(tmpdir(), 'msr-artifacts-'));
    const args = ['--redis', redis.url!, '--artifacts', shared, '--prefix', prefix, '--json'];
    workers = await Promise.all([0, 1].map((i) => spawnWorker([...args, '--work-dir', join(queued, `.worker-${i}`)])));
    queue = await PipelineQueue.connect({ redis: redis.url!, artifacts: directoryArtifactStore(shared), prefix });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await Promise.all(workers.map(stopWorker));
    await Promise.all([inProcess, { root: queued }, { root: shared }].map((r) => r && rm(r.root, { recursive: true, force: true })));
  });

  it('runs every stage, spread over both workers, into the same bundle as the in-process runner; then everything is up to date', async () => {
    const local = await runPipeline({ rootDir: inProcess.root, files: { config: inProcess.config, params: inProcess.quickParams }, tracker: null });
    expect(local.ran).toEqual([...PIPELINE_STAGES]);

    // The queued root has the same files; its dataset lies outside it (an uploaded input).
    await copyFile(inProcess.quickParams, join(queued, 'params.yaml'));
    const files = { config: inProcess.config, params: join(queued, 'params.yaml') };
    const events: PipelineEvent[] = [];
    const remote = await queue.runPipeline({ rootDir: queued, files, tracking: null, retryDelayMs: 100, onEvent: (e) => events.push(e) });
    expect(remote.ran).toEqual([...PIPELINE_STAGES]);
    expect(remote.skipped).toEqual([]);

    // The same model: the bundle's version hashes its parts (tracking off: no run ids) and the files agree but for the assembly time.
    const version = (r: typeof local) => (r.stages.find((s) => s.name === 'model_assembly')!.result as ModelAssemblyResult).version;
    expect(version(remote)).toBe(version(local));
    const bundle = async (root: string) => {
      const parsed = JSON.parse(await readFile(join(root, 'models_best/recommender.json'), 'utf8')) as { training: { createdAt?: unknown } };
      delete parsed.training.createdAt;
      return parsed;
    };
    expect(await bundle(queued)).toEqual(await bundle(inProcess.root));
    // Results name paths under the caller's root.
    expect((remote.stages.find((s) => s.name === 'model_assembly')!.result as ModelAssemblyResult).bundlePath).toBe(join(queued, 'models_best/recommender.json'));

    // Events of every stage came back through job progress, from both workers.
    for (const stage of PIPELINE_STAGES) expect(events.some((e) => e.type === 'stage-done' && e.stage === stage)).toBe(true);
    expect(events.filter((e) => e.type === 'stage-progress' && e.phase === 'training').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'run-done', status: 'succeeded' });
    const stageJobsDone = workers.map((w) => (w.log().match(/"type":"job-done","queue":"msr-stages"/g) ?? []).length);
    expect(stageJobsDone.every((n) => n >= 1)).toBe(true);
    expect(stageJobsDone.reduce((a, b) => a + b)).toBe(PIPELINE_STAGES.length);

    // Again: nothing to do.
    const again = await queue.runPipeline({ rootDir: queued, files, tracking: null });
    expect(again.ran).toEqual([]);
    expect(again.skipped).toEqual([...PIPELINE_STAGES]);
    // The checkout wrote a local msr.lock the in-process runner agrees with.
    const inProcessAfter = await runPipeline({ rootDir: queued, files, tracker: null });
    expect(inProcessAfter.ran).toEqual([]);
    // And the local history has both queued runs.
    const status = await queue.status();
    expect(status.runs.slice(0, 2).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(status.workers.stages).toHaveLength(2);
    expect(status.runLock).toBeNull();
  });

  it('refuses an unknown target before queueing anything', async () => {
    const before = (await queue.status()).queues.runs;
    const error = await queue.runPipeline({ rootDir: queued, files: { config: inProcess.config }, tracking: null, targets: ['model_trainr'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_UNKNOWN_STAGE', badInput: true });
    expect((error as Error).message).toContain('no stage is named "model_trainr"');
    expect((await queue.status()).queues.runs).toEqual(before);
  });
});
