import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withDefaults } from '../util/with-defaults.js';
import { PipelineError } from '../errors/pipeline-error.js';

/** Who holds the run lock. */
export interface RunLockInfo {
  runId: string;
  pid: number;
  host: string;
  /** ms since the epoch. */
  startedAt: number;
  /** Last sign of life, ms since the epoch; refreshed every `heartbeatMs`. */
  heartbeatAt: number;
}

/** Another run holds the lock and is alive. */
export class LockHeldError extends PipelineError {
  override readonly name = 'LockHeldError';
  /** The holder, as read from the lock file. */
  readonly holder: RunLockInfo | null;

  constructor(path: string, holder: RunLockInfo | null, detail = '') {
    const who = holder ? `run ${holder.runId} (pid ${holder.pid} on ${holder.host}, started ${new Date(holder.startedAt).toISOString()})` : 'another run';
    super('ERR_LOCKED', `${path}: ${who} is in progress${detail}; one run at a time`);
    this.holder = holder;
  }
}

/** Options of {@link RunLock.acquire}. */
export interface RunLockOptions {
  /** The lock file. */
  path: string;
  /** This run's id. */
  runId: string;
  /** This process's id. */
  pid: number;
  /** This machine's name. */
  host: string;
  /** The clock. @default Date.now */
  clock?: () => number;
  /**
   * A lock of another machine whose heartbeat is older than this is stale (its holder is
   * presumed dead). Keep it above the longest synchronous step (a model fit), during which the
   * heartbeat cannot be refreshed. Locks of this machine are judged by their pid instead.
   * @default 60000
   */
  staleAfterMs?: number;
  /** How often the heartbeat is refreshed; 0 disables it. @default 10000 */
  heartbeatMs?: number;
  /**
   * Whether a process of this host is alive; a lock of this host whose pid is gone is stale at
   * once.
   * @default signal 0 through `process.kill`
   */
  isProcessAlive?: (pid: number) => boolean;
  /** Told when a stale lock is taken over. */
  onRecovered?: (previous: RunLockInfo | null, reason: string) => void;
}

/** Whether `pid` is a live process of this machine (signal 0 checks without sending). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock that allows one run at a time and survives crashes: the file records pid, host and a
 * heartbeat. A lock left by a dead process of this host, or whose heartbeat stopped more than
 * `staleAfterMs` ago, is recognised as stale and taken over (under a second exclusive file, so
 * two recovering runs cannot both win).
 *
 * @example
 * ```ts
 * const lock = await RunLock.acquire({ path: '.msr/run.lock', runId, pid: process.pid, host: hostname() });
 * try { … } finally { await lock.release(); }
 * ```
 */
export class RunLock {
  readonly #options: Required<Omit<RunLockOptions, 'onRecovered'>>;
  readonly #info: RunLockInfo;
  #timer: ReturnType<typeof setInterval> | undefined;
  #released = false;
  #inFlight: Promise<unknown> = Promise.resolve();
  /** The stale holder this lock was taken over from, if it was. */
  recovered: { previous: RunLockInfo | null; reason: string } | undefined;

  private constructor(options: Required<Omit<RunLockOptions, 'onRecovered'>>, info: RunLockInfo) {
    this.#options = options;
    this.#info = info;
  }

