import { describe, expect, it } from 'vitest';
import { MlflowHttpError, MlflowNetworkError, MlflowResponseError, MlflowTimeoutError } from '../errors/mlflow-error.js';
import { parseRetryAfter } from '@msr/io/http';
import { decideRetry } from './retry.js';

const target = { method: 'POST', url: '/x' };
const http = (status: number) => new MlflowHttpError({ status, method: 'POST', path: '/x', code: `HTTP_${status}`, message: '', body: '' });

describe('decideRetry', () => {
  it('applies the endpoint class', () => {
    const table: [unknown, string, string, string][] = [
      // error, idempotent, reconcile, create
      [http(503), 'retry', 'reconcile', 'fail'],
      [http(408), 'retry', 'reconcile', 'fail'],
      [http(429), 'retry', 'retry', 'retry'],
      [http(400), 'fail', 'fail', 'fail'],
      [http(404), 'fail', 'fail', 'fail'],
      [new MlflowNetworkError(target, true, new Error('reset')), 'retry', 'reconcile', 'fail'],
      [new MlflowNetworkError(target, false, new Error('refused')), 'retry', 'retry', 'retry'],
      [new MlflowTimeoutError(target, 'attempt', 10), 'retry', 'reconcile', 'fail'],
      [new MlflowTimeoutError(target, 'total', 10), 'fail', 'fail', 'fail'],
      [new MlflowResponseError(target, 'bad'), 'fail', 'fail', 'fail'],
      [new Error('unknown'), 'fail', 'fail', 'fail'],
    ];
    for (const [error, idempotent, reconcile, create] of table) {
      expect([decideRetry('idempotent', error), decideRetry('reconcile', error), decideRetry('create', error)], String(error)).toEqual([idempotent, reconcile, create]);
    }
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores malformed values', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
