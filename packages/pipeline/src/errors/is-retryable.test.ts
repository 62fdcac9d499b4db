import { MlflowError, MlflowHttpError } from '@msr/mlflow-client';
import { describe, expect, it } from 'vitest';
import { DownloadError } from './download-error.js';
import { isRetryable } from './is-retryable.js';

const http = (status: number, code: string) => new MlflowHttpError({ method: 'GET', path: '/api/2.0/mlflow/runs/get', status, code, message: 'x', body: '' });

describe('isRetryable', () => {
  it('says no for failures that repeat: missing MLmodel, missing module, refused connection, request errors', () => {
    expect(isRetryable(new MlflowError('ERR_BAD_MLMODEL', 'runs:/x/model: no MLmodel file'))).toBe(false);
    expect(isRetryable(Object.assign(new Error("Cannot find package 'tsx'"), { code: 'ERR_MODULE_NOT_FOUND' }))).toBe(false);
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    expect(isRetryable(new MlflowError('ERR_NETWORK', 'POST … failed', { cause: refused }))).toBe(false);
    expect(isRetryable(http(404, 'RESOURCE_DOES_NOT_EXIST'))).toBe(false);
    expect(isRetryable(http(403, 'HTTP_403'))).toBe(false);
    // Wrapped by the stage runner: the cause chain is searched.
    expect(isRetryable(new Error('stage model_assembly failed', { cause: new MlflowError('ERR_BAD_MLMODEL', 'x') }))).toBe(false);
  });

  it('says yes for what can pass later: timeouts, dropped connections, 5xx, 429, unknown errors', () => {
    expect(isRetryable(new MlflowError('ERR_TIMEOUT', 'attempt timed out'))).toBe(true);
    expect(isRetryable(new MlflowError('ERR_NETWORK', 'x', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isRetryable(http(503, 'TEMPORARILY_UNAVAILABLE'))).toBe(true);
    expect(isRetryable(http(429, 'REQUEST_LIMIT_EXCEEDED'))).toBe(true);
    expect(isRetryable(new DownloadError('http://127.0.0.1/x.zip', 'connection lost after 10 bytes', { code: 'ERR_DOWNLOAD_INCOMPLETE' }))).toBe(true);
    expect(isRetryable(new Error('connection reset'))).toBe(true);
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isRetryable(a)).toBe(true);
  });
});
