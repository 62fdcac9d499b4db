import type { RequestTarget } from '@msr/io/http';
/**
 * Base class of every error `@msr/mlflow-client` throws on purpose. `code` is stable and meant
 * for programs: for server errors it is MLflow's own `error_code` (`RESOURCE_DOES_NOT_EXIST`,
 * `INVALID_PARAMETER_VALUE`, …), so code written against the REST store and the local store
 * handles both the same way.
 */
export class MlflowError extends Error {
  override readonly name: string = 'MlflowError';
  /** Stable, machine-readable code: MLflow's `error_code` or one of ours (`ERR_…`). */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Input rejected on the client before any request was sent. `argument` names the value
 * (`'metrics[3].key'`), `rule` says which rule it broke. `code` is `INVALID_PARAMETER_VALUE`,
 * the code the server would have answered with.
 */
export class MlflowValidationError extends MlflowError {
  override readonly name = 'MlflowValidationError';
  /** The argument (or path inside it) that was wrong. */
  readonly argument: string;
  /** The rule that was broken, e.g. `'key ≤ 250 characters'`. */
  readonly rule: string;

  constructor(argument: string, rule: string, detail?: string) {
    super('INVALID_PARAMETER_VALUE', `${argument}: ${detail ?? 'invalid'} (rule: ${rule})`);
    this.argument = argument;
    this.rule = rule;
  }
}


/**
 * The server answered with an error status. `code` is MLflow's `error_code` when the body was
 * MLflow's JSON error, else `HTTP_<status>` (a proxy's HTML page, an empty body).
 */
export class MlflowHttpError extends MlflowError {
  override readonly name = 'MlflowHttpError';
  /** HTTP status, e.g. 404. */
  readonly status: number;
  readonly method: string;
  /** Path below the tracking URI, e.g. `/api/2.0/mlflow/runs/log-batch` (the target's `url`). */
  readonly path: string;
  /** The body as text, cut to 2,000 characters, for diagnosis. */
  readonly body: string;
  /** The `Retry-After` header of the answer, when it had one. */
  readonly retryAfter: string | undefined;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    code: string;
    message: string;
    body: string;
    retryAfter?: string | undefined;
  }) {
    super(init.code, `${init.method} ${init.path} → ${init.status} ${init.code}: ${init.message}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
    this.retryAfter = init.retryAfter;
  }
}

/**
 * The request failed below HTTP: connection refused or reset, DNS failure. `sent` is false only
 * when the request provably never reached the server (connection refused, host not found); then
 * even a non-idempotent call could be repeated.
 */
export class MlflowNetworkError extends MlflowError {
  override readonly name = 'MlflowNetworkError';
  readonly method: string;
  /** Path below the tracking URI, e.g. `/api/2.0/mlflow/runs/log-batch` (the target's `url`). */
  readonly path: string;
  /** False when the request certainly never reached the server. */
  readonly sent: boolean;

  constructor(target: RequestTarget, sent: boolean, cause: unknown) {
    super('ERR_NETWORK', `${target.method} ${target.url}: network error (${describeCause(cause)})`, { cause });
    this.method = target.method;
    this.path = target.url;
    this.sent = sent;
  }
}

/** A per-attempt or total timeout ran out. */
export class MlflowTimeoutError extends MlflowError {
  override readonly name = 'MlflowTimeoutError';
  readonly method: string;
  /** Path below the tracking URI, e.g. `/api/2.0/mlflow/runs/log-batch` (the target's `url`). */
  readonly path: string;
  /** Which budget ran out: one attempt's, or the whole call's (all attempts and waits). */
  readonly budget: 'attempt' | 'total';
  /** The budget in milliseconds. */
  readonly timeoutMs: number;

  constructor(target: RequestTarget, budget: 'attempt' | 'total', timeoutMs: number) {
    super('ERR_TIMEOUT', `${target.method} ${target.url}: ${budget} timeout of ${timeoutMs} ms exceeded`);
    this.method = target.method;
    this.path = target.url;
    this.budget = budget;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` fired; the signal's reason is the `cause`. */
export class MlflowAbortError extends MlflowError {
  override readonly name = 'MlflowAbortError';
  readonly method: string;
  /** Path below the tracking URI, e.g. `/api/2.0/mlflow/runs/log-batch` (the target's `url`). */
  readonly path: string;

  constructor(target: RequestTarget, reason: unknown) {
    super('ERR_ABORTED', `${target.method} ${target.url}: aborted by the caller`, { cause: reason });
    this.method = target.method;
    this.path = target.url;
  }
}

/** The server answered 2xx with a body that does not match MLflow's protocol. */
export class MlflowResponseError extends MlflowError {
  override readonly name = 'MlflowResponseError';
  readonly method: string;
  /** Path below the tracking URI, e.g. `/api/2.0/mlflow/runs/log-batch` (the target's `url`). */
  readonly path: string;

  constructor(target: RequestTarget, detail: string, cause?: unknown) {
    super('ERR_BAD_RESPONSE', `${target.method} ${target.url}: unexpected response: ${detail}`, { cause });
    this.method = target.method;
    this.path = target.url;
  }
}

/**
 * An error of the local store (files under `mlruns/`). `code` uses MLflow's codes where one
 * fits (`RESOURCE_DOES_NOT_EXIST`, `RESOURCE_ALREADY_EXISTS`, `INVALID_PARAMETER_VALUE`,
 * `INVALID_STATE`), so callers handle both stores alike. `file` names the file or folder.
 */
export class MlflowLocalStoreError extends MlflowError {
  override readonly name = 'MlflowLocalStoreError';
  /** The file or folder involved, when there is one. */
  readonly file: string | undefined;

  constructor(code: string, message: string, file?: string, options?: { cause?: unknown }) {
    super(code, file === undefined ? message : `${message} (${file})`, options);
    this.file = file;
  }
}

/** True when `error` is an {@link MlflowError} with the given `code` (e.g. `RESOURCE_DOES_NOT_EXIST`). */
export function isMlflowError(error: unknown, code?: string): error is MlflowError {
  return error instanceof MlflowError && (code === undefined || error.code === code);
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const innerCode = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : '';
    return innerCode ? `${cause.message}: ${innerCode}` : cause.message;
  }
  return String(cause);
}
