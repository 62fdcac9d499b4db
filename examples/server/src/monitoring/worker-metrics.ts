import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';
import { queueJobsGauge } from './metrics.js';
import type { WorkerEvent } from '@msr/pipeline';
import { scrapeTokenMatches } from './scrape-token.js';

/** Where {@link WorkerMetrics} reads the queues at scrape time. */
export interface WorkerMetricsSources {
  /** Job counts per queue and state (`PipelineQueue.status().queues`). */
  queueCounts: () => Promise<Record<string, Record<string, number>>>;
}

/**
 * A queue worker's Prometheus metrics (prom-client), in their own registry: the jobs this worker
 * finished by queue and outcome with their durations (from `startPipelineWorker`'s events), the
 * queues' depth by state (read at scrape time), and the stalled jobs BullMQ reported (a worker
 * died or hung while holding one; {@link stalled} is called for each).
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({ name: 'msr_worker_jobs_total', help: 'Jobs this worker finished, by queue and outcome (done, failed, retried)', labelNames: ['queue', 'outcome'] as const, registers: [this.registry] });
  readonly jobSeconds = new Histogram({
    name: 'msr_worker_job_duration_seconds',
    help: 'Duration of the jobs this worker finished, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  readonly stalledJobs = new Counter({ name: 'msr_worker_stalled_jobs_total', help: 'Jobs BullMQ found stalled on the queue (any worker), by queue', labelNames: ['queue'] as const, registers: [this.registry] });
  readonly #started = new Map<string, number>();

  constructor(
    sources: WorkerMetricsSources,
    private readonly now: () => number = Date.now,
  ) {
    queueJobsGauge(this.registry, 'msr_worker_queue_jobs', 'BullMQ jobs per queue and state (waiting = depth)', sources.queueCounts);
  }

  /** Counts what a worker event says (pass it `startPipelineWorker`'s `onEvent`). */
  observe(event: WorkerEvent): void {
    if (event.type === 'job-start') {
      this.#started.set(`${event.queue}/${event.jobId}`, this.now());
      return;
    }
    if (event.type !== 'job-done' && event.type !== 'job-failed') return;
    const key = `${event.queue}/${event.jobId}`;
    const started = this.#started.get(key);
    this.#started.delete(key);
    const labels = { queue: event.queue, outcome: event.type === 'job-done' ? 'done' : event.willRetry ? 'retried' : 'failed' };
    this.jobs.inc(labels);
    if (started !== undefined) this.jobSeconds.observe(labels, (this.now() - started) / 1000);
  }

  /** A job of `queue` was found stalled. */
  stalled(queue: string): void {
    this.stalledJobs.inc({ queue });
  }

  /** The metrics in Prometheus' text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Options of {@link serveWorkerMetrics}. */
export interface ServeWorkerMetricsOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 = any free port. */
  port: number;
  /** The scrape token, sent as `Authorization: Bearer <token>`: metrics are never served unprotected. */
  token: string;
}

/** Serves `GET /metrics` (and nothing else) for a worker process; resolves once listening. */
export function serveWorkerMetrics(metrics: Pick<WorkerMetrics, 'render' | 'registry'>, options: ServeWorkerMetricsOptions): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this process serves GET /metrics only\n');
      return;
    }
    if (!scrapeTokenMatches(req.headers.authorization, options.token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('metrics need the scrape token: Authorization: Bearer <MSR_METRICS_TOKEN>\n');
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://${options.host ?? '127.0.0.1'}:${port}/metrics`, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}
