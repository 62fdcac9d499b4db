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
 * Parses a `Retry-After` header (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` for a missing or malformed header, so the caller falls back to backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with jitter between half and the full delay; `attempt` counts from 1. */
export function backoffDelay(attempt: number, options: Pick<NormalizedOptions, 'retry' | 'random'>): number {
  const full = Math.min(options.retry.backoffMaxMs, options.retry.backoffMs * 2 ** (attempt - 1));
  return Math.round(full / 2 + (full / 2) * options.random());
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
  return backoffDelay(attempt, options);
}
