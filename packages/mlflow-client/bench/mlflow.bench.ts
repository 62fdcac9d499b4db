/**
 * `npm run bench:mlflow` — the client against a real MLflow server on 127.0.0.1 (provisioned
 * like the tests: cached venv under .cache/, fresh database). Each figure is a median over
 * several repetitions, printed beside an anchor measured in the same run: the same HTTP
 * requests made with a bare `fetch` and hand-written JSON, so the ratio is the client's cost.
 *
 * Targets (issue 5): 10,000 metric points in ≤ 15 requests and ≤ 2 s; 1,000 runs searched
 * through pages with the iterator; overhead per call over a raw fetch.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMlflowClient } from '../src/index.js';
import { MLFLOW_VERSIONS, ensureVenv, findPython, startServer } from '../test/mlflow-server/provision.js';

const REPS = Number(process.env['BENCH_REPS'] ?? 5);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function row(name: string, client: number, anchor: number, unit: string, extra = ''): string {
  const fmt = (v: number) => (unit === 'µs' ? v.toFixed(0) : v.toFixed(1)).padStart(9);
  return `${name.padEnd(44)} ${fmt(client)} ${unit.padEnd(3)} ${fmt(anchor)} ${unit.padEnd(3)} ${(client / anchor).toFixed(2).padStart(6)}×  ${extra}`;
}

async function main(): Promise<void> {
  const python = await findPython();
  if (!python) throw new Error('bench:mlflow needs Python ≥ 3.10 with venv to run a real MLflow server');
  const venv = await ensureVenv(python, MLFLOW_VERSIONS.v3);
  const server = await startServer(venv);
  process.stdout.write(`MLflow ${server.version} at ${server.url} (venv ${venv.created ? 'installed' : 'cached'} ${venv.seconds.toFixed(1)} s, server up in ${server.startSeconds.toFixed(1)} s), ${REPS} repetitions, medians\n\n`);
  const base = `${server.url}/api/2.0/mlflow`;
  const post = (path: string, body: unknown) =>
    fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<Record<string, any>>;
    });
  try {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const client = createMlflowClient({ trackingUri: server.url, fetch: counting });
    const experimentId = await client.experiments.create('bench');
    const lines: string[] = [];

    // 1. 10,000 metric points.
    const points = Array.from({ length: 10_000 }, (_, i) => ({ key: `m${i % 10}`, value: Math.sin(i), step: Math.floor(i / 10), timestamp: 1_700_000_000_000 + i }));
    const clientTimes: number[] = [];
    const anchorTimes: number[] = [];
    const requestCounts: number[] = [];
    for (let r = 0; r < REPS; r++) {
      const a = (await post('runs/create', { experiment_id: experimentId })).run.info.run_id as string;
      anchorTimes.push(await time(async () => {
        for (let i = 0; i < points.length; i += 1000) await post('runs/log-batch', { run_id: a, metrics: points.slice(i, i + 1000) });
      }));
      const { info } = await client.runs.create({ experimentId });
      requests = 0;
      clientTimes.push(await time(async () => void (await client.runs.logBatch(info.runId, { metrics: points }))));
      requestCounts.push(requests);
      if ((await client.runs.getMetricHistory(info.runId, 'm3')).length !== 1000) throw new Error('lost points');
    }
    const logMs = median(clientTimes);
    lines.push(row('logBatch 10,000 metric points', logMs, median(anchorTimes), 'ms', `${median(requestCounts)} requests (target ≤ 15), ${logMs <= 2000 ? 'within' : 'OVER'} 2 s target`));

    // 2. 1,000 runs searched through pages with the iterator.
    const searchExperiment = await client.experiments.create('bench-search');
    const queue = Array.from({ length: 1000 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const id = (await post('runs/create', { experiment_id: searchExperiment, run_name: `r${i}` })).run.info.run_id as string;
          await post('runs/log-batch', { run_id: id, metrics: [{ key: 'accuracy', value: (i * 7919) % 1000 / 1000, timestamp: 1, step: 0 }], params: [{ key: 'i', value: String(i) }] });
        }
      }),
    );
    const searchClient: number[] = [];
    const searchAnchor: number[] = [];
    let pages = 0;
    for (let r = 0; r < REPS; r++) {
      searchAnchor.push(await time(async () => {
        let token: string | undefined;
        let n = 0;
        do {
          const page = await post('runs/search', { experiment_ids: [searchExperiment], order_by: ['metrics.accuracy DESC'], max_results: 100, page_token: token });
          n += (page.runs as unknown[]).length;
          token = page.next_page_token as string | undefined;
        } while (token);
        if (n !== 1000) throw new Error(`anchor saw ${n} runs`);
      }));
      requests = 0;
      searchClient.push(await time(async () => {
        let n = 0;
        let last = Infinity;
        for await (const run of client.runs.searchAll({ experimentIds: [searchExperiment], orderBy: ['metrics.accuracy DESC'], maxResults: 100 })) {
          const acc = run.data.metrics['accuracy'] as number;
          if (acc > last) throw new Error('not ordered');
          last = acc;
          n++;
        }
        if (n !== 1000) throw new Error(`iterator saw ${n} runs`);
      }));
      pages = requests;
    }
    lines.push(row('searchAll 1,000 runs (pages of 100)', median(searchClient), median(searchAnchor), 'ms', `${pages} pages, validated + camel-cased`));

    // 3. Overhead per call: a small GET, client vs raw fetch, interleaved.
    const perClient: number[] = [];
    const perAnchor: number[] = [];
    for (let i = 0; i < 20; i++) {
      await client.experiments.get(experimentId);
      await fetch(`${base}/experiments/get?experiment_id=${experimentId}`).then((r) => r.json());
    }
    for (let i = 0; i < 300; i++) {
      perAnchor.push(await time(async () => void (await fetch(`${base}/experiments/get?experiment_id=${experimentId}`).then((r) => r.json()))));
      perClient.push(await time(async () => void (await client.experiments.get(experimentId))));
    }
    const c = median(perClient) * 1000;
    const a = median(perAnchor) * 1000;
    lines.push(row('experiments.get, per call (300 calls)', c, a, 'µs', `overhead ${(c - a).toFixed(0)} µs per call`));

    // 4. The same per-call comparison against a constant loopback stub, which takes the MLflow
    // server's own (noisy) time out of both sides and leaves the client's cost.
    const body = JSON.stringify({ experiment: { experiment_id: '1', name: 'bench', artifact_location: 'mlflow-artifacts:/1', lifecycle_stage: 'active', creation_time: 1, last_update_time: 1, tags: [{ key: 'a', value: 'b' }] } });
    const stub = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const stubClient = createMlflowClient({ trackingUri: stubUrl });
    const stubClientTimes: number[] = [];
    const stubAnchorTimes: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      await fetch(`${stubUrl}/api/2.0/mlflow/experiments/get?experiment_id=1`).then((r) => r.json());
      const t1 = performance.now();
      await stubClient.experiments.get('1');
      const t2 = performance.now();
      if (i >= 200) {
        stubAnchorTimes.push(t1 - t0);
        stubClientTimes.push(t2 - t1);
      }
    }
    stub.close();
    const sc = median(stubClientTimes) * 1000;
    const sa = median(stubAnchorTimes) * 1000;
    lines.push(row('experiments.get vs a constant loopback stub', sc, sa, 'µs', `client cost ${(sc - sa).toFixed(0)} µs per call (validation, retry wrapper, ofetch)`));

    process.stdout.write(`${'measure'.padEnd(44)} ${'client'.padStart(13)} ${'raw fetch'.padStart(13)} ${'ratio'.padStart(7)}\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
