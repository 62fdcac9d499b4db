/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** The first wait; doubled on each further attempt. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /**
   * A source of numbers in [0, 1) for jitter: the wait is then drawn between half the full
   * delay and all of it, so clients that failed together do not retry together.
   * @default no jitter: the full delay
   */
  random?: () => number;
}

/**
 * Exponential backoff: `min(maxMs, baseMs × 2^(attempt − 1))`, with optional jitter; `attempt`
 * counts from 1.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseMs: 500, maxMs: 30_000 }); // 2000
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const full = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return options.random ? Math.round(full / 2 + (full / 2) * options.random()) : full;
}
