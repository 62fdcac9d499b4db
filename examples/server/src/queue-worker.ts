/**
 * The reference deployment's queue worker: `@msr/pipeline`'s `startPipelineWorker` (what
 * `msr worker` runs: stage jobs and, unless `MSR_WORKER_ORCHESTRATE=false`, whole runs) with
 * Prometheus metrics at `/metrics` when `MSR_WORKER_METRICS_PORT` is set (off by default), behind
 * the same scrape token as the server's (`MSR_METRICS_TOKEN`): the jobs this worker finished by
 * queue and outcome with their durations, the queues' depth by state, and stalled jobs.
 *
 *   MSR_REDIS_URL=redis://10.0.0.5:6379 MSR_ARTIFACTS=/srv/msr-artifacts \
 *   MSR_WORKER_METRICS_PORT=9464 MSR_METRICS_TOKEN=… \
 *   node --conditions=@msr/source --import tsx examples/server/src/queue-worker.ts
 *
 * Other variables: `MSR_REDIS_PREFIX` (default `msr`), `MSR_WORKER_DIR` (local scratch, default
 * `<tmp>/msr-worker`), `MSR_WORKER_CONCURRENCY` (default 1), `MSR_FEED_DROP_FOLDER` (where feed
 * runs find new songs), `MSR_WORKER_METRICS_HOST` (default 127.0.0.1). SIGTERM/SIGINT close it
 * (running jobs finish first).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dropFolderFeed, PipelineQueue, startPipelineWorker, type WorkerEvent } from '@msr/pipeline';
import { artifactStoreFromArgs } from '@msr/pipeline/cli';
import { ServerError } from './http/errors.js';
import { createJsonLogger } from './logging/logger.js';
import { WorkerMetrics, serveWorkerMetrics } from './monitoring/worker-metrics.js';
import { closeOnSignals, exitOnStartupFailure } from './process-signals.js';

const env = process.env;
const required = (name: string): string => {
  const value = env[name];
  if (!value) throw new ServerError('ERR_CONFIG', `${name} is not set: the queue worker needs it`);
  return value;
};
const whole = (name: string, fallback: number): number => {
  const value = env[name] ?? String(fallback);
  if (!/^\d+$/.test(value)) throw new ServerError('ERR_CONFIG', `${name}: expected a whole number, got "${value}"`);
  return Number(value);
};

try {
  const logger = createJsonLogger((line) => void process.stdout.write(`${line}\n`), { level: env['MSR_LOG_LEVEL'] === 'debug' ? 'debug' : 'info' });
  const redis = required('MSR_REDIS_URL');
  const prefix = env['MSR_REDIS_PREFIX'] ?? 'msr';
  const artifacts = artifactStoreFromArgs(required('MSR_ARTIFACTS'), { env, cwd: process.cwd() });
  const metricsPort = env['MSR_WORKER_METRICS_PORT'] === undefined ? undefined : whole('MSR_WORKER_METRICS_PORT', 0);
  const token = env['MSR_METRICS_TOKEN'];
  if (metricsPort !== undefined && (!token || token.length < 16)) {
    throw new ServerError('ERR_CONFIG', 'MSR_WORKER_METRICS_PORT needs MSR_METRICS_TOKEN (at least 16 characters): /metrics is never served unprotected');
  }
  const queue = metricsPort === undefined ? undefined : await PipelineQueue.connect({ redis, prefix });
  // Labelled with BullMQ's queue names, as the job events are.
  const queueCounts = async (): Promise<Record<string, Record<string, number>>> => {
    const { queues } = await queue!.status();
    return { 'msr-runs': { ...queues.runs }, 'msr-stages': { ...queues.stages } };
  };
  const metrics = queue ? new WorkerMetrics({ queueCounts }) : undefined;
  const folder = env['MSR_FEED_DROP_FOLDER'];
  const worker = await startPipelineWorker({
    redis,
    prefix,
    artifacts,
    workDir: env['MSR_WORKER_DIR'] ? resolve(env['MSR_WORKER_DIR']) : join(tmpdir(), 'msr-worker'),
    concurrency: Math.max(1, whole('MSR_WORKER_CONCURRENCY', 1)),
    orchestrate: env['MSR_WORKER_ORCHESTRATE'] !== 'false',
    ...(folder ? { feedSource: dropFolderFeed({ folder: resolve(folder), perGenre: 20 }) } : {}),
    onEvent: (event: WorkerEvent) => {
      metrics?.observe(event);
      if (event.type === 'error') logger.warn('worker error', { message: event.message });
      else if (event.type === 'job-failed') logger.warn('job failed', { queue: event.queue, jobId: event.jobId, error: event.error, willRetry: event.willRetry });
      else if (event.type !== 'pipeline') logger.info(event.type, { ...event });
    },
  });
  // BullMQ reports a stalled job (its worker died or hung) on the queue's event stream, to every listener.
  const { QueueEvents } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const events = metrics ? ['msr-runs', 'msr-stages'].map((name) => {
    const listener = new QueueEvents(name, { connection: new Redis(redis, { maxRetriesPerRequest: null }), prefix });
    listener.on('stalled', () => metrics.stalled(name));
    return listener;
  }) : [];
  const served = metrics ? await serveWorkerMetrics(metrics, { host: env['MSR_WORKER_METRICS_HOST'] ?? '127.0.0.1', port: metricsPort!, token: token! }) : undefined;
  logger.info('queue worker running', { id: worker.id, prefix, ...(served ? { metrics: served.url } : {}) });
  closeOnSignals(
    {
      close: async () => {
        await served?.close();
        await Promise.all(events.map((e) => e.close()));
        await worker.close();
        await queue?.close();
      },
    },
    logger,
  );
} catch (error) {
  exitOnStartupFailure(error);
}
