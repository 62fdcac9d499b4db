import { MsrError } from '@msr/core';
import { statusOfCode } from './status-by-code.js';

/** One problem found in a request, located by `path` inside the body or query. */
export interface RequestIssue {
  /** Where the problem is: `['playlist', 'uris', 3]`; empty for the body as a whole. */
  path: (string | number)[];
  message: string;
}

/** Options of {@link ServerError}. */
export interface ServerErrorOptions {
  /** Per-field problems, sent back to the client. */
  issues?: RequestIssue[];
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** @deprecated the same as {@link ServerErrorOptions} */
export type HttpErrorOptions = ServerErrorOptions;

/**
 * Base class of every error the server throws on purpose: an `MsrError`, so `code` is stable
 * and meant for programs, and `message` is for people and names what was wrong. The services
 * throw it with a code and know nothing of HTTP: its `status` comes from the one table of
 * codes, `HTTP_STATUS_BY_CODE` in `status-by-code.ts`.
 *
 * @example
 * ```ts
 * throw new ServerError('ERR_USERNAME_TAKEN', 'username "ada" is already taken'); // 409
 * ```
 */
export class ServerError extends MsrError {
  override readonly name: string = 'ServerError';
  readonly issues: RequestIssue[];
  readonly headers: Record<string, string>;

  constructor(code: string, message: string, options: ServerErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
  }

  /** The HTTP status it is answered with (see `HTTP_STATUS_BY_CODE` in `status-by-code.ts`). */
  get status(): number {
    return statusOfCode(this.code);
  }
}

/**
 * An error a route answers with a status of its own choosing (a code that means one thing on
 * one route only). Everything else throws a {@link ServerError} and lets the table decide.
 */
export class HttpError extends ServerError {
  override readonly name: string = 'HttpError';
  readonly #status: number;

  constructor(status: number, code: string, message: string, options: ServerErrorOptions = {}) {
    super(code, message, options);
    this.#status = status;
  }

  override get status(): number {
    return this.#status;
  }
}

/** The request body or query did not validate. */
export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';

  constructor(what: string, issues: RequestIssue[]) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    super(statusOfCode('ERR_VALIDATION'), 'ERR_VALIDATION', `invalid ${what}${first ? `${where}: ${first.message}` : ''}`, { issues });
  }
}

/** Not logged in (no session, or an expired one). */
export class UnauthenticatedError extends HttpError {
  override readonly name = 'UnauthenticatedError';

  constructor(message = 'log in first: this page needs a session') {
    super(statusOfCode('ERR_UNAUTHENTICATED'), 'ERR_UNAUTHENTICATED', message);
  }
}

/** Logged in, but not allowed: a plain user on an admin route, or a refused cross-site write. */
export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';

  constructor(message: string, code = 'ERR_FORBIDDEN') {
    super(statusOfCode('ERR_FORBIDDEN'), code, message);
  }
}
