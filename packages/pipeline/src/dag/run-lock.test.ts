/**
 * The run lock on its own, with an injected clock and process table: exclusivity, the stale-lock
 * rules (dead pid on this host, silent heartbeat elsewhere, an empty file, a takeover in
 * progress), the exact refusals, and the heartbeat. The crash of a real process is in
 * run-lock-crash.test.ts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { LockHeldError, processAlive, readHolder, RunLock, type RunLockInfo } from './run-lock.js';

let root: string;
let lockPath: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-lock-'));
  lockPath = join(root, '.msr/run.lock');
  await mkdir(join(root, '.msr'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const holder = (over: Partial<RunLockInfo> = {}): RunLockInfo => ({ runId: 'old', pid: 999_999, host: 'here', startedAt: 1_000, heartbeatAt: 1_000, ...over });

describe('RunLock', () => {
  it('is exclusive while held and free after release', async () => {
    const lock = await RunLock.acquire({ path: lockPath, runId: 'a', pid: 1, host: 'here', heartbeatMs: 0, isProcessAlive: () => true });
    expect(await readHolder(lockPath)).toMatchObject({ runId: 'a', pid: 1, host: 'here' });
    const error = await RunLock.acquire({ path: lockPath, runId: 'b', pid: 2, host: 'here', heartbeatMs: 0, isProcessAlive: () => true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).message).toContain('run a (pid 1 on here');
    await lock.release();
    await lock.release();
    expect(await readHolder(lockPath)).toBeNull();
    const again = await RunLock.acquire({ path: lockPath, runId: 'b', pid: 2, host: 'here', heartbeatMs: 0 });
    expect(await readHolder(lockPath)).toMatchObject({ runId: 'b', pid: 2 });
    await again.release();
  });

  it('leaves no lock file behind when a heartbeat is in flight as it is released', async () => {
    // Seen under load: the heartbeat had read the holder, release removed the file, then the
    // heartbeat wrote it back — a live process's stale lock made the next run fail LockHeldError.
    for (let i = 0; i < 30; i++) {
      const lock = await RunLock.acquire({ path: lockPath, runId: `r${i}`, pid: 1, host: 'here', heartbeatMs: 0, isProcessAlive: () => true });
      const beat = lock.heartbeat();
      await lock.release();
      await beat;
      expect(await readHolder(lockPath), `round ${i}`).toBeNull();
    }
  });

  it('takes over a lock whose process on this host is gone', async () => {
    await writeFile(lockPath, JSON.stringify(holder()));
    const recovered: string[] = [];
    const lock = await RunLock.acquire({ path: lockPath, runId: 'new', pid: 2, host: 'here', heartbeatMs: 0, clock: () => 2_000, isProcessAlive: (pid) => pid !== 999_999, onRecovered: (_p, reason) => recovered.push(reason) });
    expect(recovered).toEqual(['process 999999 on here is gone']);
    expect((await readHolder(lockPath))!.runId).toBe('new');
    await lock.release();
  });

  it('takes over a lock from another host only once its heartbeat is stale', async () => {
    await writeFile(lockPath, JSON.stringify(holder({ host: 'elsewhere', heartbeatAt: 50_000 })));
    const options = { path: lockPath, runId: 'new', pid: 2, host: 'here', heartbeatMs: 0, staleAfterMs: 60_000, isProcessAlive: () => false };
    await expect(RunLock.acquire({ ...options, clock: () => 100_000 })).rejects.toBeInstanceOf(LockHeldError);
    const recovered: string[] = [];
    const lock = await RunLock.acquire({ ...options, clock: () => 111_000, onRecovered: (_p, reason) => recovered.push(reason) });
    expect(recovered).toEqual(['no heartbeat for 61 s']);
    await lock.release();
  });

  it('never takes over from a live process of this host, however old its heartbeat', async () => {
    await writeFile(lockPath, JSON.stringify(holder({ heartbeatAt: 0 })));
    await expect(RunLock.acquire({ path: lockPath, runId: 'new', pid: 2, host: 'here', heartbeatMs: 0, clock: () => 10_000_000, isProcessAlive: () => true })).rejects.toBeInstanceOf(LockHeldError);
  });

  it('refreshes its heartbeat and notices when it lost the lock', async () => {
    let now = 1_000;
    const lock = await RunLock.acquire({ path: lockPath, runId: 'a', pid: 1, host: 'here', heartbeatMs: 0, clock: () => now });
    now = 5_000;
    expect(await lock.heartbeat()).toBe(true);
    expect((await readHolder(lockPath))!.heartbeatAt).toBe(5_000);
    await writeFileAtomic(lockPath, JSON.stringify(holder({ runId: 'thief' })));
    expect(await lock.heartbeat()).toBe(false);
    await lock.release();
    expect((await readHolder(lockPath))!.runId).toBe('thief'); // not ours to delete
  });

  it('treats an old empty lock file (a crash while creating it) as stale, but not a fresh one', async () => {
    await writeFile(lockPath, '');
    // Just created (it may be being written right now): held, not taken over.
    const fresh = await RunLock.acquire({ path: lockPath, runId: 'a', pid: 1, host: 'here', heartbeatMs: 0, clock: () => Date.now() }).catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(LockHeldError);
    expect(await readFile(lockPath, 'utf8')).toBe('');
    // Ten seconds later it is a crash's leftover: taken over, with the reason, and ours afterwards.
    const recovered: string[] = [];
    const lock = await RunLock.acquire({ path: lockPath, runId: 'a', pid: 1, host: 'here', heartbeatMs: 0, clock: () => Date.now() + 10_000, onRecovered: (previous, reason) => recovered.push(`${String(previous)}: ${reason}`) });
    expect(recovered).toEqual(['null: the lock file names no holder']);
    expect(await readHolder(lockPath)).toMatchObject({ runId: 'a', pid: 1, host: 'here' });
    await lock.release();
    expect(await readHolder(lockPath)).toBeNull();
  });
});

describe('RunLock, exactly', () => {
  const base = { path: '', runId: 'new', pid: 2, host: 'here', heartbeatMs: 0 };
  const at = (over: Partial<Parameters<typeof RunLock.acquire>[0]>) => RunLock.acquire({ ...base, path: lockPath, ...over });
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as LockHeldError);

  it('records who holds it, from the clock, in a folder it creates', async () => {
    const path = join(root, 'deep', 'er', 'run.lock');
    const lock = await RunLock.acquire({ ...base, path, clock: () => 7_000 });
    const info: RunLockInfo = { runId: 'new', pid: 2, host: 'here', startedAt: 7_000, heartbeatAt: 7_000 };
    expect(lock.info).toEqual(info);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(info);
    expect(lock.recovered).toBeUndefined();
    lock.info.runId = 'changed'; // a copy
    expect(lock.info.runId).toBe('new');
    await lock.release();
    expect(await readdir(join(root, 'deep', 'er'))).toEqual([]);
  });

  it('names the live holder, the path and the rule in its refusal', async () => {
    await writeFile(lockPath, JSON.stringify(holder({ runId: 'r1', pid: 42, host: 'box', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5) })));
    const error = await refusal(at({ clock: () => 1_000, isProcessAlive: () => true, host: 'box' }));
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toMatchObject({ code: 'ERR_LOCKED', name: 'LockHeldError', holder: holder({ runId: 'r1', pid: 42, host: 'box', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5) }) });
    expect(error!.message).toBe(`${lockPath}: run r1 (pid 42 on box, started 2026-01-02T03:04:05.000Z) is in progress; one run at a time`);
    expect(new LockHeldError('p', null).message).toBe('p: another run is in progress; one run at a time');
    expect(new LockHeldError('p', null, ' (detail)')).toMatchObject({ holder: null, message: 'p: another run is in progress (detail); one run at a time' });
  });

  it('judges another host by its heartbeat: silent for exactly staleAfterMs is alive, a millisecond more is stale', async () => {
    await writeFile(lockPath, JSON.stringify(holder({ host: 'elsewhere', heartbeatAt: 40_000 })));
    const pidsAsked: number[] = [];
    const options = { staleAfterMs: 10_000, isProcessAlive: (pid: number) => (pidsAsked.push(pid), false) };
    expect(await refusal(at({ ...options, clock: () => 50_000 }))).toBeInstanceOf(LockHeldError);
    const reasons: string[] = [];
    const lock = await at({ ...options, clock: () => 50_001, onRecovered: (previous, reason) => reasons.push(`${previous!.runId}: ${reason}`) });
    expect(reasons).toEqual(['old: no heartbeat for 10 s']);
    expect(pidsAsked).toEqual([]); // another machine's process table says nothing
    expect(lock.recovered).toEqual({ previous: holder({ host: 'elsewhere', heartbeatAt: 40_000 }), reason: 'no heartbeat for 10 s' });
    expect(await readHolder(lockPath)).toEqual({ runId: 'new', pid: 2, host: 'here', startedAt: 50_001, heartbeatAt: 50_001 });
    expect(await readdir(join(root, '.msr'))).toEqual(['run.lock']); // the takeover file is gone
    await lock.release();
  });

  it('takes the default 60 s staleness for another host', async () => {
    await writeFile(lockPath, JSON.stringify(holder({ host: 'elsewhere', heartbeatAt: 0 })));
    expect(await refusal(at({ clock: () => 60_000 }))).toBeInstanceOf(LockHeldError);
    const lock = await at({ clock: () => 60_001 });
    expect(lock.recovered?.reason).toBe('no heartbeat for 60 s');
    await lock.release();
  });

  it('asks the process table about a holder of this host, by its pid', async () => {
    await writeFile(lockPath, JSON.stringify(holder({ pid: 31 })));
    const asked: number[] = [];
    const lock = await at({ clock: () => 1_000, isProcessAlive: (pid) => (asked.push(pid), false) });
    expect(asked).toEqual([31]);
    expect(lock.recovered?.reason).toBe('process 31 on here is gone');
    await lock.release();
  });

  it('gives an empty lock file min(staleAfterMs, 2 s) to be written before calling it a crash leftover', async () => {
    await writeFile(lockPath, '');
    const mtime = 1_700_000_000; // seconds
    await utimes(lockPath, mtime, mtime);
    const written = mtime * 1000;
    expect(await refusal(at({ clock: () => written + 2_000 }))).toMatchObject({ holder: null, message: `${lockPath}: another run is in progress; one run at a time` });
    expect(await refusal(at({ clock: () => written + 500, staleAfterMs: 500 }))).toBeInstanceOf(LockHeldError);
    const short = await at({ clock: () => written + 501, staleAfterMs: 500 });
    expect(short.recovered).toEqual({ previous: null, reason: 'the lock file names no holder' });
    await short.release();
    await writeFile(lockPath, '{"runId":"x"}'); // garbled: names no holder either
    await utimes(lockPath, mtime, mtime);
    const lock = await at({ clock: () => written + 2_001 });
    expect(lock.recovered?.reason).toBe('the lock file names no holder');
    await lock.release();
  });

  it('leaves a stale lock to a run already recovering it, until that takeover itself is stale', async () => {
    await writeFile(lockPath, JSON.stringify(holder()));
    const takeover = `${lockPath}.takeover`;
    await writeFile(takeover, 'x');
    const mtime = 1_700_000_000;
    await utimes(takeover, mtime, mtime);
    const options = { staleAfterMs: 5_000, isProcessAlive: () => false };
    const error = await refusal(at({ ...options, clock: () => mtime * 1000 + 4_999 }));
    expect(error).toMatchObject({ holder: holder(), message: expect.stringContaining('is in progress (another run is recovering the stale lock); one run at a time') });
    expect(await readFile(takeover, 'utf8')).toBe('x');
    // Exactly staleAfterMs old: the recovering run is presumed dead, its takeover removed, and the lock taken.
    const lock = await at({ ...options, clock: () => mtime * 1000 + 5_000 });
    expect(lock.recovered?.reason).toBe('process 999999 on here is gone');
    expect(await readdir(join(root, '.msr'))).toEqual(['run.lock']);
    await lock.release();
  });

  it('does not take over a lock that changed hands while it was judged, and gives up after three rounds', async () => {
    for (const change of [(n: number) => ({ runId: `r${n}` }), (n: number) => ({ heartbeatAt: 1_000 + n })]) {
      await writeFile(lockPath, JSON.stringify(holder()));
      let n = 0;
      // Each time the holder is judged, another run replaces it (a new holder, or the same one's heartbeat).
      const isProcessAlive = (): boolean => {
        writeFileSync(lockPath, JSON.stringify(holder(change(++n))));
        return false;
      };
      const recovered: string[] = [];
      const error = await refusal(at({ clock: () => 2_000, isProcessAlive, onRecovered: (_p, reason) => recovered.push(reason) }));
      expect(error).toMatchObject({ holder: holder(change(3)), message: expect.stringContaining('is in progress (the lock kept changing hands); one run at a time') });
      expect(n).toBe(3);
      expect(recovered).toEqual([]);
      expect(await readdir(join(root, '.msr'))).toEqual(['run.lock']);
    }
  });

  it('beats on its own every heartbeatMs, and not after release', async () => {
    let now = 1_000;
    const lock = await at({ heartbeatMs: 5, clock: () => now });
    now = 2_000;
    for (let i = 0; i < 2_000 && (await readHolder(lockPath))?.heartbeatAt !== 2_000; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await readHolder(lockPath))?.heartbeatAt).toBe(2_000);
    await lock.release();
    expect(await lock.heartbeat()).toBe(false);
    expect(await readHolder(lockPath)).toBeNull();
  });

  it('says it lost the lock, and releases quietly, when its file was removed by someone else', async () => {
    const lock = await at({ clock: () => 1_000 });
    await rm(lockPath);
    expect(await lock.heartbeat()).toBe(false);
    await lock.release();
    expect(await readHolder(lockPath)).toBeNull();
  });

  it('takes the lock normally when its holder let go while it was being judged', async () => {
    await writeFile(lockPath, JSON.stringify(holder()));
    const isProcessAlive = (): boolean => {
      rmSync(lockPath); // the holder finished and released meanwhile
      return false;
    };
    const recovered: string[] = [];
    const lock = await at({ clock: () => 2_000, isProcessAlive, onRecovered: (_p, reason) => recovered.push(reason) });
    expect(lock.recovered).toBeUndefined();
    expect(recovered).toEqual([]);
    expect(await readHolder(lockPath)).toMatchObject({ runId: 'new' });
    await lock.release();
  });

  it('does not take over an empty lock file that was completed while it was judged', async () => {
    await writeFile(lockPath, '');
    const live = holder({ runId: 'writer', pid: 5 });
    let calls = 0;
    // The age check reads the clock: at that moment the run that created the file finishes writing it.
    const clock = (): number => {
      if (++calls === 2) writeFileSync(lockPath, JSON.stringify(live));
      return Date.now() + 60_000;
    };
    const error = await refusal(at({ clock, isProcessAlive: (pid) => pid === 5 }));
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error!.holder).toEqual(live);
  });

  it('takes over a lock file that names no holder and vanished while it was judged', async () => {
    await writeFile(lockPath, '');
    let calls = 0;
    const clock = (): number => {
      if (++calls === 2) rmSync(lockPath);
      return 5_000;
    };
    const lock = await at({ clock });
    expect(lock.recovered).toEqual({ previous: null, reason: 'the lock file names no holder' });
    await lock.release();
  });

  it('does not beat when heartbeatMs is 0', async () => {
    let now = 1_000;
    const lock = await at({ heartbeatMs: 0, clock: () => now });
    now = 2_000;
    await new Promise((r) => setTimeout(r, 50));
    expect((await readHolder(lockPath))?.heartbeatAt).toBe(1_000);
    await lock.release();
  });
});

describe('readHolder', () => {
  it('reads a complete holder, and null for no file, an empty or garbled one, or a field of the wrong type', async () => {
    expect(await readHolder(lockPath)).toBeNull();
    await writeFile(lockPath, JSON.stringify(holder()));
    expect(await readHolder(lockPath)).toEqual(holder());
    for (const text of ['', 'not json', 'null', '{}', ...(['runId', 'pid', 'host', 'startedAt', 'heartbeatAt'] as const).map((k) => JSON.stringify({ ...holder(), [k]: k === 'pid' || k.endsWith('At') ? String(holder()[k]) : 1 }))]) {
      await writeFile(lockPath, text);
      expect(await readHolder(lockPath), text).toBeNull();
    }
  });

  it('does not hide other read errors', async () => {
    await mkdir(join(root, 'folder.lock'));
    await expect(readHolder(join(root, 'folder.lock'))).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('processAlive', () => {
  it('is true for this process and false for a pid that is not running', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 1)).toBe(false); // above Linux's pid_max
  });
});
