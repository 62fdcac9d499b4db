import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { AppEnv } from '../http/app-env.js';
import { ServerError } from '../http/errors.js';
import type { RateLimitStoreFactory } from '../http/rate-limit.js';

// One round trip, atomic: count the hit and start the window on its first hit.
const INCREMENT = `
local hits = redis.call('incr', KEYS[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then
  redis.call('pexpire', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }`;
// Never below zero.
const DECREMENT = `
local hits = tonumber(redis.call('get', KEYS[1]) or '0')
if hits > 0 then redis.call('decr', KEYS[1]) end
return hits`;

/**
 * A fixed-window hit counter in Redis, shared by every server instance: a `hono-rate-limiter`
 * `Store` whose increment is one Lua script (`INCR`, and `PEXPIRE` on a window's first hit), so
 * concurrent requests on several instances never lose a count or restart a window. Windows are
 * timed by Redis; `resetTime` is reported on the injected clock. When Redis cannot be reached the
 * request fails with 503 and `Retry-After` rather than going unlimited.
 */
export class RedisRateLimitStore implements Store<AppEnv> {
  readonly localKeys = false;
  readonly prefix: string;
  #windowMs = 60_000;
  readonly #redis: Redis;
  readonly #clock: Clock;

  constructor(redis: Redis, clock: Clock, prefix: string) {
    this.#redis = redis;
    this.#clock = clock;
    this.prefix = prefix;
  }

  init(options: { windowMs: number }): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const replies = await this.#call(() => this.#redis.multi().get(this.prefix + key).pttl(this.prefix + key).exec());
    const hits = replies?.[0]?.[1] as string | null | undefined;
    const ttl = Number(replies?.[1]?.[1] ?? -2);
    if (hits === null || hits === undefined || ttl < 0) return undefined;
    return { totalHits: Number(hits), resetTime: new Date(this.#clock.now() + ttl) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [hits, ttl] = (await this.#call(() => this.#redis.eval(INCREMENT, 1, this.prefix + key, String(this.#windowMs)))) as [number, number];
    return { totalHits: hits, resetTime: new Date(this.#clock.now() + ttl) };
  }

  async decrement(key: string): Promise<void> {
    await this.#call(() => this.#redis.eval(DECREMENT, 1, this.prefix + key));
  }

  async resetKey(key: string): Promise<void> {
    await this.#call(() => this.#redis.del(this.prefix + key));
  }

  async #call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (cause) {
      throw new ServerError('ERR_RATE_LIMIT_STORE', 'the rate-limit store (Redis) cannot be reached; try again shortly', { headers: { 'Retry-After': '5' }, cause });
    }
  }
}

/** The rate-limit stores of a server on Redis: one {@link RedisRateLimitStore} per limit, under `<prefix>:rate-limit:<limit>:`. */
export function redisRateLimits(redis: Redis, clock: Clock, prefix: string): RateLimitStoreFactory {
  return (rule) => new RedisRateLimitStore(redis, clock, `${prefix}:rate-limit:${rule.name}:`);
}
