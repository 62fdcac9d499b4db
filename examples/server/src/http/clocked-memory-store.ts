import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import type { Clock } from '../clock.js';

/**
 * A fixed-window hit counter in process memory that reads time from an injected {@link Clock}.
 * It replaces `hono-rate-limiter`'s `MemoryStore`, which reads `Date.now()` and runs its own
 * interval timer, so tests can move time instead of waiting for it. Issue 9 swaps in a Redis
 * store through the same `Store` interface.
 */
export class ClockedMemoryStore implements Store {
  readonly localKeys = true;
  private windowMs = 60_000;
  private readonly hits = new Map<string, { totalHits: number; resetAt: number }>();
  private operations = 0;

  constructor(
    private readonly clock: Clock,
    /** Prefix that keeps the keys of several limiters apart. */
    readonly prefix = '',
  ) {}

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const entry = this.live(key);
    return entry ? { totalHits: entry.totalHits, resetTime: new Date(entry.resetAt) } : undefined;
  }

  increment(key: string): ClientRateLimitInfo {
    if (++this.operations % 1_000 === 0) this.sweep();
    let entry = this.live(key);
    if (!entry) {
      entry = { totalHits: 0, resetAt: this.clock.now() + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.totalHits++;
    return { totalHits: entry.totalHits, resetTime: new Date(entry.resetAt) };
  }

  decrement(key: string): void {
    const entry = this.live(key);
    if (entry && entry.totalHits > 0) entry.totalHits--;
  }

  resetKey(key: string): void {
    this.hits.delete(key);
  }

  resetAll(): void {
    this.hits.clear();
  }

  private live(key: string): { totalHits: number; resetAt: number } | undefined {
    const entry = this.hits.get(key);
    if (entry && entry.resetAt <= this.clock.now()) {
      this.hits.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Drops expired windows, so idle clients do not accumulate. */
  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}
