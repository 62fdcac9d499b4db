/**
 * Error codes that name a deterministic failure: the same call fails the same way 20 s later,
 * so a retry only delays the report. Found anywhere on the `cause` chain.
 */
const DETERMINISTIC_CODES: ReadonlySet<string> = new Set([
  // A model folder without its MLmodel file, an artifact URI the store cannot reach.
  'ERR_BAD_MLMODEL',
  'ERR_UNSUPPORTED_ARTIFACT_URI',
  // A missing module (ESM and CommonJS): an install or a build is broken.
  'ERR_MODULE_NOT_FOUND',
  'MODULE_NOT_FOUND',
  // Nothing listens on the port, or the host does not exist: a wrong URL. The MLflow client has
  // already retried these with backoff before the error reached the stage.
  'ECONNREFUSED',
  'ENOTFOUND',
  'ERR_INVALID_URL',
  // MLflow's answers about the request itself.
  'INVALID_PARAMETER_VALUE',
  'RESOURCE_DOES_NOT_EXIST',
  'RESOURCE_ALREADY_EXISTS',
  'INVALID_STATE',
  'BAD_REQUEST',
  'ENDPOINT_NOT_FOUND',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  // Files the stage needs and cannot read.
  'ENOENT',
  'EACCES',
  'EISDIR',
  'ENOTDIR',
]);

/** HTTP statuses that can change on a retry (timeout, throttling); any other 4xx cannot. */
const TRANSIENT_4XX: ReadonlySet<number> = new Set([408, 425, 429]);

/**
 * Whether a stage that failed with `error` can succeed when run again: false when the error —
 * or any error on its `cause` chain — carries a code of a deterministic failure (a missing
 * MLmodel, a missing module, a refused connection, MLflow's request errors), or an HTTP status
 * 4xx other than 408/425/429. Anything else (timeouts, dropped connections, 5xx, unknown
 * errors) is worth one more attempt. Bad input is decided separately (`isBadInput`).
 */
export function isRetryable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e !== null && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, status } = e as { code?: unknown; status?: unknown };
    if (typeof code === 'string' && (DETERMINISTIC_CODES.has(code) || (/^HTTP_4\d\d$/.test(code) && !TRANSIENT_4XX.has(Number(code.slice(5)))))) return false;
    if (typeof status === 'number' && status >= 400 && status < 500 && !TRANSIENT_4XX.has(status)) return false;
  }
  return true;
}