  /** The lock's content. */
  get info(): RunLockInfo {
    return { ...this.#info };
  }

  /**
   * Takes the lock, recovering a stale one.
   * @throws {@link LockHeldError} when a live run holds it.
   */
  static async acquire(options: RunLockOptions): Promise<RunLock> {
    const o = withDefaults({ clock: Date.now, staleAfterMs: 60_000, heartbeatMs: 10_000, isProcessAlive: processAlive }, options);
    const { onRecovered, ...required } = o;
    const now = o.clock();
    const info: RunLockInfo = { runId: o.runId, pid: o.pid, host: o.host, startedAt: now, heartbeatAt: now };
    await mkdir(dirname(o.path), { recursive: true });
    for (let round = 0; round < 3; round++) {
      if (await createExclusive(o.path, JSON.stringify(info))) return new RunLock(required, info).#start();
      const holder = await readHolder(o.path);
      const stale = await staleReason(holder, o);
      if (stale === undefined) throw new LockHeldError(o.path, holder);
      const takeover = `${o.path}.takeover`;
      if (!(await createExclusive(takeover, JSON.stringify(info)))) {
        const age = await ageOf(takeover, o.clock);
        if (age !== undefined && age < o.staleAfterMs) throw new LockHeldError(o.path, holder, ' (another run is recovering the stale lock)');
        await rm(takeover, { force: true });
        continue;
      }
      try {
        // Re-check under the takeover file: the holder may have been replaced meanwhile.
        const again = await readHolder(o.path);
        if (sameHolder(again, holder)) {
          await writeFileAtomic(o.path, JSON.stringify(info));
          onRecovered?.(holder, stale);
          const lock = new RunLock(required, info);
          lock.recovered = { previous: holder, reason: stale };
          return lock.#start();
        }
      } finally {
        await rm(takeover, { force: true });
      }
    }
    throw new LockHeldError(o.path, await readHolder(o.path), ' (the lock kept changing hands)');
  }

  #start(): this {
    if (this.#options.heartbeatMs > 0) {
      this.#timer = setInterval(() => void this.heartbeat(), this.#options.heartbeatMs);
      this.#timer.unref?.();
    }
    return this;
  }

  /** Refreshes the heartbeat now (also done every `heartbeatMs`). Returns false if the lock was lost. */
  heartbeat(): Promise<boolean> {
    // One beat at a time, and release waits for the one in flight: a beat that had read the
    // holder before release removed the file would otherwise write the file back.
    const beat = this.#inFlight.then(() => this.#beat());
    this.#inFlight = beat.catch(() => undefined);
    return beat;
  }

  async #beat(): Promise<boolean> {
    if (this.#released) return false;
    const holder = await readHolder(this.#options.path);
    if (this.#released || holder?.runId !== this.#info.runId) return false;
    this.#info.heartbeatAt = this.#options.clock();
    await writeFileAtomic(this.#options.path, JSON.stringify(this.#info));
    return true;
  }

  /** Releases the lock if this run still holds it. Idempotent. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#inFlight;
    const holder = await readHolder(this.#options.path);
    if (holder?.runId === this.#info.runId) await rm(this.#options.path, { force: true });
  }
}

/** Reads who holds the lock at `path`: `null` when there is no file, or it is empty or garbled. */
export async function readHolder(path: string): Promise<RunLockInfo | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<RunLockInfo>;
    if (typeof value.runId === 'string' && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'number' && typeof value.heartbeatAt === 'number') {
      return value as RunLockInfo;
    }
    return null;
  } catch {
    // A crash while the lock was being created can leave it empty: it names no live holder.
    return null;
  }
}

async function staleReason(holder: RunLockInfo | null, o: { path: string; host: string; clock: () => number; staleAfterMs: number; isProcessAlive: (pid: number) => boolean }): Promise<string | undefined> {
  if (holder === null) {
    // An empty file is either being written right now or was left by a crash during creation.
    const age = await ageOf(o.path, o.clock);
    return age === undefined || age > Math.min(o.staleAfterMs, 2_000) ? 'the lock file names no holder' : undefined;
  }
  if (holder.host === o.host) {
    // On this machine the process table is the truth: a live holder may be busy in a long
    // synchronous fit that keeps its heartbeat timer from firing.
    return o.isProcessAlive(holder.pid) ? undefined : `process ${holder.pid} on ${holder.host} is gone`;
  }
  const silence = o.clock() - holder.heartbeatAt;
  if (silence > o.staleAfterMs) return `no heartbeat for ${Math.round(silence / 1000)} s`;
  return undefined;
}

function sameHolder(a: RunLockInfo | null, b: RunLockInfo | null): boolean {
  return a === null || b === null ? a === b : a.runId === b.runId && a.heartbeatAt === b.heartbeatAt;
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function ageOf(path: string, clock: () => number): Promise<number | undefined> {
  try {
    return clock() - (await stat(path)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
