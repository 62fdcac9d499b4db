import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import type { TrackingConfig } from '../config/tracking-config.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { LockHeldError, processAlive } from '../dag/run-lock.js';
import { isRetryableFailure, retryDelay, shouldRetry, type StageRetry } from '../dag/retry-policy.js';
import type { FeedSource } from '../feed/feed-source.js';
import { coreModelKit } from '../models/core-model-kit.js';
import type { ModelKit } from '../models/model-kit.js';
import { MSR_STAGES, pipelineStages } from '../pipeline/pipeline-stages.js';
import type { AnyPipelineStage } from '../stages/stage.js';
import type { ArtifactStore } from './artifact-store.js';
import { loadQueueModules, redisOptions } from './load-bullmq.js';
import { queueNames, serializeError, type RunJobData, type RunJobResult, type StageJobData, type StageJobResult } from './queue-jobs.js';
import { readQueueState, writeQueueState } from './queue-state.js';
import { RedisRunLock } from './redis-run-lock.js';
import { processRun, type FlowJobSpec, type RunServices } from './run-processor.js';
import { processStage, type StageFactory, type WorkerContext } from './stage-processor.js';

/** The BullMQ backoff type of a stage job whose retry delay grows (see `retryDelay`). */
const PLAN_BACKOFF = 'msr-plan';

/** A stage job's retry policy; jobs submitted before it was recorded waited a fixed delay. */
function retryOf(data: StageJobData): StageRetry {
  return data.retry ?? { retries: 0, retryDelayMs: data.retryDelayMs, backoff: 1 };
}

/** Something a worker did, for its log. */
export type WorkerEvent =
  | { type: 'ready'; id: string; queues: string[] }
  | { type: 'job-start'; queue: string; jobId: string; name: string; attempt: number }
  | { type: 'job-done'; queue: string; jobId: string; name: string; status: string }
  | { type: 'job-failed'; queue: string; jobId: string; name: string; error: string; willRetry: boolean }
  | { type: 'error'; message: string }
  | { type: 'pipeline'; event: PipelineEvent };

/** Options of {@link startPipelineWorker}. */
export interface PipelineWorkerOptions {
  /** Redis, `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  redis: string;
  /** Where stage outputs are exchanged with the other workers. */
  artifacts: ArtifactStore;
  /**
   * A local folder for scratch roots (one per job, removed after it). A worker killed mid-job
   * cannot remove its own; the next worker started on the folder removes those of dead
   * processes (they are named after their worker's pid).
   */
  workDir: string;
  /** Prefix of the queues' and the pipeline's Redis keys; one pipeline per prefix. @default 'msr' */
  prefix?: string;
  /** Stage jobs run at once by this worker. @default 1 */
  concurrency?: number;
  /** Whether this worker also orchestrates runs (takes run jobs). @default true */
  orchestrate?: boolean;
  /** The models. @default coreModelKit() */
  models?: ModelKit;
  /**
   * The pipeline's stage list, as `runPipeline({ stages })` takes it: the runs' `config.yaml`
   * is checked against it and their stages built from it. Submit with the same list
   * (`queue.runPipeline({ stages })`). @default MSR_STAGES
   */
  stages?: readonly AnyPipelineStage[] | StageFactory;
  /** Credentials for the runs' tracking server (the URI comes with each run). @default none */
  credentials?: Omit<TrackingConfig, 'uri'>;
  /** Where feed runs get new songs; feed runs fail on a worker without one. */
  feedSource?: FeedSource;
  /**
   * How long a job's lock lasts without renewal: a worker that dies mid-stage leaves its job
   * stalled, and another worker retries it this long (plus `stalledIntervalMs`) later. Keep it
   * above the longest stretch a stage blocks the event loop.
   * @default 60000
   */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs. @default 30000 */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it fails. @default 2 */
  maxStalledCount?: number;
  /** The run lock expires this long after its holder stops renewing it. @default 60000 */
  runLockTtlMs?: number;
  /**
   * How long `close()` waits for running jobs; past it the worker closes anyway and those jobs
   * are retried by another worker as stalled (after `lockDurationMs`). @default 300000
   */
  closeTimeoutMs?: number;
  /** The fetch for URL datasets and the tracking server. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** @default Date.now */
  clock?: () => number;
  /** Receives what the worker does; must not throw. */
  onEvent?: (event: WorkerEvent) => void;
}

