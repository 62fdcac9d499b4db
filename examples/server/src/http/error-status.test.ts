import { RecommendError } from '@msr/core';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { isDatabaseBusy, statusOf } from './error-status.js';
import { HttpError, ServerError, ValidationError } from './errors.js';

describe('statusOf', () => {
  it('maps a server error by its code, in the one table', () => {
    expect(statusOf(new ServerError('ERR_RETRAIN_RUNNING', 'busy'))).toBe(409);
    expect(new ServerError('ERR_MODEL_NOT_READY', 'wait').status).toBe(503);
    expect(statusOf(new ValidationError('x', []))).toBe(400);
    expect(statusOf(new ServerError('ERR_PLAYLISTS_FILE', 'broken file'))).toBe(500);
  });

  it("keeps a route's own status and hono's", () => {
    expect(statusOf(new HttpError(400, 'ERR_QUERY_TOO_LONG', 'long'))).toBe(400);
    expect(statusOf(new HTTPException(413))).toBe(413);
  });

  it('answers 422 for a request core cannot serve', () => {
    expect(statusOf(new RecommendError('ERR_UNKNOWN_GENRE', 'no such genre'))).toBe(422);
  });

  it('finds a busy database by code on the error or its causes, never by message', () => {
    const busy = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    expect(statusOf(busy)).toBe(503);
    expect(isDatabaseBusy(new Error('write failed', { cause: busy }))).toBe(true);
    expect(statusOf(new Error('database is locked'))).toBe(500);
  });
});
