import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';

/** Where the metrics read what they report at scrape time. */
export interface MetricsSources {
  db: Database;
  /** The model serving now. */
  modelVersion: () => string | undefined;
  /** Job counts per queue and state, on Redis. */
  queueCounts?: () => Promise<Record<string, Record<string, number>>>;
}

/**
 * The server's Prometheus metrics (prom-client), in their own registry: request latency by
 * route, recommendations by genre and strategy, rate-limit rejections, login failures, jobs by
 * kind and outcome with their durations, queue depth and the model version.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requestSeconds = new Histogram({
    name: 'msr_http_request_duration_seconds',
    help: 'HTTP request latency by matched route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly recommendations = new Counter({ name: 'msr_recommendations_total', help: 'Recommendations answered, by predicted genre and strategy', labelNames: ['genre', 'strategy'] as const, registers: [this.registry] });
  readonly rateLimitRejections = new Counter({ name: 'msr_rate_limit_rejections_total', help: 'Requests refused by a rate limit, by limit', labelNames: ['limit'] as const, registers: [this.registry] });
  readonly loginFailures = new Counter({ name: 'msr_login_failures_total', help: 'Failed logins: wrong password, or held back by the login throttle', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly jobs = new Counter({ name: 'msr_jobs_total', help: 'Finished retrain and feed jobs (of every instance on the database), by kind and outcome', labelNames: ['kind', 'outcome'] as const, registers: [this.registry] });
  readonly jobSeconds = new Histogram({
    name: 'msr_job_duration_seconds',
    help: 'Duration of finished retrain and feed jobs',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  #lastFinished = 0;
  readonly #sources: MetricsSources;

  /** The metrics in Prometheus' text format (what `/metrics` answers). */
  async render(): Promise<string> {
    await this.#jobsSeen();
    return this.registry.metrics();
  }

  /** Jobs finish in a worker process: they are observed from the job table at scrape time, before rendering. */
  async #jobsSeen(): Promise<void> {
    const rows = await this.#sources.db.execute({
      sql: `SELECT kind, status, created_at, finished_at FROM retrain_jobs WHERE status != 'running' AND finished_at > ? ORDER BY finished_at`,
      args: [this.#lastFinished],
    });
    for (const row of rows.rows) {
      const labels = { kind: String(row['kind']), outcome: String(row['status']) };
      this.jobs.inc(labels);
      this.jobSeconds.observe(labels, (Number(row['finished_at']) - Number(row['created_at'])) / 1000);
      this.#lastFinished = Math.max(this.#lastFinished, Number(row['finished_at']));
    }
  }

  constructor(sources: MetricsSources) {
    this.#sources = sources;
    new Gauge({
      name: 'msr_jobs_running',
      help: 'Jobs running now (0 or 1: one job slot per database)',
      registers: [this.registry],
      async collect() {
        const rows = await sources.db.execute(`SELECT COUNT(*) AS n FROM retrain_jobs WHERE status = 'running'`);
        this.set(Number(rows.rows[0]?.['n'] ?? 0));
      },
    });
    new Gauge({
      name: 'msr_model_info',
      help: 'The model serving now (1 for its version)',
      labelNames: ['version'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const version = sources.modelVersion();
        if (version) this.set({ version }, 1);
      },
    });
    if (sources.queueCounts) {
      queueJobsGauge(this.registry, 'msr_queue_jobs', 'BullMQ jobs per queue and state (waiting = depth, failed includes stalled too often)', sources.queueCounts);
    }
  }
}

/** A gauge of BullMQ jobs per queue and state, read from `counts` at each scrape (the servers' and the workers'). */
export function queueJobsGauge(registry: Registry, name: string, help: string, counts: () => Promise<Record<string, Record<string, number>>>): void {
  new Gauge({
    name,
    help,
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, states] of Object.entries(await counts())) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
    },
  });
}
