import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { DagRunner } from './dag-runner.js';
import type { PipelineEvent } from './pipeline-event.js';
import { LockHeldError, readHolder, RunLock, type RunLockInfo } from './run-lock.js';

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

describe('a crash in the middle of a stage', () => {
  it('leaves the previous output intact, the lock is recognised as stale, and a re-run completes', async () => {
    await writeFile(join(root, 'source.txt'), 'v2');
    await writeFile(join(root, 'out.txt'), 'previous output');
    const script = fileURLToPath(new URL('./__fixtures__/crash-mid-stage.ts', import.meta.url));
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawnSync(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', script, root], { cwd: repo, encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    expect(await readFile(join(root, 'out.txt'), 'utf8')).toBe('previous output');
    const dead = await readHolder(lockPath);
    expect(dead!.pid).toBe(child.pid);

    const events: PipelineEvent[] = [];
    const runner = new DagRunner({
      lockFile: join(root, 'msr.lock'),
      runLockFile: lockPath,
      onEvent: (e) => events.push(e),
      stages: [{ name: 'write', deps: [join(root, 'source.txt')], outs: [join(root, 'out.txt')], run: async () => writeFileAtomic(join(root, 'out.txt'), 'new output') }],
    });
    const result = await runner.run();
    expect(result.status).toBe('succeeded');
    expect(events.find((e) => e.type === 'lock-recovered')).toMatchObject({ reason: `process ${child.pid} on ${dead!.host} is gone` });
    expect(await readFile(join(root, 'out.txt'), 'utf8')).toBe('new output');
    // The crash's orphaned temp file was removed on recovery; the run lock is released.
    expect((await readdir(root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(join(root, '.msr'))).filter((f) => f === 'run.lock')).toEqual([]);
  });
});
