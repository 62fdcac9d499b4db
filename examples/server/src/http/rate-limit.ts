import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter, type Store } from 'hono-rate-limiter';
import type { Clock } from '../clock.js';
import type { AppEnv } from './app-env.js';
import { ClockedMemoryStore } from './clocked-memory-store.js';
import { ServerError } from './errors.js';

/** One rate limit. */
export interface LimitRule {
  /** Names the limit in messages and keeps its counters apart. */
  name: string;
  limit: number;
  windowMs: number;
  /** The counter key for a request (client address, user id); `undefined` skips the limit. */
  key: (c: Context<AppEnv>) => string | undefined;
  /**
   * Whether a request answered with a 4xx or 5xx still counts. `false` gives the hit back once
   * the response is known: a mistyped playlist or a server fault costs no recommendation.
   * @default true
   */
  countFailures?: boolean;
}

/** The state of one limit after counting a request. */
export interface LimitInfo {
  name: string;
  limit: number;
  windowMs: number;
  remaining: number;
  /** When the window ends, ms since the epoch. */
  resetAt: number;
}

/** Makes the counter store of a limit; issue 9 passes a Redis-backed one. */
export type RateLimitStoreFactory = (rule: LimitRule) => Store<AppEnv>;

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  clock: Clock;
  /** @default an in-memory store on `clock` */
  store?: RateLimitStoreFactory;
  /** Told of each refusal (metrics). */
  onReject?: (limit: string) => void;
}

/**
 * Counts requests against `rule` with `hono-rate-limiter`; past the limit it throws a 429
 * {@link ServerError} (`ERR_RATE_LIMITED`, 429) with `Retry-After` and `RateLimit-*` headers. Headers for requests under the
 * limit are set by {@link rateLimitHeaders}, once for all the limits a request passed.
 *
 * The library computes its own headers from `Date.now()`, which a fake clock cannot move, so
 * they are switched off and computed here from the injected clock.
 */
export function rateLimit(rule: LimitRule, options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const property = `rateLimit:${rule.name}`;
  const store = options.store?.(rule) ?? (new ClockedMemoryStore(options.clock, `${rule.name}:`) as Store<AppEnv>);
  const infoOf = (c: Context<AppEnv>): LimitInfo => {
    const raw = c.get(property as never) as { remaining: number; resetTime?: Date } | undefined;
    return {
      name: rule.name,
      limit: rule.limit,
      windowMs: rule.windowMs,
      remaining: raw?.remaining ?? 0,
      resetAt: raw?.resetTime?.getTime() ?? options.clock.now() + rule.windowMs,
    };
  };
  const limiter = rateLimiter<AppEnv>({
    windowMs: rule.windowMs,
    limit: rule.limit,
    standardHeaders: false,
    requestPropertyName: property,
    requestStorePropertyName: `${property}:store`,
    keyGenerator: (c) => `${rule.name}:${rule.key(c)}`,
    skip: (c) => rule.key(c) === undefined,
    skipFailedRequests: rule.countFailures === false,
    store,
    handler: (c) => {
      options.onReject?.(rule.name);
      const info = infoOf(c);
      const seconds = Math.max(1, Math.ceil((info.resetAt - options.clock.now()) / 1000));
      throw new ServerError('ERR_RATE_LIMITED', `too many requests (${rule.name}: ${rule.limit} per ${describeWindow(rule.windowMs)}); try again in ${seconds} s`, {
        headers: { 'Retry-After': String(seconds), ...limitHeaders([info], options.clock.now()) },
      });
    },
  });
  return async (c, next) => {
    await limiter(c, async () => {
      // A limit that skipped this request (another cost class) is not announced in its headers.
      if (rule.key(c) !== undefined) c.set('rateLimits', [...(c.get('rateLimits') ?? []), infoOf(c)]);
      await next();
    });
  };
}

/**
 * Sets `RateLimit-Policy`, `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
 * (IETF draft 6) from the tightest limit the request counted against.
 */
export function rateLimitHeaders(clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const infos = c.get('rateLimits');
    if (!infos || infos.length === 0 || c.res.headers.has('RateLimit-Limit')) return;
    for (const [name, value] of Object.entries(limitHeaders(infos, clock.now()))) c.res.headers.set(name, value);
  };
}

function limitHeaders(infos: LimitInfo[], now: number): Record<string, string> {
  const tightest = infos.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return {
    'RateLimit-Policy': infos.map((i) => `${i.limit};w=${Math.ceil(i.windowMs / 1000)}`).join(', '),
    'RateLimit-Limit': String(tightest.limit),
    'RateLimit-Remaining': String(tightest.remaining),
    'RateLimit-Reset': String(Math.max(0, Math.ceil((tightest.resetAt - now) / 1000))),
  };
}

function describeWindow(ms: number): string {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? 'day' : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return `${Math.round(ms / 1000)} s`;
}
