import { abortableSleep } from '@msr/io/http';
import { MlflowValidationError } from '../errors/mlflow-error.js';

/** Credentials for the tracking server: HTTP Basic (`MLFLOW_TRACKING_USERNAME`/`PASSWORD`) or a bearer token (`MLFLOW_TRACKING_TOKEN`). */
export type MlflowAuth =
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  | { readonly type: 'bearer'; readonly token: string };

/** What a retry is about to do; passed to {@link MlflowClientOptions.onRetry}. */
export interface RetryEvent {
  /** HTTP method and path of the call. */
  readonly method: string;
  readonly path: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** Why: the error of the failed attempt. */
  readonly error: Error;
}

/** Retry tuning. Which calls are retried at all is a property of the endpoint, see {@link ENDPOINTS}. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 3
   */
  readonly limit?: number;
  /**
   * First backoff delay; doubles per attempt, with jitter between half and the full delay.
   * @default 300
   */
  readonly backoffMs?: number;
  /**
   * Largest backoff delay.
   * @default 10000
   */
  readonly backoffMaxMs?: number;
  /**
   * Longest `Retry-After` the client honours; a server asking for longer fails the call at once
   * with its error rather than waiting.
   * @default 60000
   */
  readonly retryAfterMaxMs?: number;
}

/** Options of {@link createMlflowClient}. */
export interface MlflowClientOptions {
  /**
   * Base URL of the tracking server, e.g. `http://127.0.0.1:5000` or `https://dagshub.com/user/repo.mlflow`.
   * User info in it (`https://user:token@host/…`, percent-encoded) is sent as Basic auth when
   * {@link MlflowClientOptions.auth} is not given, as MLflow's Python client does; it never appears in
   * `client.trackingUri` or in errors.
   */
  readonly trackingUri: string;
  /** Credentials; none by default. */
  readonly auth?: MlflowAuth;
  /**
   * The `fetch` to use (inject one for tests, proxies or instrumentation).
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
  /**
   * Timeout of one attempt, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Timeout of a whole call (all attempts and waits), in milliseconds.
   * @default 120000
   */
  readonly totalTimeoutMs?: number;
  /** Retry tuning. */
  readonly retry?: RetryOptions;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Waits between attempts; must reject with the signal's reason when it aborts.
   * @default a `setTimeout`-based abortable sleep
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Source of randomness for backoff jitter, in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Clock for timestamps the client fills in (metric timestamps, run start and end times).
   * @default Date.now
   */
  readonly now?: () => number;
  /** Called before each retry, e.g. to log it; the library itself never prints. */
  readonly onRetry?: (event: RetryEvent) => void;
}

/** Options after defaults were applied and checked once; nothing downstream checks for `undefined`. */
export interface NormalizedOptions {
  readonly baseUrl: string;
  readonly authorization: string | undefined;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly headers: Readonly<Record<string, string>>;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly onRetry: (event: RetryEvent) => void;
}

/** Checks the options once, when a client is built, and fills in the defaults. */
export function normalizeOptions(options: MlflowClientOptions): NormalizedOptions {
  let url: URL;
  try {
    url = new URL(options.trackingUri);
  } catch (cause) {
    // The text may hold a password in its user info: name it without that part.
    const shown = options.trackingUri.replace(/\/\/[^/@]*@/, '//…@');
    throw new MlflowValidationError('options.trackingUri', 'an absolute http(s) URL', `not a URL: ${JSON.stringify(shown)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MlflowValidationError('options.trackingUri', 'an absolute http(s) URL', `unsupported scheme ${url.protocol}`);
  }
  const positive = (name: string, value: number | undefined, fallback: number, allowZero = false): number => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      throw new MlflowValidationError(`options.${name}`, allowZero ? 'a finite number ≥ 0' : 'a finite number > 0', `got ${v}`);
    }
    return v;
  };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new MlflowValidationError('options.fetch', 'a fetch function', 'no fetch given and none global');
  }
  // fetch refuses a URL with user info, but MLflow's Python client (requests) sends it as Basic
  // auth: do the same, unless credentials were given explicitly (they win, as requests' auth= does).
  const fromUri: MlflowAuth | undefined =
    url.username || url.password
      ? { type: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  url.username = '';
  url.password = '';
  return {
    baseUrl: url.href.replace(/\/+$/, ''),
    authorization: authorizationHeader(options.auth ?? fromUri),
    fetch: fetchImpl,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000),
    totalTimeoutMs: positive('totalTimeoutMs', options.totalTimeoutMs, 120_000),
    retry: {
      limit: Math.floor(positive('retry.limit', options.retry?.limit, 3, true)),
      backoffMs: positive('retry.backoffMs', options.retry?.backoffMs, 300, true),
      backoffMaxMs: positive('retry.backoffMaxMs', options.retry?.backoffMaxMs, 10_000, true),
      retryAfterMaxMs: positive('retry.retryAfterMaxMs', options.retry?.retryAfterMaxMs, 60_000, true),
    },
    headers: { ...options.headers },
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    onRetry: options.onRetry ?? (() => {}),
  };
}

function authorizationHeader(auth: MlflowAuth | undefined): string | undefined {
  if (auth === undefined) return undefined;
  if (auth.type === 'bearer') {
    if (!auth.token) throw new MlflowValidationError('options.auth.token', 'a non-empty token', 'empty');
    return `Bearer ${auth.token}`;
  }
  if (!auth.username) throw new MlflowValidationError('options.auth.username', 'a non-empty user name', 'empty');
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}
