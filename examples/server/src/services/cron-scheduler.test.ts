import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.js';
import { systemClock } from '../clock.js';
import { migrate, openDatabase, type Database } from '../db/database.js';
import { MemoryLogger } from '../logging/logger.js';
import { CronScheduler } from './cron-scheduler.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function memoryDb(): Promise<Database> {
  const db = await openDatabase({ url: ':memory:' });
  await migrate(db);
  cleanups.push(() => db.close());
  return db;
}

describe('CronScheduler lease', () => {
  it('runs a slot once across processes and records the run', async () => {
    const db = await memoryDb();
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 20, 0, 300));
    let calls = 0;
    const make = (holderId: string) => new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '20 * * * *', holderId, task: async () => ({ calls: ++calls }) });
    const a = make('process-a');
    const b = make('process-b');
    const slot = a.slotAt(clock.now());
    expect(new Date(slot).toISOString()).toBe('2026-01-01T10:20:00.000Z');
    const [ra, rb] = await Promise.all([a.tick('schedule', slot), b.tick('schedule', slot)]);
    expect([ra, rb].filter(Boolean)).toHaveLength(1);
    await Promise.all([a.idle(), b.idle()]);
    // The slot is spent: a late process does not run it again once the lease is released.
    expect(await b.tick('schedule', slot)).toBeUndefined();
    expect(calls).toBe(1);
    const runs = await a.runs();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ slot, trigger: 'schedule', status: 'succeeded', summary: { calls: 1 } });
    // The next slot runs.
    clock.advance(3_600_000);
    expect(await b.tick('schedule', b.slotAt(clock.now()))).toBeDefined();
    await b.idle();
    expect(calls).toBe(2);
  });

  it('a crashed holder blocks others only until its lease expires', async () => {
    const db = await memoryDb();
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 20, 0));
    let release!: () => void;
    const stuck = new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '20 * * * *', leaseMs: 60_000, holderId: 'stuck', task: () => new Promise((r) => (release = () => r({}))) });
    const other = new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '20 * * * *', leaseMs: 60_000, holderId: 'other', task: async () => ({ ok: true }) });
    expect(await stuck.tick('manual', clock.now())).toBeDefined();
    await expect(other.runNow()).rejects.toMatchObject({ status: 409, code: 'ERR_SCHEDULER_BUSY' });
    clock.advance(61_000); // the holder stopped renewing (it "crashed")
    expect(await other.runNow()).toMatchObject({ trigger: 'manual', holder: 'other' });
    await other.idle();
    release();
    await stuck.idle();
    const statuses = (await other.runs()).map((r) => `${r.holder}:${r.status}`);
    expect(statuses.sort()).toEqual(['other:succeeded', 'stuck:succeeded']);
  });

  it('a run of a process that died mid-run is shown failed once its lease expires', async () => {
    const db = await memoryDb();
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 20, 0));
    const dead = new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '20 * * * *', holderId: 'dead', task: () => new Promise(() => {}) });
    const other = new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '20 * * * *', holderId: 'other', task: async () => ({ ok: true }) });
    expect(await dead.tick('manual', clock.now())).toBeDefined();
    expect((await other.runs())[0]).toMatchObject({ holder: 'dead', status: 'running' });
    clock.advance(60_001); // the default lease: the process is gone and renews nothing
    expect((await other.runs())[0]).toMatchObject({ holder: 'dead', status: 'failed', error: 'interrupted: the process running it stopped renewing its lease' });
    expect(await other.runNow()).toMatchObject({ holder: 'other' });
    await other.idle();
  });

  it('records a failed task with its error and frees the lease', async () => {
    const db = await memoryDb();
    const clock = new FakeClock();
    const s = new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '20 * * * *', task: async () => Promise.reject(new Error('feed unreachable')) });
    await s.runNow();
    await s.idle();
    expect((await s.runs())[0]).toMatchObject({ status: 'failed', error: 'feed unreachable' });
    expect((await s.status()).lease?.expiresAt).toBe(0);
    expect(await s.runNow()).toBeDefined();
    await s.idle();
  });

  it('reports its status and next run in its timezone', async () => {
    const db = await memoryDb();
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 10, 0, 0));
    const s = new CronScheduler({ db, clock, logger: new MemoryLogger(), cron: '0 9 * * *', timezone: 'Europe/Stockholm', task: async () => {} });
    const status = await s.status();
    // 09:00 in Stockholm (UTC+2 in June) is 07:00 UTC: the next one is tomorrow.
    expect(new Date(status.nextRunAt!).toISOString()).toBe('2026-06-02T07:00:00.000Z');
    expect(status).toMatchObject({ enabled: true, busy: false, cron: '0 9 * * *', timezone: 'Europe/Stockholm' });
  });

  it('refuses a malformed pattern when built', () => {
    expect(() => new CronScheduler({ db: undefined as never, clock: systemClock, logger: new MemoryLogger(), cron: 'every hour', task: async () => {} })).toThrow();
  });
});

describe('CronScheduler on a real timer', () => {
  it('three processes on one database file run each second once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-cron-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `file:${join(dir, 'db.sqlite')}`;
    const setup = await openDatabase({ url });
    await migrate(setup);
    setup.close();
    const schedulers: CronScheduler[] = [];
    let calls = 0;
    for (let i = 0; i < 3; i++) {
      // One client each, as three server processes would have.
      const db = await openDatabase({ url });
      cleanups.push(() => db.close());
      schedulers.push(new CronScheduler({ db, clock: systemClock, logger: new MemoryLogger(), cron: '* * * * * *', holderId: `p${i}`, task: async () => ({ by: i, call: ++calls }) }));
    }
    // Gated on runs, not on a sleep: on a loaded machine seconds are missed, never doubled.
    const started = Date.now();
    schedulers.forEach((s) => s.start());
    await vi.waitUntil(() => calls >= 3, { timeout: 20_000, interval: 50 });
    await Promise.all(schedulers.map((s) => s.stop()));
    const elapsed = Date.now() - started;
    const runs = await schedulers[0]!.runs(100);
    const slots = runs.map((r) => r.slot).sort((a, b) => a - b);
    expect(runs.length).toBe(calls);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1_000) + 1);
    expect(new Set(slots).size).toBe(slots.length);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(1_000);
    expect(runs.every((r) => r.status === 'succeeded' && r.trigger === 'schedule')).toBe(true);
  }, 30_000);

  it('stop() aborts a running task and waits for it', async () => {
    const db = await memoryDb();
    let aborted = false;
    const s = new CronScheduler({
      db,
      clock: systemClock,
      logger: new MemoryLogger(),
      cron: '20 * * * *',
      task: ({ signal }) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ stopped: true });
          });
        }),
    });
    await s.runNow();
    await s.stop();
    expect(aborted).toBe(true);
    expect((await s.runs())[0]).toMatchObject({ status: 'succeeded', summary: { stopped: true } });
  });
});
