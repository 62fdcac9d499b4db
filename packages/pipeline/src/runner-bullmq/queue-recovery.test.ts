/**
 * What the scale-out guide promises when things fail, on real Redis servers of the test's own
 * (so they can be crashed): a Redis restarted without persistence loses the run and the caller
 * is told; with an append-only file the run survives a Redis crash; and a killed orchestrating
 * worker's run is resumed by another `msr worker` process.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findRedisServer, startRedis, type RunningRedis } from '../../test/redis/start-redis.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { LockHeldError } from '../dag/run-lock.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { directoryArtifactStore } from './artifact-store.js';
import { PipelineQueue } from './pipeline-queue.js';
import { startPipelineWorker, type PipelineWorker } from './pipeline-worker.js';
import type { StageFactory } from './stage-processor.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';
import { spawnWorker, stopWorker, type SpawnedWorker } from './__fixtures__/spawn-worker.js';

const redis = testRedis();

/**
 * A gate the test opens: the stage below runs until then, so Redis can be crashed (or a second
 * run refused) under it however slow the machine is, instead of hoping a fixed sleep outlasts it.
 */
function opening(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
let gate = opening();
beforeEach(() => {
  gate = opening();
});

/** One stage that runs until the test opens the gate. */
const slowStage: StageFactory = (manager) => [
  {
    name: 'slow',
    deps: [],
    outs: [join(manager.rootDir, 'data', 'slow.txt')],
    always: true,
    run: async (ctx) => {
      await Promise.race([gate.promise, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))]);
      await writeFile(join(manager.rootDir, 'data', 'slow.txt'), 'done\n');
    },
  },
];

