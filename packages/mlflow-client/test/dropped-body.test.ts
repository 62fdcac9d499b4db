/**
 * A connection that breaks off while the answer's body is being read (undici's
 * `TypeError: terminated`), against a real MLflow server behind a loopback proxy: the failure
 * is a typed network error, retried per the endpoint's class like any other dropped connection.
 * Before the fix the body was read after the retry loop, so the production smoke test's workers
 * lost an artifact download to one such drop (docs/decisions/0835).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MlflowNetworkError, createMlflowClient, type RetryEvent } from '../src/index.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';

const servers = mlflowServers();
const server = servers.v3;
const noWait = async () => {};

describe.skipIf(!server)(serverSuiteTitle('a connection dropped mid-body against a real server', server, servers.skipReason), () => {
  let proxy: FaultProxy | undefined;
  const temps: string[] = [];
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(decide: (method: string, path: string, index: number) => Fault) {
    const direct = createMlflowClient({ trackingUri: server!.url });
    const experimentId = await direct.experiments.create(`mid-body-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    const { info } = await direct.runs.create({ experimentId });
    proxy = await startFaultProxy(server!.url, decide);
    const retries: RetryEvent[] = [];
    const client = createMlflowClient({ trackingUri: proxy.url, sleep: noWait, onRetry: (e) => retries.push(e) });
    return { direct, client, runId: info.runId, experimentId, retries };
  }

  // Big enough that half of it is many TCP segments, as the smoke test's dataset blobs are.
  const blob = new Uint8Array(Array.from({ length: 256 * 1024 }, (_, i) => (i * 31) % 251));
  const root = 'mlflow-artifacts:/mid-body-test';

  it('artifacts.read: a body cut off once is read again, whole', async () => {
    const name = `read-${Date.now()}.bin`;
    const { direct, client, retries } = await setup((method, path, i) => (method === 'GET' && path.endsWith(`/${name}`) && i === 0 ? 'drop-mid-body' : 'pass'));
    await direct.artifacts.putBytes(root, name, blob);
    const bytes = await client.artifacts.read(root, name);
    expect(bytes).toEqual(blob);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(MlflowNetworkError);
    expect(proxy!.seen.filter((s) => s.endsWith(`/${name}`))).toHaveLength(2);
  });

  it('artifacts.downloadFrom: a file cut off once is downloaded again, and no partial file is left', async () => {
    const name = `download-${Date.now()}.bin`;
    const { direct, client, retries } = await setup((method, path, i) => (method === 'GET' && path.endsWith(`/${name}`) && i === 0 ? 'drop-mid-body' : 'pass'));
    await direct.artifacts.putBytes(root, `dir/${name}`, blob);
    const dest = mkdtempSync(join(tmpdir(), 'msr-mid-body-'));
    temps.push(dest);
    const file = await client.artifacts.downloadFrom(root, `dir/${name}`, dest);
    expect(new Uint8Array(readFileSync(file))).toEqual(blob);
    expect(readdirSync(dest, { recursive: true }).sort()).toEqual(['dir', `dir/${name}`]);
    expect(retries).toHaveLength(1);
  });

  it('an idempotent JSON read (runs/get) is retried', async () => {
    const { client, runId, retries } = await setup((method, path, i) => (path.endsWith('/runs/get') && i === 0 ? 'drop-mid-body' : 'pass'));
    expect((await client.runs.get(runId)).info.runId).toBe(runId);
    expect(retries.map((r) => r.error)).toEqual([expect.any(MlflowNetworkError)]);
  });

  it('log-metric (reconcile class): reconciled, logged once', async () => {
    const { direct, client, runId } = await setup((method, path, i) => (path.endsWith('/runs/log-metric') && i === 0 ? 'drop-mid-body' : 'pass'));
    await client.runs.logMetric(runId, 'accuracy', 0.9, { step: 3, timestamp: 1_700_000_000_000 });
    expect(proxy!.seen.filter((s) => s === 'POST /api/2.0/mlflow/runs/log-metric')).toHaveLength(1);
    expect(proxy!.seen).toContain('GET /api/2.0/mlflow/metrics/get-history');
    expect(await direct.runs.getMetricHistory(runId, 'accuracy')).toEqual([{ key: 'accuracy', value: 0.9, step: 3, timestamp: 1_700_000_000_000 }]);
  });

  it('runs/create (create class): not retried, and the failure is a typed network error that says it was sent', async () => {
    const { client, experimentId } = await setup((method, path) => (path.endsWith('/runs/create') ? 'drop-mid-body' : 'pass'));
    const error = await client.runs.create({ experimentId, runName: 'once' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowNetworkError);
    expect(error).toMatchObject({ code: 'ERR_NETWORK', sent: true, method: 'POST', path: '/api/2.0/mlflow/runs/create' });
    expect(proxy!.seen.filter((s) => s.endsWith('/runs/create'))).toHaveLength(1);
  });
});
