import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMlflowClient, createMlflowClientFromEnv } from '../client/mlflow-client.js';
import {
  MlflowAbortError,
  MlflowHttpError,
  MlflowNetworkError,
  MlflowResponseError,
  MlflowTimeoutError,
  MlflowValidationError,
} from '../errors/mlflow-error.js';
import type { RetryEvent } from './options.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A scripted MLflow-like server on 127.0.0.1: answers request i with handlers[i] (the last one repeats). */
async function scripted(handlers: Handler[]) {
  const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const handler = handlers[Math.min(requests.length - 1, handlers.length - 1)] as Handler;
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  open.push(close);
  return { url, requests };
}

/** A port on 127.0.0.1 where nothing listens: connecting is refused before anything is sent. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c()));
});

const json =
  (status: number, data: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(data));
  };
const experiment = { experiment: { experiment_id: '1', name: 'e', artifact_location: 'mlflow-artifacts:/1', lifecycle_stage: 'active' } };
const run = { run: { info: { run_id: 'abc123', experiment_id: '1', status: 'RUNNING', lifecycle_stage: 'active' } } };

function recorder() {
  const waits: number[] = [];
  const retries: RetryEvent[] = [];
  return {
    waits,
    retries,
    options: {
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      onRetry: (e: RetryEvent) => retries.push(e),
      random: () => 0.5,
    },
  };
}

describe('transport retries', () => {
  it('retries an idempotent call on 503 and honours Retry-After', async () => {
    const s = await scripted([json(503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' }, { 'retry-after': '2' }), json(502, {}), json(200, experiment)]);
    const r = recorder();
    const client = createMlflowClient({ trackingUri: s.url, ...r.options });
    expect((await client.experiments.get('1')).name).toBe('e');
    expect(s.requests).toHaveLength(3);
    // Retry-After: 2 s wins; then backoff 300 × 2^1 with jitter 0.5 → 450 ms.
    expect(r.waits).toEqual([2000, 450]);
    expect(r.retries.map((e) => [e.attempt, (e.error as MlflowHttpError).status])).toEqual([
      [1, 503],
      [2, 502],
    ]);
  });

  it('gives up at once when Retry-After exceeds the cap, and falls back to backoff on a malformed one', async () => {
    const s = await scripted([json(429, { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' }, { 'retry-after': '3600' })]);
    const client = createMlflowClient({ trackingUri: s.url, ...recorder().options, retry: { retryAfterMaxMs: 10_000 } });
    await expect(client.experiments.get('1')).rejects.toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', status: 429 });
    expect(s.requests).toHaveLength(1);

    const s2 = await scripted([json(503, {}, { 'retry-after': 'soon-ish' }), json(200, experiment)]);
    const r = recorder();
    await createMlflowClient({ trackingUri: s2.url, ...r.options }).experiments.get('1');
    expect(r.waits).toEqual([225]);
  });

  it('stops after the retry limit with the last error', async () => {
    const s = await scripted([json(500, { error_code: 'INTERNAL_ERROR', message: 'boom' })]);
    const client = createMlflowClient({ trackingUri: s.url, ...recorder().options, retry: { limit: 2 } });
    await expect(client.runs.get('abc123')).rejects.toMatchObject({ code: 'INTERNAL_ERROR', status: 500, method: 'GET', path: '/api/2.0/mlflow/runs/get' });
    expect(s.requests).toHaveLength(3);
  });

  it('does not retry a client error (400) nor a create call on 5xx, but retries a create call on 429', async () => {
    const s = await scripted([json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad' })]);
    await expect(createMlflowClient({ trackingUri: s.url, ...recorder().options }).experiments.get('1')).rejects.toBeInstanceOf(MlflowHttpError);
    expect(s.requests).toHaveLength(1);

    const s2 = await scripted([json(503, {})]);
    await expect(createMlflowClient({ trackingUri: s2.url, ...recorder().options }).runs.create({ experimentId: '1' })).rejects.toMatchObject({ status: 503 });
    expect(s2.requests).toHaveLength(1);

    const s3 = await scripted([json(429, {}), json(200, run)]);
    expect((await createMlflowClient({ trackingUri: s3.url, ...recorder().options }).runs.create({ experimentId: '1' })).info.runId).toBe('abc123');
    expect(s3.requests).toHaveLength(2);
  });

  it('retries any call when the connection was refused (nothing was sent)', async () => {
    const s = await scripted([json(200, run)]);
    const closed = await closedPort();
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      // First attempt goes to a closed port: ECONNREFUSED before any byte is sent.
      if (calls === 1) return fetch(`http://127.0.0.1:${closed}/`, init);
      return fetch(input, init);
    };
    const client = createMlflowClient({ trackingUri: s.url, fetch: flaky, ...recorder().options });
    expect((await client.runs.create({ experimentId: '1' })).info.runId).toBe('abc123');
    expect(calls).toBe(2);

    const refused = await createMlflowClient({ trackingUri: `http://127.0.0.1:${closed}`, ...recorder().options, retry: { limit: 1 } })
      .runs.create({ experimentId: '1' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MlflowNetworkError);
    expect(refused).toMatchObject({ sent: false, code: 'ERR_NETWORK', method: 'POST', path: '/api/2.0/mlflow/runs/create' });
  });

  it('times out one attempt, retries, and stops at the total timeout', async () => {
    // The slow server never answers (the connection is closed after the test), so no timeout
    // here races a response: only the answering attempt needs time, and it gets a second.
    const slow: Handler = () => {};
    const s = await scripted([slow, json(200, experiment)]);
    const client = createMlflowClient({ trackingUri: s.url, timeoutMs: 1_000, ...recorder().options });
    expect((await client.experiments.get('1')).name).toBe('e');
    expect(s.requests).toHaveLength(2);

    const s2 = await scripted([slow]);
    const attemptOnly = await createMlflowClient({ trackingUri: s2.url, timeoutMs: 100, retry: { limit: 1 }, ...recorder().options })
      .experiments.get('1')
      .catch((e: unknown) => e);
    expect(attemptOnly).toBeInstanceOf(MlflowTimeoutError);
    expect(attemptOnly).toMatchObject({ budget: 'attempt', timeoutMs: 100 });

    const s3 = await scripted([slow]);
    const total = await createMlflowClient({ trackingUri: s3.url, timeoutMs: 5000, totalTimeoutMs: 150, ...recorder().options })
      .experiments.get('1')
      .catch((e: unknown) => e);
    expect(total).toMatchObject({ name: 'MlflowTimeoutError', budget: 'total', timeoutMs: 150 });
  });

  it('cancels the wait between attempts with the caller signal', async () => {
    const s = await scripted([json(503, {}, { 'retry-after': '30' })]);
    const client = createMlflowClient({ trackingUri: s.url });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    const error = await client.experiments.get('1', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowAbortError);
    expect((error as MlflowAbortError).cause).toEqual(new Error('user cancelled'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(s.requests).toHaveLength(1);
  });
});

describe('transport errors and encoding', () => {
  it('turns a proxy HTML error page into a typed error with an HTTP_<status> code', async () => {
    const s = await scripted([
      (_req, _body, res) => {
        res.writeHead(413, { 'content-type': 'text/html' });
        res.end('<html><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>');
      },
    ]);
    const error = await createMlflowClient({ trackingUri: s.url, ...recorder().options })
      .runs.logBatch('abc123', { params: { a: '1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowHttpError);
    expect(error).toMatchObject({ code: 'HTTP_413', status: 413, method: 'POST', path: '/api/2.0/mlflow/runs/log-batch' });
    expect((error as Error).message).toContain('413 Request Entity Too Large nginx');
    expect(s.requests).toHaveLength(1);
  });

  it('rejects a 2xx body that is not MLflow JSON', async () => {
    const s = await scripted([json(200, { experiment: { name: 'no id' } })]);
    const error = await createMlflowClient({ trackingUri: s.url }).experiments.get('1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowResponseError);
    expect((error as Error).message).toMatch(/experiment\.experiment_id/);
    const s2 = await scripted([
      (_req, _body, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>login page</html>');
      },
    ]);
    await expect(createMlflowClient({ trackingUri: s2.url }).experiments.get('1')).rejects.toThrow(/body is not JSON/);
  });

  it('sends non-finite metric values the protobuf-JSON way and reads bare NaN back', async () => {
    const s = await scripted([
      json(200, {}),
      (_req, _body, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"metrics": [{"key": "m", "value": NaN, "timestamp": 1, "step": 0}, {"key": "m", "value": -Infinity, "timestamp": 2, "step": 1}]}');
      },
    ]);
    const client = createMlflowClient({ trackingUri: s.url });
    await client.runs.logBatch('abc123', { metrics: [{ key: 'm', value: Number.NaN, timestamp: 1 }, { key: 'm', value: Infinity, timestamp: 2 }] });
    expect(JSON.parse(s.requests[0]?.body ?? '{}').metrics.map((m: { value: unknown }) => m.value)).toEqual(['NaN', 'Infinity']);
    const history = await client.runs.getMetricHistory('abc123', 'm');
    expect(history.map((m) => m.value)).toEqual([Number.NaN, -Infinity]);
  });

  it('sends Basic or Bearer auth, from options or from the environment factory', async () => {
    const s = await scripted([json(200, experiment)]);
    await createMlflowClient({ trackingUri: s.url, auth: { type: 'basic', username: 'ann', password: 's3cret' } }).experiments.get('1');
    await createMlflowClientFromEnv({ MLFLOW_TRACKING_URI: s.url, MLFLOW_TRACKING_USERNAME: 'bob', MLFLOW_TRACKING_PASSWORD: 'pw' }).experiments.get('1');
    await createMlflowClientFromEnv({ MLFLOW_TRACKING_URI: s.url, MLFLOW_TRACKING_TOKEN: 'tok', MLFLOW_TRACKING_USERNAME: 'ignored' }).experiments.get('1');
    await createMlflowClientFromEnv({ MLFLOW_TRACKING_URI: s.url }).experiments.get('1');
    expect(s.requests.map((r) => r.headers['authorization'])).toEqual([
      `Basic ${Buffer.from('ann:s3cret').toString('base64')}`,
      `Basic ${Buffer.from('bob:pw').toString('base64')}`,
      'Bearer tok',
      undefined,
    ]);
  });

  it('takes Basic credentials written into the tracking URI, as MLflow\'s Python client does, and never repeats them', async () => {
    const s = await scripted([json(200, experiment)]);
    const withCredentials = s.url.replace('http://', 'http://ann:s%40cret@');
    const client = createMlflowClientFromEnv({ MLFLOW_TRACKING_URI: withCredentials });
    await client.experiments.get('1');
    // Explicit credentials win over the URI's, like requests' auth= over a URL's user info.
    await createMlflowClientFromEnv({ MLFLOW_TRACKING_URI: withCredentials, MLFLOW_TRACKING_USERNAME: 'bob', MLFLOW_TRACKING_PASSWORD: 'pw' }).experiments.get('1');
    expect(s.requests.map((r) => r.headers['authorization'])).toEqual([
      `Basic ${Buffer.from('ann:s@cret').toString('base64')}`,
      `Basic ${Buffer.from('bob:pw').toString('base64')}`,
    ]);
    expect(client.trackingUri).toBe(s.url);
    expect(() => createMlflowClient({ trackingUri: 'http://ann:s3cret@[bad' })).toThrow(MlflowValidationError);
    expect(() => createMlflowClient({ trackingUri: 'http://ann:s3cret@[bad' })).not.toThrow(/s3cret/);
  });

  it('checks options once, when the client is built', () => {
    expect(() => createMlflowClientFromEnv({})).toThrow(MlflowValidationError);
    expect(() => createMlflowClient({ trackingUri: 'ftp://x' })).toThrow(/unsupported scheme/);
    expect(() => createMlflowClient({ trackingUri: 'http://x', timeoutMs: 0 })).toThrow(/options.timeoutMs/);
    expect(() => createMlflowClient({ trackingUri: 'http://x', batchLimits: { maxMetrics: -1 } })).toThrow(/batchLimits.maxMetrics/);
  });
});
