/**
 * What a worker leaves behind (issue 16, item 11): scratch roots of a worker killed mid-job are
 * removed by the next `msr worker` started on the folder (a real process), and `close()` has a
 * deadline — a stage that never ends does not hold a stopping worker for good.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { directoryArtifactStore } from './artifact-store.js';
import { PipelineQueue } from './pipeline-queue.js';
import { startPipelineWorker } from './pipeline-worker.js';
import type { StageFactory } from './stage-processor.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';
import { spawnWorker, stopWorker } from './__fixtures__/spawn-worker.js';

const redis = testRedis();

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe.skipIf(!redis.url)(`a worker's scratch and shutdown${skipNote(redis.skipReason)}`, () => {
  let scratch: string;
  let fx: PipelineRoot;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'msr-worker-shutdown-'));
    fx = await pipelineRoot(30);
  });
  afterAll(async () => {
    await Promise.all([scratch, fx?.root].map((d) => d && rm(d, { recursive: true, force: true })));
  });

  it('the next worker on a folder removes the scratch roots of workers killed mid-job, and only those', async () => {
    const workDir = join(scratch, 'work');
    const dead = `job-${await deadPid()}-a1b2c3`;
    const live = `job-${process.pid}-d4e5f6`; // a worker still running (this process)
    for (const dir of [dead, live, 'notes']) {
      await mkdir(join(workDir, dir, 'data'), { recursive: true });
      await writeFile(join(workDir, dir, 'data', 'songs.csv'), 'half-written\n');
    }
    const worker = await spawnWorker(['--redis', redis.url!, '--artifacts', join(scratch, 'cas'), '--prefix', `t${Date.now()}s`, '--work-dir', workDir]);
    try {
      expect((await readdir(workDir)).sort()).toEqual([live, 'notes'].sort());
    } finally {
      await stopWorker(worker);
    }
  }, 60_000);

  it('close() gives up on a stage that does not end after closeTimeoutMs', async () => {
    const prefix = `t${Date.now()}c`;
    const artifacts = directoryArtifactStore(join(scratch, 'cas-close'));
    let started!: () => void;
    const inStage = new Promise<void>((r) => (started = r));
    const stuck: StageFactory = (manager) => [
      { name: 'stuck', deps: [], outs: [join(manager.rootDir, 'data', 'stuck.txt')], always: true, run: () => (started(), new Promise<never>(() => {})) },
    ];
    const worker = await startPipelineWorker({ redis: redis.url!, artifacts, prefix, workDir: join(scratch, 'w-close'), stages: stuck, closeTimeoutMs: 500 });
    const queue = await PipelineQueue.connect({ redis: redis.url!, artifacts, prefix });
    try {
      queue.runPipeline({ rootDir: fx.root, files: { config: fx.config }, tracking: null, checkout: false }).catch(() => {});
      await inStage;
      const t0 = Date.now();
      await worker.close();
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await queue.close();
    }
  }, 60_000);
});
