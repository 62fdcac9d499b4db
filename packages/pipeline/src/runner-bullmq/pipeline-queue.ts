import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queue, QueueEvents, RedisOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ConfigurationManager, type ConfigurationManagerOptions } from '../config/configuration-manager.js';
import type { TrackingConfig } from '../config/tracking-config.js';
import type { DagRunResult, StageOutcome } from '../dag/dag-runner.js';
import { buildGraph, withUpstream } from '../dag/graph.js';
import { readLockFile, writeLockFile, type LockedStage } from '../dag/lock-file.js';
import { configHash } from '../dag/plan.js';
import { checkStageRetries, DEFAULT_RETRY, type StageRetries } from '../dag/retry-policy.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { LockHeldError, RunLock, type RunLockInfo } from '../dag/run-lock.js';
import type { StageDefinition } from '../dag/stage-definition.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { feedThreshold } from '../feed/feed-step.js';
import type { FeedResult } from '../feed/run-feed.js';
import { hashPath } from '../fs/hash-path.js';
import { pathBelow } from '../fs/path-below.js';
import { RunHistory } from '../history/run-history.js';
import { coreModelKit } from '../models/core-model-kit.js';
import { pipelineStages } from '../pipeline/pipeline-stages.js';
import { pipelineStatePaths, settleRun, type PipelineResult } from '../pipeline/run-pipeline.js';
import { createTracker } from '../tracking/create-tracker.js';
import type { ArtifactStore } from './artifact-store.js';
import { loadQueueModules, redisOptions, type QueueModules } from './load-bullmq.js';
import { fromPortable, queueNames, RemoteStageError, type RunDefinition, type RunJobData, type RunJobResult } from './queue-jobs.js';
import { readQueueState } from './queue-state.js';
import { readRedisLockHolder } from './redis-run-lock.js';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';

/** Options of {@link PipelineQueue.connect}. */
export interface PipelineQueueOptions {
  /** Redis, `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  redis: string;
  /**
   * The artifact store the workers use: the caller uploads local inputs and checks outputs out
   * through it. Needed to run; a client that only schedules or reads the status can go without.
   */
  artifacts?: ArtifactStore;
  /** Prefix of the queues' and the pipeline's Redis keys; the workers' must match. @default 'msr' */
  prefix?: string;
  /** @default Date.now */
  clock?: () => number;
}

/** Options of {@link PipelineQueue.runPipeline}: the in-process options that make sense across machines. */
export interface QueueRunOptions extends Pick<ConfigurationManagerOptions, 'rootDir' | 'files' | 'sourceUrl' | 'split' | 'download' | 'stages'> {
  /**
   * The tracking server every worker logs to (each worker adds its own credentials), or `null`
   * for no tracking. Required: a local `mlruns` folder is not shared between machines.
   */
  tracking: TrackingConfig | null;
  /** Stages to bring up to date (with what they need). @default every stage */
  targets?: string[];
  /** Run only `targets`. @default false */
  single?: boolean;
  /** Re-run even if unchanged: all, or the named stages. @default false */
  force?: boolean | string[];
  /** Retries of a failed stage (bad input is never retried). @default 1 */
  retries?: number;
  /** Delay before a retry. @default 20000 */
  retryDelayMs?: number;
  /**
   * Retries per stage, by name (`'*'`: every stage): how many, the first delay, the factor each
   * further delay grows by — the in-process runner's `stageRetries` (`msr run --retry`).
   */
  stageRetries?: StageRetries;
  /** Receives the run's events from every worker (through job progress); must not throw. */
  onEvent?: (event: PipelineEvent) => void;
  /** Asks the run to stop: no further wave of stages starts; the result then says cancelled. */
  signal?: AbortSignal;
  /** Copy the pipeline's current files from the artifact store into `rootDir` and write its `msr.lock` afterwards. @default true */
  checkout?: boolean;
  /** Makes run ids. @default crypto.randomUUID */
  newRunId?: () => string;
}

/** Options of {@link PipelineQueue.runFeed}. */
export interface QueueFeedOptions extends Omit<QueueRunOptions, 'targets' | 'single' | 'force'> {
  /** Retrain when the base grew by more than this fraction since the last training. @default 0.05 */
  threshold?: number;
}

