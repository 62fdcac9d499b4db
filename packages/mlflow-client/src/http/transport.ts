import { createFetch, type $Fetch } from 'ofetch';
import type { z } from 'zod';
import {
  MlflowAbortError,
  MlflowError,
  MlflowHttpError,
  MlflowNetworkError,
  MlflowResponseError,
  MlflowTimeoutError,
} from '../errors/mlflow-error.js';
import type { RequestTarget } from '@msr/io/http';
import type { EndpointSpec } from './endpoints.js';
import type { NormalizedOptions } from './options.js';
import { decideRetry, retryDelay } from './retry.js';

/** Query parameters; arrays repeat the key, `undefined` is left out. */
export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** A request body: JSON-able data, raw bytes, or a factory for bodies that can be read once (streams). */
export type RequestBody = { readonly json: unknown } | { readonly bytes: Uint8Array | string } | { readonly stream: () => NonNullable<RequestInit['body']> };

/** One call as the API layer describes it. */
export interface CallInit {
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly query?: Query;
  readonly body?: RequestBody;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

/**
 * What a `reconcile` endpoint's caller returns after reading back the server's state: the body
 * to send next, or `done` when everything already landed.
 */
export type Reconciled = { readonly resend: unknown } | { readonly done: true };

/** Codes of errors raised before any byte left the machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Sends requests to an MLflow server: URL building, auth, JSON encoding at the edge, the
 * per-attempt and total timeouts, retries per endpoint class, and typed errors.
 */
export class Transport {
  readonly options: NormalizedOptions;
  readonly #fetch: $Fetch;

  constructor(options: NormalizedOptions) {
    this.options = options;
    this.#fetch = createFetch({ fetch: options.fetch });
  }

  /** Absolute URL of an endpoint. */
  url(spec: EndpointSpec, pathParams: Readonly<Record<string, string>> = {}): string {
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = pathParams[name];
      if (value === undefined) throw new Error(`missing path parameter ${name} for ${spec.path}`);
      // An artifact path keeps its slashes; every segment is encoded on its own.
      return value.split('/').map(encodeURIComponent).join('/');
    });
    return `${this.options.baseUrl}/api/2.0/${path}`;
  }

  /** Calls a JSON endpoint and validates the answer with `schema`. */
  async json<S extends z.ZodType>(spec: EndpointSpec, init: CallInit, schema: S): Promise<z.output<S>> {
    const text = await this.#withRetries(spec, init, undefined, readText);
    return this.#parse(this.#target(spec, init), text, schema);
  }

  /**
   * Calls a `reconcile` endpoint (log-metric, log-batch): after an ambiguous failure `reconcile`
   * reads back what landed and returns the body still to send.
   */
  async reconciled(
    spec: EndpointSpec,
    init: CallInit & { readonly body: { readonly json: unknown } },
    reconcile: (error: MlflowError) => Promise<Reconciled>,
  ): Promise<void> {
    await this.#withRetries(spec, init, reconcile, readText);
  }

  /**
   * Calls an endpoint and returns the raw response. Its body is read after the call returned,
   * outside the retries: a connection dropped mid-body is the caller's to handle. Prefer
   * {@link Transport.consume}.
   */
  async raw(spec: EndpointSpec, init: CallInit): Promise<Response> {
    return this.#withRetries(spec, init, undefined, async (response) => response);
  }

  /**
   * Calls an endpoint and hands its 2xx response to `consume` (artifact downloads) inside the
   * attempt: a body that breaks off or times out mid-transfer fails the attempt with a typed
   * error and is retried per the endpoint's class, like a dropped connection. `consume` may run
   * more than once, so it must start afresh (e.g. write through a temp file); errors it raises
   * itself (not from reading the body) end the call.
   */
  async consume<T>(spec: EndpointSpec, init: CallInit, consume: (response: Response) => Promise<T>): Promise<T> {
    return this.#withRetries(spec, init, undefined, consume);
  }

  #target(spec: EndpointSpec, init: CallInit): RequestTarget {
    // MLflow's messages name the path below the tracking URI, not the host.
    return { method: spec.method, url: new URL(this.url(spec, init.pathParams)).pathname };
  }

  async #withRetries<T>(
    spec: EndpointSpec,
    first: CallInit,
    reconcile: ((error: MlflowError) => Promise<Reconciled>) | undefined,
    consume: (response: Response) => Promise<T>,
  ): Promise<T> {
    const { retry, totalTimeoutMs } = this.options;
    const target = this.#target(spec, first);
    const total = AbortSignal.timeout(totalTimeoutMs);
    const started = performance.now();
    let init = first;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(spec, init, target, total, consume);
      } catch (error) {
        if (!(error instanceof MlflowError)) throw error;
        const decision = decideRetry(spec.retry, error);
        if (decision === 'fail' || attempt > retry.limit) throw error;
        if (decision === 'reconcile' && reconcile === undefined) throw error;
        const delay = retryDelay(attempt, error, this.options);
        if (delay === undefined) throw error;
        if (performance.now() - started + delay >= totalTimeoutMs) throw error;
        this.options.onRetry({ method: target.method, path: target.url, attempt, delayMs: delay, error });
        await this.#wait(delay, target, init.signal, total);
        if (decision === 'reconcile' && reconcile) {
          const next = await reconcile(error);
          if ('done' in next) return consume(new Response('{}', { status: 200 }));
          init = { ...init, body: { json: next.resend } };
        }
      }
    }
  }

  async #wait(ms: number, target: RequestTarget, caller: AbortSignal | undefined, total: AbortSignal): Promise<void> {
    try {
      await this.options.sleep(ms, caller ? AbortSignal.any([caller, total]) : total);
    } catch (reason) {
      if (caller?.aborted) throw new MlflowAbortError(target, caller.reason);
      if (total.aborted) throw new MlflowTimeoutError(target, 'total', this.options.totalTimeoutMs);
      throw reason;
    }
  }

  async #attempt<T>(
    spec: EndpointSpec,
    init: CallInit,
    target: RequestTarget,
    total: AbortSignal,
    consume: (response: Response) => Promise<T>,
  ): Promise<T> {
    const caller = init.signal;
    if (caller?.aborted) throw new MlflowAbortError(target, caller.reason);
    const perAttempt = AbortSignal.timeout(this.options.timeoutMs);
    const signal = AbortSignal.any(caller ? [perAttempt, total, caller] : [perAttempt, total]);
    const headers: Record<string, string> = { ...this.options.headers, ...init.headers };
    if (this.options.authorization) headers['authorization'] = this.options.authorization;
    let body: RequestInit['body'] | undefined;
    if (init.body && 'json' in init.body) {
      body = encodeJson(init.body.json);
      headers['content-type'] = 'application/json';
    } else if (init.body && 'bytes' in init.body) {
      body = init.body.bytes;
    } else if (init.body && 'stream' in init.body) {
      body = init.body.stream();
    }
    // Why an attempt failed below HTTP, while connecting or while the body was read.
    const failure = (error: unknown): MlflowError => {
      if (caller?.aborted) return new MlflowAbortError(target, caller.reason);
      if (total.aborted) return new MlflowTimeoutError(target, 'total', this.options.totalTimeoutMs);
      if (perAttempt.aborted) return new MlflowTimeoutError(target, 'attempt', this.options.timeoutMs);
      return new MlflowNetworkError(target, !neverSent(error), error);
    };
    let response: Response;
    try {
      response = await this.#fetch.raw(this.url(spec, init.pathParams), {
        method: spec.method,
        query: compactQuery(init.query),
        headers,
        body,
        signal,
        retry: false,
        ignoreResponseError: true,
        responseType: 'stream',
      });
    } catch (error) {
      throw failure(error);
    }
    if (response.ok) {
      // The body arrives after the headers: undici reports a connection closed mid-body as
      // `TypeError: terminated` from the body's reads. Typed here, it is retried per the
      // endpoint's class like a drop before the headers.
      const body = guardBody(response.body, failure);
      return consume(new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }));
    }
    const text = await response.text().catch(() => '');
    throw httpError(target, response, text);
  }

  #parse<S extends z.ZodType>(target: RequestTarget, text: string, schema: S): z.output<S> {
    let data: unknown;
    try {
      data = text.trim() === '' ? {} : decodeJson(text);
    } catch (cause) {
      throw new MlflowResponseError(target, `body is not JSON: ${snippet(text)}`, cause);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') || '(root)' : '(root)';
      throw new MlflowResponseError(target, `${where}: ${issue?.message ?? 'invalid'}`, parsed.error);
    }
    return parsed.data;
  }
}