/** A running worker. */
export interface PipelineWorker {
  /** This worker's id (host, pid and a random part). */
  readonly id: string;
  /** Stops taking jobs, waits for the running ones (at most `closeTimeoutMs`), and disconnects. */
  close(): Promise<void>;
}

/**
 * Starts a worker of the BullMQ runner: it takes stage jobs (runs one stage of a pipeline
 * run, exchanging files through the artifact store) and, unless `orchestrate: false`, run jobs
 * (drives a run wave by wave under the Redis run lock, including the scheduled feed runs). Any
 * number of workers on any number of machines can share one Redis; `msr worker` wraps this.
 *
 * Needs the optional peer dependencies `bullmq` and `ioredis`.
 *
 * @example
 * ```ts
 * const worker = await startPipelineWorker({ redis: 'redis://127.0.0.1:6379', artifacts: directoryArtifactStore('/mnt/msr'), workDir: '/var/tmp/msr' });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 */
export async function startPipelineWorker(options: PipelineWorkerOptions): Promise<PipelineWorker> {
  const connection = redisOptions(options.redis);
  const { bullmq, connect } = await loadQueueModules();
  const prefix = options.prefix ?? 'msr';
  const names = queueNames(prefix);
  const clock = options.clock ?? Date.now;
  const emit = (event: WorkerEvent): void => options.onEvent?.(event);
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  await mkdir(options.workDir, { recursive: true });
  await removeDeadScratch(options.workDir, (message) => emit({ type: 'error', message }));
  const context: WorkerContext & { feedSource?: FeedSource } = {
    artifacts: options.artifacts,
    models: options.models ?? coreModelKit(),
    // A list is what `runPipeline({ stages })` takes; a factory builds the DAG stages of the msr list (tests wrap them).
    stageList: Array.isArray(options.stages) ? options.stages : MSR_STAGES,
    stages: typeof options.stages === 'function' ? options.stages : pipelineStages,
    credentials: options.credentials ?? {},
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.feedSource ? { feedSource: options.feedSource } : {}),
  };
  // BullMQ opens and closes the connections of its queues, workers and events from these options;
  // this one is for the run lock and the shared state.
  const redis = connect(connection);
  redis.on('error', (error) => emit({ type: 'error', message: `redis: ${error.message}` }));
  const workerOptions = {
    connection,
    prefix,
    lockDuration: options.lockDurationMs ?? 60_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    name: id,
  };
  const withRoot = async <T>(body: (root: string) => Promise<T>): Promise<T> => {
    // Named after this process, so a later worker can tell a dead worker's leftovers from a live one's.
    const root = await mkdtemp(join(options.workDir, `${SCRATCH}${process.pid}-`));
    try {
      return await body(root);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  };

  const stageWorker = new bullmq.Worker<StageJobData, StageJobResult>(
    names.stages,
    async (job, _token, signal) => {
      const attempt = Math.max(job.attemptsStarted, job.attemptsMade + 1);
      const maxAttempts = job.opts.attempts ?? 1;
      emit({ type: 'job-start', queue: names.stages, jobId: job.id!, name: job.name, attempt });
      const pending: Promise<unknown>[] = [];
      const publish = (event: PipelineEvent): void => {
        emit({ type: 'pipeline', event });
        pending.push(job.updateProgress(event as unknown as object).catch(() => {}));
      };
      try {
        return await withRoot((root) =>
          processStage(context, {
            data: job.data,
            attempt,
            maxAttempts,
            signal: signal ?? new AbortController().signal,
            root,
            emit: publish,
            children: async () => Object.values(await job.getChildrenValues<StageJobResult>()),
          }),
        );
      } catch (caught) {
        const error = serializeError(caught);
        // The in-process runner's rule: bad input and deterministic failures (a missing MLmodel,
        // a refused connection) are never retried; the rest while attempts remain.
        const final = !isRetryableFailure(caught);
        const willRetry = shouldRetry(caught, attempt, { retries: maxAttempts - 1 });
        const at = clock();
        publish(
          willRetry
            ? { type: 'stage-retry', runId: job.data.runId, at, stage: job.data.stage, attempt, delayMs: retryDelay(retryOf(job.data), attempt), error: error.message }
            : { type: 'stage-fail', runId: job.data.runId, at, stage: job.data.stage, attempts: attempt, durationMs: 0, error: error.message, code: error.code },
        );
        await job.updateData({ ...job.data, error });
        emit({ type: 'job-failed', queue: names.stages, jobId: job.id!, name: job.name, error: error.message, willRetry });
        if (final) throw new bullmq.UnrecoverableError(error.message);
        throw caught;
      } finally {
        await Promise.all(pending);
      }
    },
    {
      ...workerOptions,
      concurrency: options.concurrency ?? 1,
      settings: { backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: { data: StageJobData }) => (job ? retryDelay(retryOf(job.data), attemptsMade) : 0) },
    },
  );
  stageWorker.on('completed', (job, result) => emit({ type: 'job-done', queue: names.stages, jobId: job.id!, name: job.name, status: result.status }));
  stageWorker.on('error', (error) => emit({ type: 'error', message: error.message }));

  // Closed in order on close(); past the deadline, disconnected instead (a BullMQ close already
  // under way cannot be forced: it returns the same promise).
  const closables: { close(): Promise<unknown>; disconnect(): Promise<unknown> }[] = [stageWorker];
  if (options.orchestrate ?? true) {
    const stagesQueue = new bullmq.Queue(names.stages, { connection, prefix });
    const flows = new bullmq.FlowProducer({ connection, prefix });
    const stageEvents = new bullmq.QueueEvents(names.stages, { connection, prefix });
    // BullMQ prints connection errors of objects without an 'error' listener; they go to the log instead.
    const onError = (error: Error): void => emit({ type: 'error', message: error.message });
    stagesQueue.on('error', onError);
    flows.on('error', onError);
    stageEvents.on('error', onError);
    await stageEvents.waitUntilReady();
    const toFlow = (spec: FlowJobSpec): Parameters<typeof flows.add>[0] => ({
      name: spec.stage,
      queueName: names.stages,
      data: spec.data,
      opts: {
        jobId: spec.jobId,
        attempts: spec.retry.retries + 1,
        // A growing delay is computed by the plan's rule (`backoffStrategy` below); BullMQ's own
        // 'exponential' only doubles.
        backoff: spec.retry.backoff === 1 ? { type: 'fixed', delay: spec.retry.retryDelayMs } : { type: PLAN_BACKOFF },
        failParentOnFailure: true,
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
      ...(spec.children.length > 0 ? { children: spec.children.map(toFlow) } : {}),
    });
    const runWorker = new bullmq.Worker<RunJobData, RunJobResult>(
      names.runs,
      async (job: Job<RunJobData, RunJobResult>, _token, signal) => {
        const runId = job.data.runId ?? `sched-${job.id!}`.replace(/[^A-Za-z0-9._-]/g, '_');
        const controller = new AbortController();
        signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
        emit({ type: 'job-start', queue: names.runs, jobId: job.id!, name: job.name, attempt: job.attemptsStarted });
        const startedAt = clock();
        let lock: RedisRunLock;
        try {
          lock = await RedisRunLock.acquire(redis, {
            key: names.runLock,
            holder: { runId, pid: process.pid, host: hostname(), startedAt },
            ttlMs: options.runLockTtlMs ?? 60_000,
            clock,
            onLost: (reason) => controller.abort(new Error(reason)),
          });
        } catch (error) {
          if (!(error instanceof LockHeldError)) throw error;
          const busy: RunJobResult = { runId, status: 'busy', startedAt, durationMs: 0, stages: [], error: serializeError(error) };
          await recordRun(redis, names.history, job.data, busy, clock());
          return busy;
        }
        const pending: Promise<unknown>[] = [];
        try {
          const services: RunServices = {
            submit: async (roots) => void (await flows.addBulk(roots.map(toFlow))),
            settle: async (ids) => {
              await Promise.all(
                ids.map(async (jobId) => {
                  const stageJob = await bullmq.Job.fromId(stagesQueue, jobId);
                  if (!stageJob) return;
                  let finished = false;
                  // No event ever comes for a job Redis lost (a restart without persistence), nor once this run lost its lock: look now and then.
                  const gone = async (): Promise<void> => {
                    while (!finished) {
                      await new Promise((r) => setTimeout(r, 1_000));
                      if (controller.signal.aborted) return;
                      const exists = await bullmq.Job.fromId(stagesQueue, jobId).then((j) => j !== undefined, () => true);
                      if (!exists) return;
                    }
                  };
                  await Promise.race([stageJob.waitUntilFinished(stageEvents).catch(() => {}), gone()]);
                  finished = true;
                }),
              );
            },
            read: async (jobId) => {
              const stageJob = await bullmq.Job.fromId<StageJobData, StageJobResult>(stagesQueue, jobId);
              if (!stageJob) return undefined;
              return { state: await stageJob.getState(), returnvalue: stageJob.returnvalue, data: stageJob.data, failedReason: stageJob.failedReason, attemptsMade: stageJob.attemptsMade };
            },
            readState: () => readQueueState(redis, names.state),
            writeState: (state) => writeQueueState(redis, names.state, names.runLock, runId, state),
            cancelled: async () => (await redis.exists(names.cancel(runId))) === 1,
          };
          const result = await withRoot((root) =>
            processRun(context, services, {
              runId,
              data: job.data,
              root,
              signal: controller.signal,
              emit: (event) => {
                emit({ type: 'pipeline', event });
                pending.push(job.updateProgress(event as unknown as object).catch(() => {}));
              },
            }),
          ).catch(
            // A run that cannot go on (its configuration, a lost lock, the artifact store) is a failed run, reported like a failed stage.
            (error: unknown): RunJobResult => ({ runId, status: 'failed', startedAt, durationMs: clock() - startedAt, stages: [], error: serializeError(error) }),
          );
          await recordRun(redis, names.history, job.data, result, clock());
          emit({ type: 'job-done', queue: names.runs, jobId: job.id!, name: job.name, status: result.status });
          return result;
        } finally {
          await Promise.all(pending);
          await lock.release().catch(() => {});
        }
      },
      { ...workerOptions, concurrency: 1 },
    );
    runWorker.on('error', (error) => emit({ type: 'error', message: error.message }));
    runWorker.on('failed', (job, error) => emit({ type: 'job-failed', queue: names.runs, jobId: job?.id ?? '?', name: job?.name ?? '?', error: error.message, willRetry: false }));
    closables.unshift(runWorker);
    closables.push(flows, stageEvents, stagesQueue);
  }
  await Promise.all([stageWorker.waitUntilReady()]);
  emit({ type: 'ready', id, queues: options.orchestrate ?? true ? [names.runs, names.stages] : [names.stages] });
  return {
    id,
    async close() {
      const deadline = options.closeTimeoutMs ?? 300_000;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline)));
      const graceful = (async () => {
        for (const closable of closables) await closable.close();
      })();
      graceful.catch(() => {});
      if ((await Promise.race([graceful, late])) === 'late') {
        emit({ type: 'error', message: `close: running jobs did not finish within ${deadline} ms; closing anyway (another worker retries them as stalled)` });
        await Promise.all(closables.map((closable) => closable.disconnect().catch(() => undefined)));
      }
      clearTimeout(timer);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Scratch roots are `<workDir>/job-<pid>-<random>`. */
