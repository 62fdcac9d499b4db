import { MsrError } from '@msr/core';

/**
 * Base class of every error the server throws on purpose: an `MsrError`, so `code` is stable
 * and meant for programs, and `message` is for people and names what was wrong.
 */
export class ServerError extends MsrError {
  override readonly name: string = 'ServerError';
}

/** One problem found in a request, located by `path` inside the body or query. */
export interface RequestIssue {
  /** Where the problem is: `['playlist', 'uris', 3]`; empty for the body as a whole. */
  path: (string | number)[];
  message: string;
}

/** Options of {@link HttpError}. */
export interface HttpErrorOptions {
  /** Per-field problems, sent back to the client. */
  issues?: RequestIssue[];
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An error that knows its HTTP status. The app's one `onError` turns it into a JSON or HTML
 * response; a 4xx is the client's fault and is answered as is, a 5xx is logged with the request
 * id.
 *
 * @example
 * ```ts
 * throw new HttpError(409, 'ERR_USERNAME_TAKEN', 'username "ada" is already taken');
 * ```
 */
export class HttpError extends ServerError {
  override readonly name: string = 'HttpError';
  readonly status: number;
  readonly issues: RequestIssue[];
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, options: HttpErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
  }
}

/** The request body or query did not validate. */
export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';

  constructor(what: string, issues: RequestIssue[]) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    super(400, 'ERR_VALIDATION', `invalid ${what}${first ? `${where}: ${first.message}` : ''}`, { issues });
  }
}

/** Not logged in (no session, or an expired one). */
export class UnauthenticatedError extends HttpError {
  override readonly name = 'UnauthenticatedError';

  constructor(message = 'log in first: this page needs a session') {
    super(401, 'ERR_UNAUTHENTICATED', message);
  }
}

/** Logged in, but not allowed: a plain user on an admin route, or a refused cross-site write. */
export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';

  constructor(message: string, code = 'ERR_FORBIDDEN') {
    super(403, code, message);
  }
}
