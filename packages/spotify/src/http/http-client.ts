import { backoffDelay, parseRetryAfter } from '@msr/io/http';
import { createFetch, type FetchResponse } from 'ofetch';
import type { z } from 'zod';
import {
  HttpStatusError,
  NetworkError,
  RateLimitedError,
  RequestTimeoutError,
  SchemaViolationError,
  type RequestTarget,
  type ServiceName,
} from '../errors/spotify-error.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { resolveIo, type IoOptions } from './io.js';
import { formatIssues } from './format-issues.js';

/** How a client retries. Every field has a default; see each. */
export interface RetryOptions {
  /**
   * Retries after the first attempt (so `maxRetries + 1` attempts at most).
   * @default 4
   */
  maxRetries?: number;
  /**
   * First backoff wait; doubled on each further retry. Used for 5xx, network errors, timeouts,
   * and 429 without a usable `Retry-After`.
   * @default 500
   */
  backoffBaseMs?: number;
  /**
   * Cap on one backoff wait.
   * @default 30000
   */
  backoffMaxMs?: number;
  /**
   * Longest `Retry-After` the client will wait; a longer one fails at once with
   * {@link RateLimitedError} (Spotify sometimes asks for hours).
   * @default 120000
   */
  maxRetryAfterMs?: number;
}

/** A retry about to happen, reported through `onRetry` (a library never prints). */
export interface RetryEvent {
  /** The request being retried. */
  readonly target: RequestTarget;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** Why it is retried. */
  readonly reason: 'rate-limited' | 'server-error' | 'network' | 'timeout';
  /** HTTP status of the failed attempt, if it got one. */
  readonly status: number | undefined;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions extends IoOptions {
  /** The service this client talks to, used in error messages. */
  service: ServiceName;
  /** Retry policy. */
  retry?: RetryOptions;
  /**
   * Limit on one attempt.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Limit on all attempts and waits of one request together.
   * @default 300000
   */
  totalTimeoutMs?: number;
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** One request. `retryable` is a property of the endpoint: only safe-to-repeat calls are. */
export interface HttpRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** A form-encoded body (the accounts service takes `application/x-www-form-urlencoded`). */
  form?: URLSearchParams;
  /** A JSON body (the Web API's writes); ignored when `form` is given. */
  json?: unknown;
  /** The shape a 2xx body must have; it is validated before the data is returned. */
  schema: z.ZodType<T>;
  /**
   * Whether 5xx, network errors and timeouts may be retried. 429 is always retried: the
   * service did not process the request.
   */
  retryable: boolean;
  signal?: AbortSignal;
}

/** A validated 2xx response. */
export interface HttpResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: Headers;
}

/** Sends requests with retries, timeouts and response validation. See {@link createHttpClient}. */
export interface HttpClient {
  /** The service this client talks to. */
  readonly service: ServiceName;
  /** Sends one request; throws a {@link SpotifyError} subclass on failure. */
  request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>>;
}

const TIMEOUT = Symbol('attempt timeout');

function positive(option: string, value: number | undefined, fallback: number, allowZero = false): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new InvalidOptionError(option, `expected a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(value)}`);
  }
  return v;
}

/** Extracts the service's own explanation from an error body, whatever its dialect. */
function errorDetail(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return undefined;
    const { error, error_description: description, message } = body as Record<string, unknown>;
    if (typeof description === 'string') return `${typeof error === 'string' ? `${error}: ` : ''}${description}`;
    if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
      return (error as { message: string }).message;
    }
    if (typeof error === 'string') return error;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the body itself (cut) is kept on the error; there is no structured detail.
  }
  return undefined;
}

