import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.js';
import { migrate, openDatabase, type Database } from '../db/database.js';
import { MemoryLogger } from '../logging/logger.js';
import { MemoryModelStore } from './model-store.js';
import { ForkRetrainRunner, type ForkRetrainRunnerOptions } from './fork-retrain-runner.js';

/** The scripted test double: these tests are about the runner, not about training (src/adapters covers that). */
const WORKER = fileURLToPath(new URL('../test-doubles/scripted-retrain-worker.ts', import.meta.url));
const TSX = ['--conditions=@msr/source', '--import', import.meta.resolve('tsx')];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(env: Record<string, string> = {}, options: Partial<ForkRetrainRunnerOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'msr-retrain-'));
  const db: Database = await openDatabase({ url: ':memory:' });
  await migrate(db);
  const store = new MemoryModelStore<{ version: string }>();
  store.swap({ version: 'previous' }, { version: 'previous' });
  const logger = new MemoryLogger();
  const runner = new ForkRetrainRunner({
    db,
    clock: new FakeClock(),
    logger,
    script: WORKER,
    execArgv: TSX,
    env: { ...process.env, ...env },
    onSucceeded: async (result) => {
      const { version } = result as { version: string };
      store.swap({ version }, { version });
    },
    ...options,
  });
  cleanups.push(async () => {
    await runner.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { runner, store, db, logger };
}

describe('ForkRetrainRunner', () => {
  it('runs the worker in a child process, records progress and result, hot-swaps the model', async () => {
    const { runner, store } = await setup();
    const job = await runner.start({ requestedBy: 'ada', params: { GradientBoostingClassifier: { learning_rate: 0.1 } } });
    expect(job).toMatchObject({ kind: 'retrain', status: 'running', requestedBy: 'ada', progress: 0, message: 'starting' });
    await runner.idle();
    const done = await runner.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, message: 'done writing' });
    expect(done?.result).toEqual({ version: `scripted-${job.id.slice(0, 8)}`, kind: 'retrain', params: { GradientBoostingClassifier: { learning_rate: 0.1 } } });
    expect(store.current()?.info.version).toBe(`scripted-${job.id.slice(0, 8)}`);
  });

  it('one job at a time, whatever its kind: a second start is a 409 naming the running job', async () => {
    const { runner } = await setup({ MSR_SCRIPTED_STEP_MS: '200' });
    const first = await runner.start({ params: {}, kind: 'feed' });
    expect((await runner.activeJob())?.id).toBe(first.id);
    await expect(runner.start({ params: {} })).rejects.toMatchObject({
      status: 409,
      code: 'ERR_RETRAIN_RUNNING',
      message: `the scheduled feed is already running (job ${first.id}); retrains and the feed share one job slot: wait for it to finish`,
    });
    await runner.idle();
    expect((await runner.start({ params: {} })).status).toBe('running');
    await runner.idle();
    expect((await runner.list()).map((j) => [j.kind, j.status])).toEqual([
      ['retrain', 'succeeded'],
      ['feed', 'succeeded'],
    ]);
    expect((await runner.get(first.id))?.result).toMatchObject({ kind: 'feed' });
  });

  it('a job that fails halfway is marked failed and the previous model keeps serving', async () => {
    const { runner, store } = await setup({ MSR_SCRIPTED_FAIL_AT: '0.5' });
    const job = await runner.start({ params: {} });
    await runner.idle();
    const failed = await runner.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'failed on purpose at 50% (MSR_SCRIPTED_FAIL_AT)' });
    expect(failed!.progress).toBeCloseTo(0.4);
    expect(store.current()?.info.version).toBe('previous');
  });

  it('a worker that crashes is failed with its exit and stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, 'crash.mjs');
    writeFileSync(script, `process.stderr.write('out of memory, pretend\\n'); process.exit(3);`);
    const { runner, store } = await setup({}, { script, execArgv: [] });
    const job = await runner.start({ params: {} });
    await runner.idle();
    const failed = await runner.get(job.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/^worker exited \(code 3\) before reporting a result: out of memory, pretend$/);
    expect(store.current()?.info.version).toBe('previous');
  });

  it('a model that cannot be loaded fails the job and keeps the previous one', async () => {
    const { runner, store } = await setup({}, { onSucceeded: async () => Promise.reject(new Error('corrupt model file')) });
    const job = await runner.start({ params: {} });
    await runner.idle();
    expect((await runner.get(job.id))?.error).toBe('the job finished but its model could not be loaded; the previous model keeps serving: corrupt model file');
    expect(store.current()?.info.version).toBe('previous');
  });

  it('kills a job that runs past its timeout', async () => {
    const { runner } = await setup({ MSR_SCRIPTED_STEP_MS: '5000' }, { timeoutMs: 300 });
    const job = await runner.start({ params: {} });
    await runner.idle();
    expect((await runner.get(job.id))?.error).toBe('timed out after 300 ms');
  });

  it('fails jobs left running by a dead process so a new one can start', async () => {
    const { runner, db } = await setup();
    await db.execute(`INSERT INTO retrain_jobs (id, status, created_at, heartbeat_at) VALUES ('orphan', 'running', 0, 0)`);
    const job = await runner.start({ params: {} });
    await runner.idle();
    expect((await runner.get('orphan'))).toMatchObject({ status: 'failed', error: 'interrupted: the process running it stopped' });
    expect((await runner.get(job.id))?.status).toBe('succeeded');
  });
});
