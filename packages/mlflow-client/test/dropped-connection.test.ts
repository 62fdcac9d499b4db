/**
 * A dropped connection mid-batch against a real MLflow server: the client retries only where
 * that is safe, reconciles appends, and nothing is logged twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MlflowNetworkError, createMlflowClient, type RetryEvent } from '../src/index.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';

const servers = mlflowServers();
const server = servers.v3;
const noWait = async () => {};

describe.skipIf(!server)(serverSuiteTitle('dropped connections against a real server', server, servers.skipReason), () => {
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  async function setup(decide: (method: string, path: string, index: number) => Fault) {
    const direct = createMlflowClient({ trackingUri: server!.url });
    const experimentId = await direct.experiments.create(`drops-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    const { info } = await direct.runs.create({ experimentId });
    proxy = await startFaultProxy(server!.url, decide);
    const retries: RetryEvent[] = [];
    const client = createMlflowClient({ trackingUri: proxy.url, sleep: noWait, onRetry: (e) => retries.push(e) });
    return { direct, client, runId: info.runId, experimentId, retries };
  }

  const points = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => ({ key: 'loss', value: (i + offset) / 7, step: i + offset, timestamp: 1_700_000_000_000 + i + offset }));

  it('log-batch applied by the server but answer lost: reconciles and does not resend', async () => {
    const { direct, client, runId, retries } = await setup((method, path, i) => (path.endsWith('/runs/log-batch') && i === 1 ? 'drop-after' : 'pass'));
    const { requests } = await client.runs.logBatch(runId, { metrics: points(2500), params: { p: '1' } });
    expect(requests).toBe(3);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(MlflowNetworkError);
    // Chunk 2 was sent once and never again: the history read showed it had landed.
    expect(proxy!.seen.filter((s) => s === 'POST /api/2.0/mlflow/runs/log-batch')).toHaveLength(3);
    expect(proxy!.seen).toContain('GET /api/2.0/mlflow/metrics/get-history');
    const history = await direct.runs.getMetricHistory(runId, 'loss');
    expect(history).toHaveLength(2500);
    expect(new Set(history.map((m) => m.step)).size).toBe(2500);
  });

  it('log-batch lost before reaching the server: reconciles and resends only what is missing', async () => {
    const { direct, client, runId } = await setup((method, path, i) => (path.endsWith('/runs/log-batch') && i === 0 ? 'drop-before' : 'pass'));
    await client.runs.logBatch(runId, { metrics: points(10) });
    expect(proxy!.seen.filter((s) => s === 'POST /api/2.0/mlflow/runs/log-batch')).toHaveLength(2);
    expect((await direct.runs.getMetricHistory(runId, 'loss')).map((m) => m.step)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('log-metric answer lost after the server applied it: logged once', async () => {
    const { direct, client, runId } = await setup((method, path, i) => (path.endsWith('/runs/log-metric') && i === 0 ? 'drop-after' : 'pass'));
    await client.runs.logMetric(runId, 'accuracy', 0.9, { step: 3, timestamp: 1_700_000_000_000 });
    expect(proxy!.seen.filter((s) => s === 'POST /api/2.0/mlflow/runs/log-metric')).toHaveLength(1);
    expect(await direct.runs.getMetricHistory(runId, 'accuracy')).toEqual([{ key: 'accuracy', value: 0.9, step: 3, timestamp: 1_700_000_000_000 }]);
  });

  it('runs/create answer lost: not retried (a retry would create a second run); the error says it was sent', async () => {
    const { direct, client, experimentId } = await setup((method, path) => (path.endsWith('/runs/create') ? 'drop-after' : 'pass'));
    const error = await client.runs.create({ experimentId, runName: 'once' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowNetworkError);
    expect(error).toMatchObject({ sent: true, method: 'POST', path: '/api/2.0/mlflow/runs/create' });
    expect(proxy!.seen.filter((s) => s.endsWith('/runs/create'))).toHaveLength(1);
    const runs = await direct.runs.search({ experimentIds: [experimentId] });
    expect(runs.items.filter((r) => r.info.runName === 'once')).toHaveLength(1);
  });

  it('idempotent reads and tag writes are retried after a drop', async () => {
    const { direct, client, runId } = await setup((method, path, i) => ((path.endsWith('/runs/get') || path.endsWith('/runs/set-tag')) && i === 0 ? 'drop-after' : 'pass'));
    await client.runs.setTag(runId, 'stage', 'eval');
    expect((await client.runs.get(runId)).data.tags['stage']).toBe('eval');
    expect(proxy!.seen.filter((s) => s.endsWith('/runs/set-tag'))).toHaveLength(2);
    expect((await direct.runs.get(runId)).data.tags['stage']).toBe('eval');
  });
});
