/**
 * The feed's job scheduler on a real Redis: two "servers" schedule the same feed, two workers
 * consume it, and every tick yields exactly one run. The pipeline is a one-stage stand-in so a
 * tick takes milliseconds; the scheduling and orchestration are the real ones.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RunLock } from '../dag/run-lock.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { directoryArtifactStore } from './artifact-store.js';
import { PipelineQueue } from './pipeline-queue.js';
import { startPipelineWorker, type PipelineWorker } from './pipeline-worker.js';
import type { StageFactory } from './stage-processor.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';

const redis = testRedis();

const oneStage: StageFactory = (manager) => [
  {
    name: 'touch',
    deps: [],
    outs: [join(manager.rootDir, 'data', 'touched.txt')],
    run: async () => writeFile(join(manager.rootDir, 'data', 'touched.txt'), 'touched\n'),
  },
];

describe.skipIf(!redis.url)(`the feed's job scheduler${skipNote(redis.skipReason)}`, () => {
  let fx: PipelineRoot;
  let shared: string;
  let servers: PipelineQueue[] = [];
  let workers: PipelineWorker[] = [];
  const prefix = `t${Date.now()}s`;

  beforeAll(async () => {
    fx = await pipelineRoot(5);
    shared = await mkdtemp(join(tmpdir(), 'msr-sched-'));
    const artifacts = directoryArtifactStore(join(shared, 'cas'));
    servers = await Promise.all([0, 1].map(() => PipelineQueue.connect({ redis: redis.url!, artifacts, prefix })));
    workers = await Promise.all(
      [0, 1].map((i) => startPipelineWorker({ redis: redis.url!, artifacts, prefix, workDir: join(shared, `w${i}`), stages: oneStage, lockDurationMs: 5_000, stalledIntervalMs: 1_000 })),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.unscheduleFeed().catch(() => false)));
    await Promise.all([...servers, ...workers].map((x) => x.close()));
    await Promise.all([fx?.root, shared].map((d) => d && rm(d, { recursive: true, force: true })));
  });

  it('two schedulers of one feed give one scheduler and one run per tick', async () => {
    const options = { rootDir: fx.root, files: { config: fx.config }, tracking: null, cron: '* * * * * *' };
    const finished: { runId: string; ran: string[] }[] = [];
    const stopListening = await servers[1]!.onRunFinished((run) => finished.push(run));
    // Gated on runs finishing, not on sleeps: on a loaded machine ticks come late (never early).
    const until = (done: () => boolean | Promise<boolean>, what: string) => vi.waitUntil(done, { timeout: 40_000, interval: 50 }).catch(() => expect.fail(`timed out waiting for ${what}`));
    const started = Date.now();
    await Promise.all(servers.map((s) => s.scheduleFeed(options)));
    const scheduled = await servers[1]!.status();
    expect(scheduled.schedule).toMatchObject({ pattern: '* * * * * *', timezone: 'UTC' });
    await until(() => finished.length >= 3, 'three scheduled runs');
    // Both servers re-schedule mid-way (a params change): still one scheduler.
    await Promise.all(servers.map((s) => s.scheduleFeed(options)));
    const before = finished.length;
    await until(() => finished.length >= before + 2, 'two more runs after re-scheduling');
    expect(await servers[0]!.unscheduleFeed()).toBe(true);
    // Let the last tick's run finish and be heard of.
    await until(async () => {
      const { queues, runs } = await servers[0]!.status(100);
      return queues.runs.active + queues.runs.waiting + queues.runs.prioritized === 0 && finished.length === runs.filter((r) => r.scheduled).length;
    }, 'the last run to finish');
    const elapsed = Date.now() - started;

    const status = await servers[0]!.status(100);
    expect(status.schedule).toBeNull();
    const runs = status.runs.filter((r) => r.scheduled);
    const ticks = runs.map((r) => Number(/_(\d+)$/.exec(r.runId)?.[1]));
    expect(ticks.every((t) => Number.isFinite(t))).toBe(true);
    // One run per tick: no tick twice, ticks at least a second apart, so no more runs than
    // seconds elapsed (two schedulers must not double them).
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(ticks.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1_000) + 1);
    const sorted = [...ticks].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(1_000);
    // Every server hears of every finished run, and can check its outputs out.
    await stopListening();
    expect(finished.map((r) => r.runId).sort()).toEqual(runs.map((r) => r.runId).sort());
    const elsewhere = await pipelineRoot(5);
    try {
      const changed = await servers[1]!.checkout({ rootDir: elsewhere.root, files: { config: elsewhere.config }, tracking: null });
      expect(changed).toEqual([join(elsewhere.root, 'data', 'touched.txt')]);
      expect(await readFile(changed[0]!, 'utf8')).toBe('touched\n');
      // A checkout waits for another checkout of the same root (a server's model watcher and its own job).
      const other = await RunLock.acquire({ path: join(elsewhere.root, '.msr', 'run.lock'), runId: 'checkout-other', pid: process.pid, host: hostname(), heartbeatMs: 0 });
      const released = new Promise((r) => setTimeout(r, 300)).then(() => other.release());
      expect(await servers[1]!.checkout({ rootDir: elsewhere.root, files: { config: elsewhere.config }, tracking: null })).toEqual([]);
      await released;
    } finally {
      await rm(elsewhere.root, { recursive: true, force: true });
    }
    // The first run built the (stand-in) pipeline; later ones found it up to date. On a loaded
    // machine a tick may come while the previous run still holds the lock: it is recorded as
    // busy and runs nothing (one active run, as the original DAG), never a second time.
    expect(runs.filter((r) => r.status !== 'succeeded' && r.status !== 'busy')).toEqual([]);
    const succeeded = runs.filter((r) => r.status === 'succeeded');
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.at(-1)).toMatchObject({ kind: 'feed', ran: ['touch'] });
    expect(runs.filter((r) => r !== succeeded.at(-1) && r.ran.length > 0)).toEqual([]);
  }, 120_000);
});
