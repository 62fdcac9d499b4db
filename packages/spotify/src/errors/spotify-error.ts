import { MsrError } from '@msr/core';
import { describeTarget as describe, type RequestTarget as HttpRequestTarget } from '@msr/io/http';

/**
 * Base class of every error `@msr/spotify` throws or reports on purpose. `code` is stable and
 * meant for programs (`switch (err.code)`); `message` is for people and names what was wrong.
 */
export class SpotifyError extends MsrError {
  override readonly name: string = 'SpotifyError';
}

/** Which remote service a request went to, for messages and for callers that route errors. */
export type ServiceName = 'spotify-api' | 'spotify-accounts' | 'reccobeats';

/** Where a failed request went: the service, the HTTP method and the full URL (no credentials). */
export interface RequestTarget extends HttpRequestTarget {
  /** The service the request went to. */
  readonly service: ServiceName;
}

/**
 * The service answered with a non-2xx status that was not retried (or retries ran out).
 * `detail` holds the service's own explanation when its error body had one.
 */
export class HttpStatusError extends SpotifyError {
  override readonly name: string = 'HttpStatusError';
  /** The request that failed. */
  readonly target: RequestTarget;
  /** HTTP status code of the last attempt. */
  readonly status: number;
  /** The service's error message (`error.message` or `error_description`), if it sent one. */
  readonly detail: string | undefined;
  /** The first 500 characters of the response body, for diagnosis. */
  readonly body: string;

  constructor(target: RequestTarget, status: number, body: string, detail: string | undefined, code = 'ERR_SPOTIFY_HTTP_STATUS') {
    super(code, `${describe(target)} answered ${status}${detail ? `: ${detail}` : ''}`);
    this.target = target;
    this.status = status;
    this.detail = detail;
    this.body = body.slice(0, 500);
  }
}

/**
 * The service kept answering 429, or asked for a wait longer than the configured cap
 * (`maxRetryAfterMs`). `retryAfterMs` is the wait the service asked for, when it said.
 */
export class RateLimitedError extends HttpStatusError {
  override readonly name = 'RateLimitedError';
  /** The wait the service asked for in `Retry-After`, in milliseconds, if it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(target: RequestTarget, body: string, detail: string | undefined, retryAfterMs: number | undefined, reason: string) {
    super(target, 429, body, detail, 'ERR_SPOTIFY_RATE_LIMITED');
    this.retryAfterMs = retryAfterMs;
    this.message = `${describe(target)} is rate limited (429): ${reason}`;
  }
}

/** The request never got an HTTP answer (connection refused, reset, DNS failure…). */
export class NetworkError extends SpotifyError {
  override readonly name = 'NetworkError';
  /** The request that failed. */
  readonly target: RequestTarget;

  constructor(target: RequestTarget, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('ERR_SPOTIFY_NETWORK', `${describe(target)} failed before any response: ${reason}`, { cause });
    this.target = target;
  }
}

/** An attempt exceeded `timeoutMs`, or all attempts together exceeded `totalTimeoutMs`. */
export class RequestTimeoutError extends SpotifyError {
  override readonly name = 'RequestTimeoutError';
  /** The request that timed out. */
  readonly target: RequestTarget;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(target: RequestTarget, timeoutMs: number, which: 'attempt' | 'total') {
    super('ERR_SPOTIFY_TIMEOUT', `${describe(target)} timed out (${which} limit ${timeoutMs} ms)`);
    this.target = target;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A 2xx response was not JSON or did not have the documented shape. `issues` name the path of
 * each problem inside the body (`items.3.track.id: expected string`).
 */
export class SchemaViolationError extends SpotifyError {
  override readonly name = 'SchemaViolationError';
  /** The request whose response was malformed. */
  readonly target: RequestTarget;
  /** One line per problem, each starting with its path inside the body. */
  readonly issues: readonly string[];

  constructor(target: RequestTarget, issues: readonly string[]) {
    const shown = issues.slice(0, 5).join('; ');
    const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
    super('ERR_SPOTIFY_SCHEMA', `${describe(target)} returned an unexpected body: ${shown}${more}`);
    this.target = target;
    this.issues = issues;
  }
}

/**
 * The accounts service refused to issue or refresh a token (`invalid_client`,
 * `invalid_grant`…), or a user token expired with no refresh token to renew it.
 */
export class TokenRequestError extends SpotifyError {
  override readonly name = 'TokenRequestError';
  /** OAuth error code from the accounts service (`invalid_grant`), when it sent one. */
  readonly oauthError: string | undefined;

  constructor(message: string, oauthError?: string, options?: { cause?: unknown }) {
    super('ERR_SPOTIFY_TOKEN', message, options);
    this.oauthError = oauthError;
  }
}
