import { isAbsolute, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { trackingConfigFromEnv } from '../config/tracking-config.js';
import { dropFolderFeed } from '../feed/drop-folder-feed.js';
import { directoryArtifactStore, mlflowArtifactStore, type ArtifactStore } from '../runner-bullmq/artifact-store.js';
import { startPipelineWorker, type WorkerEvent } from '../runner-bullmq/pipeline-worker.js';
import type { CliIo } from './cli-io.js';
import type { Command } from './commands.js';
import { UsageError } from './usage-error.js';

/**
 * The artifact store named on the command line: `mlflow` for the tracking server in
 * `MLFLOW_TRACKING_URI` (through its artifact proxy), or a folder every worker mounts.
 */
export function artifactStoreFromArgs(value: unknown, io: Pick<CliIo, 'env' | 'cwd' | 'fetch'>): ArtifactStore {
  if (typeof value !== 'string' || value === '') throw new UsageError('--artifacts: give a shared folder, or "mlflow" for the MLFLOW_TRACKING_URI server');
  if (value !== 'mlflow') return directoryArtifactStore(isAbsolute(value) ? value : resolve(io.cwd, value));
  const tracking = trackingConfigFromEnv(io.env);
  if (!tracking || !/^https?:\/\//i.test(tracking.uri)) throw new UsageError('--artifacts mlflow needs MLFLOW_TRACKING_URI set to an http(s):// server');
  const auth = tracking.token !== undefined ? { type: 'bearer' as const, token: tracking.token } : tracking.username !== undefined ? { type: 'basic' as const, username: tracking.username, password: tracking.password ?? '' } : undefined;
  return mlflowArtifactStore({ trackingUri: tracking.uri, ...(auth ? { auth } : {}), ...(io.fetch ? { fetch: io.fetch } : {}) });
}

/** A whole number option ≥ `min`, or its default. */
function count(value: unknown, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name}: expected a whole number ≥ ${min}, got ${String(value)}`);
  return n;
}

function describe(event: WorkerEvent): string | undefined {
  switch (event.type) {
    case 'ready':
      return `worker ${event.id} ready on ${event.queues.join(', ')}`;
    case 'job-start':
      return `start  ${event.jobId} (attempt ${event.attempt})`;
    case 'job-done':
      return `done   ${event.jobId}: ${event.status}`;
    case 'job-failed':
      return `failed ${event.jobId}: ${event.error}${event.willRetry ? ' (will retry)' : ''}`;
    case 'error':
      return `error  ${event.message}`;
    case 'pipeline':
      return event.event.type === 'stage-log' ? `       ${event.event.stage}: ${event.event.message}` : undefined;
  }
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run stages (and orchestrate runs) from the BullMQ queue, on any number of machines',
  help: `msr worker --redis redis://host:6379 --artifacts <dir|mlflow> [options]

Takes pipeline stage jobs — and, unless --no-orchestrate, whole runs, including the scheduled
feed — from BullMQ queues in Redis, until SIGTERM or Ctrl-C (running jobs finish first). Stages
exchange files through the artifact store, never through a worker's disk. Needs the optional
packages bullmq and ioredis.
  --redis <url>           Redis (default: MSR_REDIS_URL)
  --artifacts <dir|mlflow> a folder every worker mounts, or "mlflow": the MLFLOW_TRACKING_URI
                          server's artifact store (default: MSR_ARTIFACTS)
  --work-dir <dir>        local scratch (default: <tmp>/msr-worker)
  --concurrency N         stage jobs at once (default 1)
  --prefix <p>            queue and key prefix; one pipeline per prefix (default msr)
  --no-orchestrate        take stage jobs only
  --drop-folder <dir>     where feed runs find new songs (CSV files)
  --per-genre N           feed candidates per genre and run (default 20)
  --lock-duration <ms>    a job whose worker died is retried after this (default 60000)
  --close-timeout <ms>    on SIGTERM, wait this long for running jobs, then stop anyway (default 300000)
  --stalled-interval <ms> how often stalled jobs are looked for (default 30000)
Credentials for the runs' tracking server: MLFLOW_TRACKING_USERNAME/PASSWORD or _TOKEN.`,
  options: {
    redis: { type: 'string' },
    artifacts: { type: 'string' },
    'work-dir': { type: 'string' },
    concurrency: { type: 'string' },
    prefix: { type: 'string' },
    'no-orchestrate': { type: 'boolean' },
    'drop-folder': { type: 'string' },
    'per-genre': { type: 'string' },
    'lock-duration': { type: 'string' },
    'close-timeout': { type: 'string' },
    'stalled-interval': { type: 'string' },
  },
  run: async (args, io) => {
    const v = args.values;
    const redis = typeof v.redis === 'string' ? v.redis : io.env['MSR_REDIS_URL'];
    if (!redis) throw new UsageError('msr worker needs --redis redis://host:port (or MSR_REDIS_URL)');
    const artifacts = artifactStoreFromArgs(v.artifacts ?? io.env['MSR_ARTIFACTS'], io);
    const path = (p: unknown): string | undefined => (typeof p === 'string' ? (isAbsolute(p) ? p : resolve(io.cwd, p)) : undefined);
    const tracking = trackingConfigFromEnv(io.env);
    const folder = path(v['drop-folder']);
    const { uri: _uri, ...credentials } = tracking ?? { uri: '' };
    const log = (event: WorkerEvent): void => {
      if (v.json) {
        if (event.type !== 'pipeline' || event.event.type !== 'stage-progress' || v.verbose) io.stderr.write(`${JSON.stringify(event)}\n`);
        return;
      }
      const line = v.quiet && event.type !== 'error' && event.type !== 'ready' ? undefined : describe(event);
      if (line) io.stderr.write(`${new Date().toISOString()} ${line}\n`);
    };
    const worker = await startPipelineWorker({
      redis,
      artifacts,
      workDir: path(v['work-dir']) ?? join(tmpdir(), 'msr-worker'),
      concurrency: count(v.concurrency, 'concurrency', 1),
      orchestrate: v['no-orchestrate'] !== true,
      credentials,
      lockDurationMs: count(v['lock-duration'], 'lock-duration', 60_000, 100),
      stalledIntervalMs: count(v['stalled-interval'], 'stalled-interval', 30_000, 100),
      closeTimeoutMs: count(v['close-timeout'], 'close-timeout', 300_000, 0),
      ...(typeof v.prefix === 'string' ? { prefix: v.prefix } : {}),
      ...(folder ? { feedSource: dropFolderFeed({ folder, perGenre: count(v['per-genre'], 'per-genre', 20) }) } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
      onEvent: log,
    });
    const started = Date.now();
    await new Promise<void>((done) => {
      if (!io.signal || io.signal.aborted) return done();
      io.signal.addEventListener('abort', () => done(), { once: true });
    });
    await worker.close();
    return { text: `worker ${worker.id} stopped after ${Math.round((Date.now() - started) / 1000)} s`, json: { ok: true, id: worker.id } };
  },
};