/** Builds the typed error for a non-2xx answer; tolerates HTML and empty bodies from proxies. */
export function httpError(target: RequestTarget, response: Response, text: string): MlflowHttpError {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || 'request failed';
  try {
    const data: unknown = JSON.parse(text);
    if (data && typeof data === 'object') {
      const record = data as Record<string, unknown>;
      if (typeof record['error_code'] === 'string') code = record['error_code'];
      if (typeof record['message'] === 'string') message = record['message'];
    }
  } catch {
    // Not JSON (a proxy's HTML page, a gateway's plain text): keep the status-based code.
    if (text.trim()) message = snippet(text);
  }
  return new MlflowHttpError({
    status: response.status,
    method: target.method,
    path: target.url,
    code,
    message,
    body: text.slice(0, 2000),
    retryAfter: response.headers.get('retry-after') ?? undefined,
  });
}

/** JSON with MLflow's encoding of non-finite doubles (`"NaN"`, `"Infinity"`, `"-Infinity"`). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v;
  });
}

/** Parses JSON, accepting the bare `NaN`/`Infinity` tokens Python's encoder writes. */
export function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/\b(NaN|Infinity)\b/.test(text)) throw error;
    // Quote bare tokens outside strings, then let the schemas turn them back into numbers.
    const quoted = text.replace(/("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)\b/g, (m, str: string | undefined, tok: string | undefined) =>
      str !== undefined ? m : `"${tok}"`,
    );
    return JSON.parse(quoted);
  }
}

function readText(response: Response): Promise<string> {
  return response.text();
}

/** `body` with its read errors replaced by `failure(error)`; `null` stays `null`. */
function guardBody(body: ReadableStream<Uint8Array> | null, failure: (error: unknown) => MlflowError): ReadableStream<Uint8Array> | null {
  if (body === null) return null;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read().catch((error: unknown) => {
        throw failure(error);
      });
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function compactQuery(query: Query | undefined): Record<string, string | readonly string[]> | undefined {
  if (!query) return undefined;
  const out: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? value : String(value);
  }
  return out;
}

function neverSent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    if (current instanceof AggregateError && current.errors.length > 0) {
      return current.errors.every((inner) => neverSent(inner));
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function snippet(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}