/** Options of {@link PipelineQueue.scheduleFeed}. */
export interface ScheduleFeedOptions extends Omit<QueueFeedOptions, 'onEvent' | 'signal' | 'checkout' | 'newRunId'> {
  /** A cron pattern (5 fields, or 6 with seconds), e.g. the original's `20 * * * *`. */
  cron: string;
  /** The cron's time zone. @default 'UTC' */
  timezone?: string;
}

/** Job counts of one queue. */
export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'waiting-children' | 'prioritized', number>;

/** A run as the workers recorded it in Redis. */
export interface QueueRunRecord {
  runId: string;
  kind: 'pipeline' | 'feed';
  scheduled: boolean;
  status: 'succeeded' | 'failed' | 'busy';
  startedAt: number;
  finishedAt: number;
  ran: string[];
  error?: { code: string; message: string };
  feed?: { added: number; growth: number; retrained: boolean };
}

/** What {@link PipelineQueue.status} reports, for admins. */
export interface QueueStatus {
  queues: { runs: QueueCounts; stages: QueueCounts };
  /** Connected workers per queue, by the name each gave itself (`PipelineWorker.id`). */
  workers: { runs: string[]; stages: string[] };
  /** The feed's job scheduler, when there is one. */
  schedule: { id: string; pattern?: string; timezone?: string; next?: number } | null;
  /** Who holds the run lock. */
  runLock: RunLockInfo | null;
  /** The last runs, newest first. */
  runs: QueueRunRecord[];
}

interface Prepared {
  manager: ConfigurationManager;
  stages: StageDefinition[];
  definition: RunDefinition;
  /** The caller's local path of each input, by its root-relative name. */
  inputPaths: Map<string, string>;
  history: RunHistory;
}

/** A run job's retry settings: the options over the runners' defaults, per-stage policies checked against the stages. */
function retryData(options: Pick<QueueRunOptions, 'retries' | 'retryDelayMs' | 'stageRetries'>, stages: readonly StageDefinition[]): Pick<RunJobData, 'retries' | 'retryDelayMs' | 'stageRetries'> {
  const out: Pick<RunJobData, 'retries' | 'retryDelayMs' | 'stageRetries'> = { retries: options.retries ?? DEFAULT_RETRY.retries, retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY.retryDelayMs };
  if (options.stageRetries) {
    checkStageRetries(options.stageRetries, stages.map((s) => s.name));
    out.stageRetries = options.stageRetries;
  }
  return out;
}

/** Run ids of checkouts' local run locks start with this. */
const CHECKOUT = 'checkout-';

const COUNTS = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children', 'prioritized'] as const;

/**
 * The caller's side of the BullMQ runner: submits pipeline and feed runs to the workers
 * ({@link startPipelineWorker}) and returns the same results as `runPipeline` / `runFeed`,
 * schedules the feed as a BullMQ job scheduler, and reports the queues' status. Local inputs
 * (the dataset) are uploaded to the artifact store by content hash; afterwards the pipeline's
 * outputs are checked out into `rootDir`, so a server reads its model where it always does.
 *
 * Needs the optional peer dependencies `bullmq` and `ioredis`.
 *
 * @example
 * ```ts
 * const queue = await PipelineQueue.connect({ redis: 'redis://127.0.0.1:6379', artifacts: directoryArtifactStore('/mnt/msr') });
 * const result = await queue.runPipeline({ rootDir: '/srv/msr', tracking: { uri: 'http://mlflow:5000' } });
 * await queue.scheduleFeed({ rootDir: '/srv/msr', tracking: null, cron: '20 * * * *' });
 * await queue.close();
 * ```
 */
export class PipelineQueue {
  readonly #m: QueueModules;
  readonly #o: Required<Omit<PipelineQueueOptions, 'artifacts'>> & Pick<PipelineQueueOptions, 'artifacts'>;
  readonly #redis: Redis;
  readonly #connection: RedisOptions;
  readonly #runs: Queue<RunJobData, RunJobResult>;
  readonly #stages: Queue;
  readonly #names: ReturnType<typeof queueNames>;

  private constructor(modules: QueueModules, options: Required<Omit<PipelineQueueOptions, 'artifacts'>> & Pick<PipelineQueueOptions, 'artifacts'>, connection: RedisOptions) {
    this.#m = modules;
    this.#o = options;
    this.#connection = connection;
    this.#redis = modules.connect(connection);
    this.#redis.on('error', () => {}); // reconnects by itself; calls made meanwhile fail with the cause
    this.#names = queueNames(options.prefix);
    this.#runs = new modules.bullmq.Queue<RunJobData, RunJobResult>(this.#names.runs, { connection, prefix: options.prefix });
    this.#stages = new modules.bullmq.Queue(this.#names.stages, { connection, prefix: options.prefix });
    // Connection errors surface in the calls that fail; BullMQ would print them without a listener.
    this.#runs.on('error', () => {});
    this.#stages.on('error', () => {});
  }