describe.skipIf(!redis.url)(`the BullMQ runner when Redis or a worker dies${skipNote(redis.skipReason)}`, () => {
  let fx: PipelineRoot;
  let scratch: string;
  let server: RunningRedis | undefined;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    fx = await pipelineRoot(30);
    scratch = await mkdtemp(join(tmpdir(), 'msr-recovery-'));
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
    await server?.stop();
    server = undefined;
  });
  afterAll(async () => {
    await Promise.all([fx?.root, scratch].map((d) => d && rm(d, { recursive: true, force: true })));
  });

  const crashUnderARun = async (persist: boolean): Promise<{ run: Promise<unknown>; queue: PipelineQueue; workers: PipelineWorker[] }> => {
    const bin = (await findRedisServer())!;
    server = await startRedis(bin, { persist });
    const artifacts = directoryArtifactStore(join(scratch, `cas-${persist}`));
    const workers = await Promise.all([0, 1].map((i) => startPipelineWorker({ redis: server!.url, artifacts, workDir: join(scratch, `w${i}`), stages: slowStage, lockDurationMs: 2_000, stalledIntervalMs: 500 })));
    closers.push(...workers.map((w) => () => w.close()));
    const queue = await PipelineQueue.connect({ redis: server.url, artifacts });
    closers.push(() => queue.close());
    let started!: () => void;
    const stageStarted = new Promise<void>((r) => (started = r));
    const run = queue.runPipeline({ rootDir: fx.root, files: { config: fx.config }, tracking: null, retryDelayMs: 100, checkout: false, onEvent: (e) => e.type === 'stage-start' && started() });
    run.catch(() => {});
    await stageStarted;
    // A crash: no shutdown save; only what the append-only file already holds survives.
    const { port, dir } = server;
    await server.stop({ signal: 'SIGKILL', keepDir: true });
    server = await startRedis(bin, { port, dir, persist });
    gate.resolve();
    return { run, queue, workers };
  };

  it('without persistence, a Redis crash loses the run: the caller is told, and the next run redoes the stage', async () => {
    const { run, queue } = await crashUnderARun(false);
    await expect(run).rejects.toMatchObject({ code: 'ERR_QUEUE_RUN_LOST' });
    gate.resolve(); // (already open)
    const again = await queue.runPipeline({ rootDir: fx.root, files: { config: fx.config }, tracking: null, checkout: false });
    expect(again.ran).toEqual(['slow']);
  }, 60_000);

  it('with an append-only file, the run survives a Redis crash and completes', async () => {
    const { run } = await crashUnderARun(true);
    await expect(run).resolves.toMatchObject({ ran: ['slow'] });
  }, 60_000);

  it('retries a failing stage after the delay, and refuses a second run while one holds the lock', async () => {
    const bin = (await findRedisServer())!;
    server = await startRedis(bin);
    const artifacts = directoryArtifactStore(join(scratch, 'cas-retry'));
    let attempts = 0;
    // Fails its first attempt (a flaky network, say), then succeeds.
    const flaky: StageFactory = (manager, deps) => [
      {
        ...slowStage(manager, deps)[0]!,
        run: async (ctx) => {
          if (++attempts === 1) throw new Error('ECONNRESET from somewhere');
          await slowStage(manager, deps)[0]!.run(ctx);
        },
      },
    ];
    const workers = await Promise.all([0, 1].map((i) => startPipelineWorker({ redis: server!.url, artifacts, workDir: join(scratch, `r${i}`), stages: flaky })));
    closers.push(...workers.map((w) => () => w.close()));
    const queue = await PipelineQueue.connect({ redis: server.url, artifacts });
    closers.push(() => queue.close());
    const events: PipelineEvent[] = [];
    let started!: () => void;
    const secondAttempt = new Promise<void>((r) => (started = r));
    const first = queue.runPipeline({ rootDir: fx.root, files: { config: fx.config }, tracking: null, retryDelayMs: 300, checkout: false, onEvent: (e) => (events.push(e), e.type === 'stage-start' && e.attempt === 2 && started()) });
    await secondAttempt;
    const refused = await queue.runPipeline({ rootDir: fx.root, files: { config: fx.config }, tracking: null, checkout: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockHeldError);
    gate.resolve();
    const result = await first;
    expect((refused as LockHeldError).holder?.runId).toBe(result.runId);
    expect(result.stages[0]).toMatchObject({ name: 'slow', status: 'ran', attempts: 2 });
    expect(events.find((e) => e.type === 'stage-retry')).toMatchObject({ stage: 'slow', attempt: 1, delayMs: 300, error: 'ECONNRESET from somewhere' });
  }, 60_000);

  it('resumes a run whose orchestrating worker was killed, on another worker process', async () => {
    const artifacts = join(scratch, 'cas-spawned');
    const args = ['--redis', redis.url!, '--artifacts', artifacts, '--prefix', `t${Date.now()}r`, '--json', '--lock-duration', '10000', '--stalled-interval', '2000'];
    // Locks of 10 s: a loaded machine delays lock renewals by seconds, and a job that misses
    // its renewal twice is failed as stalled; the killed orchestrator's lock expires in 10 s.
    // Both workers are up before the run starts, so no start-up has to fit inside the run; the
    // one that takes the run job is killed as soon as it says so.
    const workers: SpawnedWorker[] = await Promise.all(['o', 'p'].map((d) => spawnWorker([...args, '--work-dir', join(scratch, d)])));
    closers.push(() => Promise.all(workers.map(stopWorker)));
    const queue = await PipelineQueue.connect({ redis: redis.url!, artifacts: directoryArtifactStore(artifacts), prefix: args[5]! });
    closers.push(() => queue.close());
    const root = await pipelineRoot(30);
    closers.push(() => rm(root.root, { recursive: true, force: true }));
    // 600 boosting rounds: the run lasts far longer than it takes to kill its orchestrator.
    const params = join(root.root, 'slow-params.yaml');
    await writeFile(params, (await readFile(root.quickParams, 'utf8')).replace('n_estimators: 20', 'n_estimators: 600'));
    const running = queue.runPipeline({ rootDir: root.root, files: { config: root.config, params }, tracking: null, retryDelayMs: 100 });
    running.catch(() => {});
    const took = workers.map((w, i) =>
      w.waitFor(/"type":"job-start","queue":"msr-runs"/, 90_000).then(
        () => i,
        () => -1,
      ),
    );
    const first = await Promise.race(took);
    expect(first).toBeGreaterThanOrEqual(0);
    const orchestrator = workers[first]!;
    const survivor = workers[1 - first]!;
    expect(orchestrator.log()).not.toMatch(/"type":"job-done","queue":"msr-runs"/);
    orchestrator.child.kill('SIGKILL');
    await orchestrator.exited;
    const result = await running;
    expect(result.ran).toEqual([...PIPELINE_STAGES]);
    // The other worker took the run job over and ran the rest.
    expect(survivor.log()).toMatch(/"type":"job-start","queue":"msr-runs"/);
    expect(survivor.log()).toMatch(/"jobId":"[^"]+\.model_assembly","name":"model_assembly","status":"ran"/);
  }, 240_000);
});