/**
 * Creates a small HTTP client on ofetch with the retry rules every service in this package
 * shares: 429 honours `Retry-After` (capped), 5xx/network/timeouts back off exponentially on
 * retryable endpoints, waits are cancellable with the caller's signal, and 2xx bodies are
 * validated against a zod schema.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ service: 'reccobeats', fetch });
 * const { data } = await http.request({ method: 'GET', url, schema, retryable: true });
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const io = resolveIo(options);
  const retry = {
    maxRetries: Math.floor(positive('retry.maxRetries', options.retry?.maxRetries, 4, true)),
    backoffBaseMs: positive('retry.backoffBaseMs', options.retry?.backoffBaseMs, 500, true),
    backoffMaxMs: positive('retry.backoffMaxMs', options.retry?.backoffMaxMs, 30_000, true),
    maxRetryAfterMs: positive('retry.maxRetryAfterMs', options.retry?.maxRetryAfterMs, 120_000, true),
  };
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 30_000);
  const totalTimeoutMs = positive('totalTimeoutMs', options.totalTimeoutMs, 300_000);
  const onRetry = options.onRetry ?? (() => {});
  const $fetch = createFetch({ fetch: io.fetch as typeof globalThis.fetch });
  const service = options.service;

  const backoff = (attempt: number): number => backoffDelay(attempt, { baseMs: retry.backoffBaseMs, maxMs: retry.backoffMaxMs });

  async function attemptOnce(request: HttpRequest<unknown>, target: RequestTarget, limitMs: number): Promise<FetchResponse<string>> {
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(TIMEOUT), limitMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timer.signal]) : timer.signal;
    try {
      return await $fetch.raw<string, 'text'>(request.url, {
        method: request.method,
        query: request.query,
        headers: { accept: 'application/json', ...(request.json !== undefined && !request.form && { 'content-type': 'application/json' }), ...request.headers },
        body: request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json)),
        signal,
        retry: false,
        ignoreResponseError: true,
        responseType: 'text',
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timer.signal.aborted) throw new RequestTimeoutError(target, limitMs, 'attempt');
      throw new NetworkError(target, (error as { cause?: unknown }).cause ?? error);
    } finally {
      clearTimeout(handle);
    }
  }

  /** One attempt, classified: a validated response, a retryable failure, or a thrown error. */
  async function attempt<T>(request: HttpRequest<T>, target: RequestTarget, limitMs: number, n: number): Promise<{ response: HttpResponse<T> } | { retry: Omit<RetryEvent, 'target' | 'attempt'>; failure: Error }> {
    let response: FetchResponse<string>;
    try {
      response = await attemptOnce(request, target, limitMs);
    } catch (error) {
      if (request.retryable && error instanceof NetworkError) return { failure: error, retry: { reason: 'network', status: undefined, delayMs: backoff(n) } };
      if (request.retryable && error instanceof RequestTimeoutError) return { failure: error, retry: { reason: 'timeout', status: undefined, delayMs: backoff(n) } };
      throw error;
    }
    const { status } = response;
    const text = typeof response._data === 'string' ? response._data : '';
    if (status >= 200 && status < 300) return { response: { status, data: parseBody(request.schema, text, target), headers: response.headers } };
    const detail = errorDetail(text);
    if (status === 429) {
      const asked = parseRetryAfter(response.headers.get('retry-after'), io.now());
      if (asked !== undefined && asked > retry.maxRetryAfterMs) {
        throw new RateLimitedError(target, text, detail, asked, `asked to wait ${asked} ms, more than maxRetryAfterMs (${retry.maxRetryAfterMs} ms)`);
      }
      const failure = new RateLimitedError(target, text, detail, asked, `still limited after ${n} attempts`);
      return { failure, retry: { reason: 'rate-limited', status, delayMs: asked ?? backoff(n) } };
    }
    if (status >= 500 && request.retryable) {
      return { failure: new HttpStatusError(target, status, text, detail), retry: { reason: 'server-error', status, delayMs: backoff(n) } };
    }
    throw new HttpStatusError(target, status, text, detail);
  }

  async function request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const url = new URL(request.url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const target: RequestTarget = { service, method: request.method, url: url.toString() };
    const resolved = { ...request, url: target.url, query: undefined };
    const deadline = io.now() + totalTimeoutMs;

    for (let n = 1; ; n++) {
      const remaining = deadline - io.now();
      if (remaining <= 0) throw new RequestTimeoutError(target, totalTimeoutMs, 'total');
      const outcome = await attempt(resolved, target, Math.min(timeoutMs, remaining), n);
      if ('response' in outcome) return outcome.response;
      const { failure, retry: next } = outcome;
      if (n > retry.maxRetries) throw failure;
      if (io.now() + next.delayMs > deadline) {
        if (failure instanceof RateLimitedError) {
          throw new RateLimitedError(target, failure.body, failure.detail, failure.retryAfterMs, `waiting ${next.delayMs} ms would exceed totalTimeoutMs (${totalTimeoutMs} ms)`);
        }
        throw failure;
      }
      onRetry({ target, attempt: n, ...next });
      await io.sleep(next.delayMs, request.signal);
    }
  }

  return { service, request };
}

function parseBody<T>(schema: z.ZodType<T>, text: string, target: RequestTarget): T {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new SchemaViolationError(target, [`(body): not JSON: ${JSON.stringify(text.slice(0, 80))}`]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new SchemaViolationError(target, formatIssues(parsed.error));
  return parsed.data;
}