  /** Connects to Redis. */
  static async connect(options: PipelineQueueOptions): Promise<PipelineQueue> {
    const connection = redisOptions(options.redis);
    const modules = await loadQueueModules();
    const queue = new PipelineQueue(modules, { prefix: 'msr', clock: Date.now, ...options }, connection);
    await queue.#runs.waitUntilReady();
    return queue;
  }

  /**
   * Runs the pipeline on the workers, like `runPipeline`, and records it in the local history.
   * @throws `LockHeldError` while another run holds the Redis run lock; {@link StageFailedError} (its `cause` a {@link RemoteStageError}) when a stage fails.
   */
  async runPipeline(options: QueueRunOptions): Promise<PipelineResult> {
    const prepared = await this.#prepare(options);
    // Unknown targets are the caller's mistake: refused here, before anything is queued.
    const graph = buildGraph(prepared.stages);
    for (const target of options.targets ?? []) withUpstream(graph, [target]);
    const data: RunJobData = { kind: 'pipeline', definition: prepared.definition, ...retryData(options, prepared.stages) };
    if (options.targets) data.targets = options.targets;
    if (options.single) data.single = true;
    if (options.force !== undefined) data.force = options.force;
    const result = await this.#submit(data, options);
    if (options.checkout ?? true) await this.#checkout(prepared);
    return settleRun(prepared.history, this.#dagResult(result, options.rootDir), 'pipeline', this.#o.clock());
  }

  /**
   * Runs the feed DAG on the workers, like `runFeed` (the orchestrating worker's `feedSource`
   * provides the songs), and records it in the local history.
   * @throws `LockHeldError` while another run holds the Redis run lock; {@link StageFailedError} when the feed or a stage fails.
   */
  async runFeed(options: QueueFeedOptions): Promise<FeedResult> {
    const threshold = feedThreshold(options.threshold);
    const prepared = await this.#prepare(options);
    const result = await this.#submit({ kind: 'feed', definition: prepared.definition, ...retryData(options, prepared.stages), threshold }, options);
    if (options.checkout ?? true) await this.#checkout(prepared);
    const now = this.#o.clock();
    const feed = result.feed;
    if (!feed) {
      const failed = result.stages.find((s) => s.status === 'failed');
      const error = new RemoteStageError(result.error ?? { name: 'PipelineError', code: 'ERR_UNKNOWN', message: 'the feed failed', badInput: false });
      await prepared.history.append({ runId: result.runId, kind: 'feed', startedAt: result.startedAt, finishedAt: now, status: 'failed', stages: result.stages.map(({ name, status, attempts, durationMs }) => ({ name, status, attempts, durationMs })), error: { code: error.code, message: error.message } });
      throw new StageFailedError(failed?.name ?? 'feed', result.runId, error);
    }
    const { dropped, ...summary } = feed;
    const out: FeedResult = { runId: result.runId, ...summary, dropped };
    const ranDag = feed.branch === 'init' || feed.retrained || result.error !== undefined;
    if (!ranDag) {
      await prepared.history.append({ runId: result.runId, kind: 'feed', startedAt: result.startedAt, finishedAt: now, status: 'succeeded', stages: result.stages.map(({ name, status, attempts, durationMs }) => ({ name, status, attempts, durationMs })), feed: summary });
      return out;
    }
    out.pipeline = await settleRun(prepared.history, this.#dagResult(result, options.rootDir), 'feed', now, { feed: summary });
    return out;
  }

  /**
   * Schedules the feed DAG as a BullMQ job scheduler (`upsertJobScheduler`): however many
   * servers call this, there is one scheduler and one run job per tick, taken by one worker.
   * Calling it again replaces the schedule and the run's definition (e.g. after a params change).
   */
  async scheduleFeed(options: ScheduleFeedOptions): Promise<void> {
    const prepared = await this.#prepare(options);
    const data: RunJobData = { kind: 'feed', definition: prepared.definition, ...retryData(options, prepared.stages), threshold: feedThreshold(options.threshold), scheduled: true };
    await this.#runs.upsertJobScheduler(
      this.#names.scheduler,
      { pattern: options.cron, tz: options.timezone ?? 'UTC' },
      { name: 'feed', data, opts: { removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } } },
    );
  }

