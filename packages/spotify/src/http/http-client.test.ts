import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HttpStatusError, NetworkError, RateLimitedError, RequestTimeoutError, SchemaViolationError } from '../errors/spotify-error.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { createHttpClient, type RetryEvent } from './http-client.js';
import type { FetchLike } from './io.js';

const schema = z.object({ ok: z.literal(true) });
const url = 'https://api.example.test/v1/thing';

/** A fetch that answers from a script, one entry per call, and records the calls. */
function scripted(...answers: (Response | Error | (() => Promise<Response>))[]) {
  const calls: string[] = [];
  const fetch: FetchLike = async (input) => {
    calls.push(String(input instanceof Request ? input.url : input));
    const next = answers.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return { fetch, calls };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('createHttpClient', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the validated body and sends query parameters', async () => {
    const { fetch, calls } = scripted(json(200, { ok: true }));
    const http = createHttpClient({ service: 'spotify-api', fetch });
    const res = await http.request({ method: 'GET', url, query: { ids: 'a,b', skip: undefined }, schema, retryable: true });
    expect(res.data).toEqual({ ok: true });
    expect(calls).toEqual([`${url}?ids=a%2Cb`]);
  });

  it('honours Retry-After on 429 (fake timers, default sleep)', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = scripted(json(429, { error: { status: 429, message: 'slow down' } }, { 'retry-after': '7' }), json(200, { ok: true }));
    const events: RetryEvent[] = [];
    const http = createHttpClient({ service: 'spotify-api', fetch, onRetry: (e) => events.push(e) });
    const pending = http.request({ method: 'GET', url, schema, retryable: true });
    await vi.advanceTimersByTimeAsync(6_999);
    expect(calls).toHaveLength(1); // still waiting: no fixed or shortened sleep
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ data: { ok: true } });
    expect(calls).toHaveLength(2);
    expect(events).toEqual([expect.objectContaining({ reason: 'rate-limited', status: 429, delayMs: 7000, attempt: 1 })]);
  });

  it('fails at once when Retry-After exceeds maxRetryAfterMs', async () => {
    const { fetch, calls } = scripted(json(429, {}, { 'retry-after': '86400' }));
    const { sleep, waits } = recordingSleep();
    const http = createHttpClient({ service: 'spotify-api', fetch, sleep });
    const error = await http.request({ method: 'GET', url, schema, retryable: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(86_400_000);
    expect((error as RateLimitedError).message).toMatch(/more than maxRetryAfterMs/);
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('falls back to exponential backoff for a malformed Retry-After and for 5xx', async () => {
    const { fetch } = scripted(
      json(429, {}, { 'retry-after': 'tomorrow-ish' }),
      json(503, { error: { status: 503, message: 'busy' } }),
      json(502, {}),
      json(200, { ok: true }),
    );
    const { sleep, waits } = recordingSleep();
    const http = createHttpClient({ service: 'spotify-api', fetch, sleep, retry: { backoffBaseMs: 100 } });
    await expect(http.request({ method: 'GET', url, schema, retryable: true })).resolves.toMatchObject({ status: 200 });
    expect(waits).toEqual([100, 200, 400]);
  });

  it('gives up after maxRetries with the last error', async () => {
    const { fetch, calls } = scripted(json(500, {}), json(500, {}), json(500, { error: { status: 500, message: 'boom' } }));
    const { sleep } = recordingSleep();
    const http = createHttpClient({ service: 'reccobeats', fetch, sleep, retry: { maxRetries: 2 } });
    const error = await http.request({ method: 'GET', url, schema, retryable: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(500);
    expect((error as HttpStatusError).detail).toBe('boom');
    expect((error as HttpStatusError).message).toContain(`GET ${url} answered 500: boom`);
    expect(calls).toHaveLength(3);
  });

  it('does not retry 5xx on a non-retryable endpoint, but does retry 429 (not processed)', async () => {
    const { sleep } = recordingSleep();
    const a = scripted(json(503, {}));
    const http = createHttpClient({ service: 'spotify-accounts', fetch: a.fetch, sleep });
    await expect(http.request({ method: 'POST', url, schema, retryable: false })).rejects.toMatchObject({ status: 503 });
    expect(a.calls).toHaveLength(1);
    const b = scripted(json(429, {}, { 'retry-after': '1' }), json(200, { ok: true }));
    const http2 = createHttpClient({ service: 'spotify-accounts', fetch: b.fetch, sleep });
    await expect(http2.request({ method: 'POST', url, schema, retryable: false })).resolves.toMatchObject({ status: 200 });
  });

  it('never retries 4xx other than 429', async () => {
    const { fetch, calls } = scripted(json(404, { error: { status: 404, message: 'nope' } }));
    const http = createHttpClient({ service: 'spotify-api', fetch });
    await expect(http.request({ method: 'GET', url, schema, retryable: true })).rejects.toMatchObject({ status: 404, detail: 'nope' });
    expect(calls).toHaveLength(1);
  });

  it('turns a non-JSON or schema-violating 2xx body into SchemaViolationError naming the path', async () => {
    const { fetch } = scripted(new Response('<html>oops</html>', { status: 200 }), json(200, { ok: 'yes' }));
    const http = createHttpClient({ service: 'spotify-api', fetch });
    const notJson = await http.request({ method: 'GET', url, schema, retryable: true }).catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(SchemaViolationError);
    expect((notJson as SchemaViolationError).issues[0]).toMatch(/not JSON/);
    const wrong = await http.request({ method: 'GET', url, schema, retryable: true }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SchemaViolationError);
    expect((wrong as SchemaViolationError).issues[0]).toMatch(/^ok: /);
  });

  it('retries network errors on retryable endpoints, then reports NetworkError with the cause', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED') });
    const { fetch, calls } = scripted(refused, refused);
    const { sleep } = recordingSleep();
    const http = createHttpClient({ service: 'spotify-api', fetch, sleep, retry: { maxRetries: 1 } });
    const error = await http.request({ method: 'GET', url, schema, retryable: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(2);
  });

  it('times out a hanging attempt', async () => {
    const hang: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const http = createHttpClient({ service: 'spotify-api', fetch: hang, timeoutMs: 20, retry: { maxRetries: 0 } });
    const error = await http.request({ method: 'GET', url, schema, retryable: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).timeoutMs).toBe(20);
  });

  it("cancels a Retry-After wait with the caller's signal", async () => {
    vi.useFakeTimers();
    const { fetch, calls } = scripted(json(429, {}, { 'retry-after': '30' }), json(200, { ok: true }));
    const http = createHttpClient({ service: 'spotify-api', fetch });
    const controller = new AbortController();
    const pending = http.request({ method: 'GET', url, schema, retryable: true, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort(new Error('user went away'));
    expect(await pending).toEqual(new Error('user went away'));
    expect(calls).toHaveLength(1);
  });

  it('does not start a wait that would pass totalTimeoutMs', async () => {
    const { fetch } = scripted(json(429, {}, { 'retry-after': '50' }));
    const http = createHttpClient({ service: 'spotify-api', fetch, totalTimeoutMs: 10_000 });
    await expect(http.request({ method: 'GET', url, schema, retryable: true })).rejects.toThrow(/would exceed totalTimeoutMs/);
  });

  it('checks its options when built', () => {
    expect(() => createHttpClient({ service: 'spotify-api', timeoutMs: 0 })).toThrow(InvalidOptionError);
    expect(() => createHttpClient({ service: 'spotify-api', retry: { maxRetries: -1 } })).toThrow(/retry.maxRetries/);
  });
});
