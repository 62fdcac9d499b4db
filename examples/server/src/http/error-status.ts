import { HTTPException } from 'hono/http-exception';
import { RecommendError } from '@msr/core';
import { ServerError } from './errors.js';
import { HTTP_STATUS_BY_CODE } from './status-by-code.js';

/** SQLite's busy/locked codes: another process holds the database, a fault worth a retry. */
const DATABASE_BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT']);

/** `error` or one of its causes carries one of SQLite's busy codes (by code, never by message). */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, extendedCode } = e as { code?: unknown; extendedCode?: unknown };
    if (DATABASE_BUSY_CODES.has(String(code)) || DATABASE_BUSY_CODES.has(String(extendedCode))) return true;
  }
  return false;
}

/**
 * The HTTP status an error is answered with: a hono `HTTPException`'s own, a server error's
 * own (`ServerError.status`: the table's for its code, or a route's `HttpError` status), the
 * table's for any other known code, 422 for a request `@msr/core`'s `recommend()` cannot serve (the resolver hands
 * over only tracks with features), 503 for a busy database, 500 for anything else.
 */
export function statusOf(error: unknown): number {
  if (error instanceof HTTPException) return error.status;
  if (error instanceof ServerError) return error.status;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in HTTP_STATUS_BY_CODE) return HTTP_STATUS_BY_CODE[code]!;
  if (error instanceof RecommendError) return 422;
  if (isDatabaseBusy(error)) return 503;
  return 500;
}
