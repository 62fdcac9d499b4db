import { backoffDelay, parseRetryAfter } from '@msr/io/http';
import {
  MlflowHttpError,
  MlflowNetworkError,
  MlflowTimeoutError,
} from '../errors/mlflow-error.js';
import type { RetryClass } from './endpoints.js';
import type { NormalizedOptions } from './options.js';

/** Statuses after which a call may be tried again (per its {@link RetryClass}). */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * What to do after a failed attempt: `retry` sends the same request again, `reconcile` first
 * asks the endpoint what landed, `fail` gives up.
 */
export type RetryDecision = 'retry' | 'reconcile' | 'fail';

/** Decides, for an endpoint of class `retryClass`, what follows `error`. */
export function decideRetry(retryClass: RetryClass, error: unknown): RetryDecision {
  // Nothing reached the server, or its rate limiter turned the call away: safe for every class.
  if (error instanceof MlflowNetworkError && !error.sent) return 'retry';
  if (error instanceof MlflowHttpError && error.status === 429) return 'retry';
  const ambiguous =
    (error instanceof MlflowHttpError && RETRYABLE_STATUS.has(error.status)) ||
    (error instanceof MlflowTimeoutError && error.budget === 'attempt') ||
    error instanceof MlflowNetworkError;
  if (!ambiguous) return 'fail';
  if (retryClass === 'idempotent') return 'retry';
  if (retryClass === 'reconcile') return 'reconcile';
  return 'fail';
}

/**
 * The wait before the next attempt: the server's `Retry-After` when it sent one (or `undefined`
 * when that exceeds the cap: the call then fails at once), else the backoff.
 */
export function retryDelay(
  attempt: number,
  error: unknown,
  options: Pick<NormalizedOptions, 'retry' | 'random' | 'now'>,
): number | undefined {
  if (error instanceof MlflowHttpError && error.retryAfter !== undefined) {
    const asked = parseRetryAfter(error.retryAfter, options.now());
    if (asked !== undefined) return asked <= options.retry.retryAfterMaxMs ? asked : undefined;
  }
  // Jitter between half the delay and all of it, so clients that failed together spread out.
  return backoffDelay(attempt, { baseMs: options.retry.backoffMs, maxMs: options.retry.backoffMaxMs, random: options.random });
}