  /**
   * Copies the pipeline's current files, as the workers left them, into `options.rootDir` and
   * writes its `msr.lock` — what {@link PipelineQueue.runPipeline} does after a run, for a
   * process whose runs happened elsewhere (a scheduled feed, another server's retrain).
   * Returns the local paths that changed.
   */
  async checkout(options: Omit<QueueRunOptions, 'targets' | 'single' | 'force' | 'onEvent' | 'signal' | 'checkout' | 'retries' | 'retryDelayMs' | 'stageRetries'>): Promise<string[]> {
    const prepared = await this.#prepare(options, false);
    return this.#checkout(prepared);
  }

  /**
   * Calls `listener` each time a worker finishes a run — any caller's, and the scheduler's — so
   * every server can check the new model out. Resolves, once listening, with a function that
   * stops it.
   */
  async onRunFinished(listener: (run: { runId: string; status: 'succeeded' | 'failed' | 'busy'; ran: string[] }) => void): Promise<() => Promise<void>> {
    const events = new this.#m.bullmq.QueueEvents(this.#names.runs, { connection: this.#connection, prefix: this.#o.prefix });
    events.on('error', () => {});
    events.on('completed', ({ returnvalue }) => {
      const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as RunJobResult | null;
      if (result && typeof result.runId === 'string') listener({ runId: result.runId, status: result.status, ran: result.stages.filter((s) => s.status === 'ran').map((s) => s.name) });
    });
    await events.waitUntilReady();
    return () => events.close();
  }

  /** Removes the feed's job scheduler; true when there was one. */
  async unscheduleFeed(): Promise<boolean> {
    return this.#runs.removeJobScheduler(this.#names.scheduler);
  }

