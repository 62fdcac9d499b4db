/**
 * A queue worker process (`src/queue-worker.ts`, real process, real Redis) serves Prometheus
 * metrics behind the scrape token: the jobs it finished with outcomes and durations, the
 * queues' depth, stalled jobs (issue 16, Metrics: "on each worker").
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectQueue, pipelineJobSettingsOf, pipelineOptionsOf } from '../src/adapters/pipeline-job.js';
import { loadServerConfig } from '../src/config/config.js';
import { freePort } from './support/free-port.js';
import { within } from './support/server-process.js';
import { testPipelineConfig } from './support/test-app.js';

const WORKER = fileURLToPath(new URL('../src/queue-worker.ts', import.meta.url));
const TOKEN = 'scrape-token-0123456789';
const redis = inject('redis');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The value of one sample line (`name{labels} value`) in a Prometheus text body. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe.skipIf(!redis.url)(`a queue worker's /metrics${redis.skipReason ? ` (skipped: ${redis.skipReason})` : ''}`, () => {
  it('is refused without the token, and counts finished jobs, their durations and the queue depth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-worker-metrics-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const prefix = `wm${Date.now()}`;
    const artifacts = join(dir, 'artifacts');
    const config = loadServerConfig({ base: testPipelineConfig(dir), overrides: { queue: { redisUrl: redis.url!, prefix, artifacts } } });
    cpSync(join(dir, 'inputs', 'params.yaml'), config.paths.params); // the server's params file, as makeTestApp writes it
    const settings = pipelineJobSettingsOf(config, dir);
    const port = await freePort();
    const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), WORKER], {
      env: { ...process.env, MSR_REDIS_URL: redis.url!, MSR_REDIS_PREFIX: prefix, MSR_ARTIFACTS: artifacts, MSR_WORKER_DIR: join(dir, 'worker'), MSR_WORKER_METRICS_PORT: String(port), MSR_METRICS_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    const url = `http://127.0.0.1:${port}/metrics`;
    const scrape = async (): Promise<string> => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, log).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    await within(30_000, async () => ((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status === 200 ? true : undefined), `the worker's /metrics (${log})`);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const before = await scrape();
    expect(sample(before, 'msr_worker_queue_jobs{queue="msr-stages",state="waiting"}')).toBe(0);
    expect(before).toContain('# TYPE msr_worker_stalled_jobs_total counter');

    const queue = await connectQueue(settings.queue!);
    try {
      const result = await queue.runPipeline({ ...pipelineOptionsOf(settings), tracking: null });
      expect(result.ran.length).toBeGreaterThan(0);
    } finally {
      await queue.close();
    }
    const after = await scrape();
    const stages = sample(after, 'msr_worker_jobs_total{queue="msr-stages",outcome="done"}');
    expect(stages, after).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'msr_worker_job_duration_seconds_count{queue="msr-stages",outcome="done"}')).toBe(stages);
    expect(sample(after, 'msr_worker_jobs_total{queue="msr-runs",outcome="done"}')).toBe(1);
    expect(sample(after, 'msr_worker_job_duration_seconds_sum{queue="msr-runs",outcome="done"}')).toBeGreaterThan(0);
    expect(sample(after, 'msr_worker_queue_jobs{queue="msr-runs",state="active"}')).toBe(0);
  }, 180_000);
});