const SCRATCH = 'job-';

/** Removes the scratch roots that workers killed mid-job left in `workDir` (their pid is gone). */
async function removeDeadScratch(workDir: string, report: (message: string) => void): Promise<void> {
  for (const name of await readdir(workDir)) {
    const pid = new RegExp(`^${SCRATCH}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || processAlive(Number(pid))) continue;
    await rm(join(workDir, name), { recursive: true, force: true }).catch((error: unknown) => report(`could not remove ${name}, left by a dead worker: ${(error as Error).message}`));
  }
}

/** Keeps the last 100 runs in Redis, for `status()` and admins. */
async function recordRun(redis: import('ioredis').Redis, key: string, data: RunJobData, result: RunJobResult, finishedAt: number): Promise<void> {
  const record = {
    runId: result.runId,
    kind: data.kind,
    scheduled: data.scheduled === true,
    status: result.status,
    startedAt: result.startedAt,
    finishedAt,
    ran: result.stages.filter((s) => s.status === 'ran').map((s) => s.name),
    ...(result.error ? { error: { code: result.error.code, message: result.error.message } } : {}),
    ...(result.feed ? { feed: { added: result.feed.added, growth: result.feed.growth, retrained: result.feed.retrained } } : {}),
  };
  await redis.multi().lpush(key, JSON.stringify(record)).ltrim(key, 0, 99).exec();
}