  /** The queues' job counts, the connected workers, the schedule, the run lock and the last runs. */
  async status(limit = 20): Promise<QueueStatus> {
    const counts = async (queue: Queue): Promise<QueueCounts> => {
      const c = await queue.getJobCounts(...COUNTS);
      return Object.fromEntries(COUNTS.map((k) => [k, c[k] ?? 0])) as QueueCounts;
    };
    // BullMQ reports every worker's `name` as the queue's; the worker's own name is the end of
    // its connection name (`rawname`, `<prefix>:<queue in base64>:w:<name>`).
    const workers = async (queue: Queue): Promise<string[]> =>
      (await queue.getWorkers()).map((w) => {
        const raw = String(w['rawname'] ?? '');
        const at = raw.indexOf(':w:');
        return at >= 0 ? raw.slice(at + 3) : String(w['id'] ?? '?');
      });
    const [runs, stages, runWorkers, stageWorkers, schedulers, runLock, records] = await Promise.all([
      counts(this.#runs),
      counts(this.#stages),
      workers(this.#runs),
      workers(this.#stages),
      this.#runs.getJobSchedulers(0, -1),
      readRedisLockHolder(this.#redis, this.#names.runLock),
      this.#redis.lrange(this.#names.history, 0, limit - 1),
    ]);
    const s = schedulers.find((x) => x.key === this.#names.scheduler || x.id === this.#names.scheduler);
    return {
      queues: { runs, stages },
      workers: { runs: runWorkers, stages: stageWorkers },
      schedule: s ? { id: this.#names.scheduler, ...(s.pattern ? { pattern: s.pattern } : {}), ...(s.tz ? { timezone: s.tz } : {}), ...(s.next !== undefined ? { next: s.next } : {}) } : null,
      runLock,
      runs: records.map((r) => JSON.parse(r) as QueueRunRecord),
    };
  }

  /** Closes the queues and the Redis connection. */
  async close(): Promise<void> {
    await Promise.all([this.#runs.close(), this.#stages.close()]);
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  #artifacts(): ArtifactStore {
    if (!this.#o.artifacts) throw new PipelineError('ERR_INVALID_ARGUMENT', 'PipelineQueue.connect({ artifacts }): running, scheduling and checking out need the artifact store the workers use', { badInput: true });
    return this.#o.artifacts;
  }

  /** Reads the configuration, uploads local inputs, and builds the run's definition. */
  async #prepare(options: Omit<QueueFeedOptions, 'onEvent' | 'signal'> & { tracking: TrackingConfig | null }, upload = true): Promise<Prepared> {
    if (options.tracking === undefined) throw new PipelineError('ERR_INVALID_ARGUMENT', 'options.tracking: queue runs need the tracking server all workers share (or null for none); a local mlruns folder is not shared', { badInput: true });
    const manager = await ConfigurationManager.load({
      rootDir: options.rootDir,
      ...(options.files ? { files: options.files } : {}),
      ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
      ...(options.split ? { split: options.split } : {}),
      ...(options.download ? { download: options.download } : {}),
      ...(options.tracking ? { tracking: options.tracking } : {}),
      // The workers must have been started with the same list (`startPipelineWorker({ stages })`).
      ...(options.stages ? { stages: options.stages } : {}),
    });
    const stages = pipelineStages(manager, { models: coreModelKit(), ...(options.tracking ? { tracker: createTracker(options.tracking, { baseDir: manager.rootDir }) } : {}) });
    const [config, params, schema] = await Promise.all([readFile(manager.files.config, 'utf8'), readFile(manager.files.params, 'utf8'), readFile(manager.files.schema, 'utf8')]);
    const definition: RunDefinition = { files: { config, params, schema }, inputs: {}, tracking: options.tracking ? { uri: options.tracking.uri } : null };
    if (options.split) definition.split = options.split;
    if (options.download) definition.download = options.download;
    if (manager.genreSelection.from === 'data' && manager.genres.length > 0) definition.genres = manager.genres;
    const inputPaths = new Map<string, string>();
    const source = manager.config(dataIngestionStage).sourceUrl;
    if (/^https?:\/\//i.test(source)) definition.source = { url: source };
    else {
      const path = source.startsWith('file:') ? fileURLToPath(source) : source;
      const hash = await hashPath(path);
      if (hash === null) throw new PipelineError('ERR_NO_SOURCE', `the dataset ${path} does not exist`, { badInput: true });
      const rel = pathBelow(manager.rootDir, path)?.split(sep).join('/') ?? `.msr/inputs/${basename(path)}`;
      if (upload) await this.#artifacts().put(hash, path);
      definition.inputs[rel] = hash;
      definition.source = { path: rel };
      inputPaths.set(rel, path);
    }
    return { manager, stages, definition, inputPaths, history: new RunHistory(pipelineStatePaths(manager.rootDir).historyFile) };
  }

  /** Adds the run job, relays its events, and waits for its result. */
  async #submit(data: RunJobData, options: Pick<QueueRunOptions, 'onEvent' | 'signal' | 'newRunId'>): Promise<RunJobResult> {
    const { bullmq } = this.#m;
    const runId = (options.newRunId ?? randomUUID)();
    data.runId = runId;
    const events: QueueEvents[] = [];
    try {
      for (const name of [this.#names.runs, this.#names.stages]) {
        const e = new bullmq.QueueEvents(name, { connection: this.#connection, prefix: this.#o.prefix });
        e.on('error', () => {});
        events.push(e);
      }
      await Promise.all(events.map((e) => e.waitUntilReady()));
      if (options.onEvent) {
        const relay = ({ data: event }: { data: unknown }): void => {
          if (event && typeof event === 'object' && (event as { runId?: unknown }).runId === runId && typeof (event as { type?: unknown }).type === 'string') options.onEvent!(event as PipelineEvent);
        };
        for (const e of events) e.on('progress', relay);
      }
      const onAbort = (): void => void this.#redis.set(this.#names.cancel(runId), '1', 'EX', 24 * 3600).catch(() => {});
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // Refused at once while another run holds the lock, as in-process (the orchestrator checks again).
        const holder = await readRedisLockHolder(this.#redis, this.#names.runLock);
        if (holder) throw new LockHeldError(`redis ${this.#names.runLock}`, holder);
        const job = await this.#runs.add(data.kind, data, { jobId: `run.${runId}`, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } });
        let result: RunJobResult;
        let settled = false;
        try {
          result = await Promise.race([job.waitUntilFinished(events[0]!), this.#whileExists(job.id!, () => settled)]);
        } catch (error) {
          if (error instanceof PipelineError) throw error;
          throw new PipelineError('ERR_QUEUE_RUN', `run ${runId} failed on its worker: ${(error as Error).message}`, { cause: error });
        } finally {
          settled = true;
        }
        if (result.status === 'busy') throw new LockHeldError(`redis ${this.#names.runLock}`, await readRedisLockHolder(this.#redis, this.#names.runLock));
        return result;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    } finally {
      await Promise.all(events.map((e) => e.close()));
    }
  }

  /**
   * Never resolves while the run job exists; rejects when Redis answers that it is gone (a Redis
   * restarted without persistence loses its jobs, and no completion event would ever come).
   */
  async #whileExists(jobId: string, stop: () => boolean): Promise<never> {
    while (!stop()) {
      await new Promise((r) => setTimeout(r, 5_000).unref?.());
      let exists: boolean;
      try {
        exists = (await this.#m.bullmq.Job.fromId(this.#runs, jobId)) !== undefined;
      } catch {
        continue; // Redis unreachable for now: keep waiting.
      }
      if (!exists && !stop()) throw new PipelineError('ERR_QUEUE_RUN_LOST', `run job ${jobId} is no longer in Redis (restarted without persistence?); its run did not finish`);
    }
    return new Promise<never>(() => {});
  }

  /** The run job's result in the in-process runner's shape (paths in results under `rootDir`). */
  #dagResult(result: RunJobResult, rootDir: string): DagRunResult {
    const stages: StageOutcome[] = result.stages.map((s) => {
      const outcome: StageOutcome = { name: s.name, status: s.status, reasons: s.reasons, attempts: s.attempts, durationMs: s.durationMs };
      if (s.result !== undefined) outcome.result = fromPortable(s.result, rootDir);
      if (s.error) outcome.error = new RemoteStageError(s.error);
      return outcome;
    });
    const out: DagRunResult = { runId: result.runId, status: result.status === 'succeeded' ? 'succeeded' : 'failed', startedAt: result.startedAt, durationMs: result.durationMs, stages };
    if (result.error) out.error = stages.find((s) => s.error)?.error ?? new RemoteStageError(result.error);
    return out;
  }

  /**
   * The local run lock for a checkout. Another checkout holding it (this process's model watcher
   * and a job checking the same run out) is waited for — a checkout takes a moment; a run in
   * progress is not.
   */
  async #checkoutLock(path: string): Promise<RunLock> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await RunLock.acquire({ path, runId: `${CHECKOUT}${randomUUID()}`, pid: process.pid, host: hostname(), heartbeatMs: 0 });
      } catch (error) {
        if (!(error instanceof LockHeldError) || !error.holder?.runId.startsWith(CHECKOUT) || attempt >= 100) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /**
   * `dvc checkout`: copies every file of the shared state into `rootDir` (skipping those already
   * there) and writes the local `msr.lock`, so an in-process run or `msr status` sees the
   * pipeline as the workers left it. Holds the local run lock meanwhile.
   */
  async #checkout(prepared: Prepared): Promise<string[]> {
    const paths = pipelineStatePaths(prepared.manager.rootDir);
    const lock = await this.#checkoutLock(paths.runLockFile);
    try {
      const state = await readQueueState(this.#redis, this.#names.state);
      const local = (rel: string): string => prepared.inputPaths.get(rel) ?? join(prepared.manager.rootDir, ...rel.split('/'));
      const changed: string[] = [];
      for (const [rel, hash] of Object.entries(state.files)) {
        // Inputs (the dataset) are the callers' own files, not outputs to check out.
        if (prepared.inputPaths.has(rel) || rel.startsWith('.msr/inputs/')) continue;
        const path = local(rel);
        if ((await hashPath(path)) === hash) continue;
        await this.#artifacts().get(hash, path);
        changed.push(path);
      }
      const lockFile = await readLockFile(paths.lockFile);
      for (const stage of prepared.stages) {
        const shared = state.stages[stage.name];
        if (!shared) continue;
        const entry: LockedStage = {
          version: shared.version,
          deps: shared.deps.map((d) => ({ path: local(d.path), hash: d.hash })),
          params: shared.params,
          // The legacy (absolute-path) hash: the DAG runner reads it as its portable one.
          config: configHash(stage.config),
          outs: shared.outs.map((o) => ({ path: local(o.path), hash: o.hash })),
          at: shared.at,
        };
        lockFile.stages[stage.name] = entry;
      }
      await writeLockFile(paths.lockFile, lockFile);
      return changed;
    } finally {
      await lock.release();
    }
  }
}
