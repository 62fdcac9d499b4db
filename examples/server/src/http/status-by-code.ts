/**
 * The one place where an error's code becomes an HTTP status. The services, stores and adapters
 * throw errors with codes and know nothing of HTTP; the app's error handler (and an error's own
 * `status`) reads this table. A code that is not here is a server fault: 500.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // The request itself.
  ERR_VALIDATION: 400,
  ERR_MALFORMED_JSON: 400,
  ERR_MALFORMED_FORM: 400,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_BODY_TOO_LARGE: 413,
  // Who asks.
  ERR_UNAUTHENTICATED: 401,
  ERR_TOKEN_INVALID: 401,
  ERR_METRICS_TOKEN: 401,
  ERR_FORBIDDEN: 403,
  ERR_CSRF: 403,
  ERR_TOKEN_SCOPE: 403,
  ERR_LOGIN_THROTTLED: 429,
  ERR_RATE_LIMITED: 429,
  // Things that are not there, or not in a state to do it.
  ERR_USER_NOT_FOUND: 404,
  ERR_TOKEN_NOT_FOUND: 404,
  ERR_JOB_NOT_FOUND: 404,
  ERR_MODEL_VERSION_NOT_FOUND: 404,
  ERR_NO_REGISTRY: 404,
  ERR_NO_QUEUE: 404,
  ERR_USERNAME_TAKEN: 409,
  ERR_LAST_ADMIN: 409,
  ERR_NOTHING_TO_ROLL_BACK: 409,
  ERR_RETRAIN_RUNNING: 409,
  ERR_SCHEDULER_BUSY: 409,
  // Recommending.
  ERR_NOTHING_TO_RECOMMEND: 422,
  ERR_MODEL_NOT_READY: 503,
  ERR_SEARCH_UNAVAILABLE: 501,
  ERR_PLAYLIST_NOT_FOUND: 404,
  ERR_PLAYLIST_NO_KNOWN_TRACKS: 422,
  ERR_PLAYLIST_ACCESS_DENIED: 403,
  ERR_PLAYLIST_INVALID_REFERENCE: 400,
  ERR_PLAYLIST_SOURCE_UNAVAILABLE: 502,
  ERR_PLAYLIST_SOURCE_BUSY: 503,
  // What the server depends on.
  ERR_DATABASE_BUSY: 503,
  ERR_RATE_LIMIT_STORE: 503,
};

/** The HTTP status of a code from {@link HTTP_STATUS_BY_CODE}; 500 for any other. */
export function statusOfCode(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}
