import type { Redis } from 'ioredis';
import { LockHeldError, type RunLockInfo } from '../dag/run-lock.js';

// Take the lock if free, or re-take it for the same run (an orchestrator resumed after a crash).
const ACQUIRE = `
local current = redis.call('get', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('set', KEYS[1], ARGV[1], 'px', ARGV[3])
  redis.call('set', KEYS[2], ARGV[2], 'px', ARGV[3])
  return false
end
return redis.call('get', KEYS[2]) or ''`;
const RENEW = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('pexpire', KEYS[1], ARGV[3])
redis.call('set', KEYS[2], ARGV[2], 'px', ARGV[3])
return 1`;
const RELEASE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1], KEYS[2])
return 1`;

/** Options of {@link RedisRunLock.acquire}. */
export interface RedisRunLockOptions {
  /** The lock's key; its holder is kept at `<key>:holder`. */
  key: string;
  /** Who takes it. */
  holder: Omit<RunLockInfo, 'heartbeatAt'>;
  /** The lock expires this long after the last renewal, so a dead holder frees it by itself. @default 60000 */
  ttlMs?: number;
  /** How often it is renewed. @default ttlMs / 3 */
  renewMs?: number;
  /** The clock. @default Date.now */
  clock?: () => number;
  /** Told once when a renewal finds the lock gone or taken (the run should stop). */
  onLost?: (reason: string) => void;
}

/**
 * One active pipeline run across every worker: a Redis key set with `NX` and an expiry, renewed
 * while the run lives and deleted (only by its holder, in a Lua script) when it ends. A holder
 * that dies stops renewing, and the key expires `ttlMs` later.
 */
export class RedisRunLock {
  readonly #redis: Redis;
  readonly #o: Required<Omit<RedisRunLockOptions, 'onLost'>> & Pick<RedisRunLockOptions, 'onLost'>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #released = false;

  private constructor(redis: Redis, options: Required<Omit<RedisRunLockOptions, 'onLost'>> & Pick<RedisRunLockOptions, 'onLost'>) {
    this.#redis = redis;
    this.#o = options;
  }

  /**
   * Takes the lock.
   * @throws `LockHeldError` naming the holder when another run has it.
   */
  static async acquire(redis: Redis, options: RedisRunLockOptions): Promise<RedisRunLock> {
    const ttlMs = options.ttlMs ?? 60_000;
    const o = { ttlMs, renewMs: options.renewMs ?? Math.max(1, Math.floor(ttlMs / 3)), clock: options.clock ?? Date.now, key: options.key, holder: options.holder, onLost: options.onLost };
    const info = JSON.stringify({ ...o.holder, heartbeatAt: o.clock() });
    const held = (await redis.eval(ACQUIRE, 2, o.key, `${o.key}:holder`, o.holder.runId, info, String(ttlMs))) as string | null;
    if (held !== null) throw new LockHeldError(`redis ${o.key}`, parseHolder(held));
    const lock = new RedisRunLock(redis, o);
    lock.#timer = setInterval(() => void lock.renew(), o.renewMs);
    lock.#timer.unref?.();
    return lock;
  }

  /** Renews the expiry now; false (and `onLost`) when this run no longer holds the lock. */
  async renew(): Promise<boolean> {
    if (this.#released) return false;
    const o = this.#o;
    let ok: boolean;
    try {
      ok = (await this.#redis.eval(RENEW, 2, o.key, `${o.key}:holder`, o.holder.runId, JSON.stringify({ ...o.holder, heartbeatAt: o.clock() }), String(o.ttlMs))) === 1;
    } catch {
      // Redis unreachable for a moment: the next renewal tries again; the key outlives a few misses.
      return true;
    }
    if (!ok && !this.#released) {
      this.#stop();
      o.onLost?.(`the run lock ${o.key} expired or was taken by another run`);
    }
    return ok;
  }

  /** Releases the lock if this run holds it. Idempotent. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#stop();
    await this.#redis.eval(RELEASE, 2, this.#o.key, `${this.#o.key}:holder`, this.#o.holder.runId);
  }

  #stop(): void {
    this.#released = true;
    if (this.#timer) clearInterval(this.#timer);
  }
}

/** The holder recorded beside a run lock, or `null`. */
export async function readRedisLockHolder(redis: Redis, key: string): Promise<RunLockInfo | null> {
  return parseHolder(await redis.get(`${key}:holder`));
}

function parseHolder(text: string | null): RunLockInfo | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<RunLockInfo>;
    return typeof value.runId === 'string' && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'number' && typeof value.heartbeatAt === 'number' ? (value as RunLockInfo) : null;
  } catch {
    return null;
  }
}
