import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { hashPath } from '../fs/hash-path.js';
import { withDefaults } from '../util/with-defaults.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { buildGraph, type StageGraph } from './graph.js';
import { readLockFile, writeLockFile, type LockedPath, type LockedStage } from './lock-file.js';
import { isForced, lockedEntry, missingOutputs, normalizeLocked, NOT_RUN_REASON, runDoneEvent, UNCHANGED_REASON, runReasons, selectStages, stageChanges, stageContext, stageFingerprint, type StageFingerprint } from './plan.js';
import { lockPath } from './portable.js';
import { checkStageRetries, DEFAULT_RETRY, retryDelay, shouldRetry, stageRetry, type RetryPolicy } from './retry-policy.js';
import type { PipelineEvent } from './pipeline-event.js';
import { RunCache } from './run-cache.js';
import { abortableSleep, type Sleep as IoSleep } from '@msr/io/http';
import { LockHeldError, RunLock, type RunLockInfo, type RunLockOptions } from './run-lock.js';
import type { StageDefinition } from './stage-definition.js';

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export type Sleep = IoSleep;

/** The default {@link Sleep}: a timer, cancelled by the signal (`abortableSleep` of `@msr/io/http`). */
export const timerSleep: Sleep = abortableSleep;

/** Options of {@link DagRunner}. */
export interface DagRunnerOptions {
  /** The stages. */
  stages: readonly StageDefinition[];
  /** The lock file of hashes (`msr.lock`). */
  lockFile: string;
  /** The single-run lock (`.msr/run.lock`). */
  runLockFile: string;
  /**
   * The pipeline's root: paths below it are stored root-relative in the lock file, so a moved or
   * copied root stays up to date. Lock files written with absolute paths are still read.
   * @default the lock file's directory
   */
  rootDir?: string;
  /**
   * The run cache's directory: outputs of earlier runs are restored, instead of running the stage,
   * when its inputs are ones it has seen (a param set back). `null`: no run cache.
   * @default null
   */
  runCacheDir?: string | null;
  /** Looks up a dotted `params.yaml` key. @default every key is `undefined` */
  params?: (key: string) => unknown;
  /** Retries of a failed stage (bad input is never retried). @default 1 */
  retries?: number;
  /** Delay before a retry, as the original's Airflow DAG. @default 20000 */
  retryDelayMs?: number;
  /** Stages run at once when independent. @default 2 */
  concurrency?: number;
  /** How to wait between attempts. @default {@link timerSleep} */
  sleep?: Sleep;
  /** The clock. @default Date.now */
  clock?: () => number;
  /** Receives every event; must not throw. */
  onEvent?: (event: PipelineEvent) => void;
  /** Makes run ids. @default crypto.randomUUID */
  newRunId?: () => string;
  /** This machine's name, for the run lock. @default os.hostname() */
  host?: string;
  /** This process's id, for the run lock. @default process.pid */
  pid?: number;
  /** Staleness and heartbeat of the run lock. */
  lock?: Pick<RunLockOptions, 'staleAfterMs' | 'heartbeatMs' | 'isProcessAlive'>;
  /**
   * Called once a stale run lock was taken over, before any stage runs: clean up after the dead
   * run (end its tracked runs, record it in the history). A failure is reported as a warning
   * and does not stop the run.
   */
  onTakeover?: (takeover: { runId: string; previous: RunLockInfo | null; reason: string }) => Promise<void>;
  /** How often a run that waits for the run lock (`wait`) tries again, ms. @default 1000 */
  lockPollMs?: number;
  /**
   * Retries per stage, by name (`'*'`: every stage), over the stage's own and the runner's
   * defaults: how many, the first delay, and the factor each further delay grows by (Airflow's
   * `retries`, `retry_delay`, `retry_exponential_backoff`). Bad input is never retried.
   */
  stageRetries?: Readonly<Record<string, RetryPolicy>>;
}

export type { RetryPolicy } from './retry-policy.js';

/** Options of {@link DagRunner.run}. */
export interface DagRunOptions {
  /** Stages to bring up to date, with everything they need. @default every stage */
  targets?: readonly string[];
  /** Run only `targets`, not the stages they need (`dvc repro --single-item`). @default false */
  single?: boolean;
  /** Re-run even if unchanged: `true` for every selected stage, or a list of names. @default false */
  force?: boolean | readonly string[];
  /** Cancels the run: no new stage starts, running ones see the signal. */
  signal?: AbortSignal;
  /**
   * A run lock the caller already holds (the feed DAG holds it across its own steps); the
   * runner then neither takes nor releases it.
   */
  heldLock?: RunLock;
  /** The run's id. @default a new one from `newRunId` (or the held lock's) */
  runId?: string;
  /**
   * Wait for a run in progress to finish instead of failing with `LockHeldError` (Airflow's
   * queued DAG run); `signal` cancels the wait. @default false
   */
  wait?: boolean;
}

/** What happened to one stage in a run. */
export interface StageOutcome {
  name: string;
  /** `ran`, `skipped` (unchanged), `failed`, or `not-run` (something it needs failed). */
  status: 'ran' | 'skipped' | 'failed' | 'not-run';
  /** Why it ran (`never run`, `dep changed: …`, `param changed: …`, `forced`) or was skipped. */
  reasons: string[];
  attempts: number;
  durationMs: number;
  /** What the stage's `run` returned. */
  result?: unknown;
  /** Why it failed. */
  error?: Error;
}

/** The outcome of a run. */
export interface DagRunResult {
  runId: string;
  status: 'succeeded' | 'failed';
  startedAt: number;
  durationMs: number;
  /** One outcome per selected stage, in topological order. */
  stages: StageOutcome[];
  /** The first failure. */
  error?: Error;
}

/** What a stage would do on the next run. */
export interface StageState {
  name: string;
  /** `up-to-date`, or `changed` with reasons (including "an upstream stage will run"). */
  state: 'up-to-date' | 'changed';
  reasons: string[];
  /** When it last succeeded. */
  lastRunAt?: number;
}


/**
 * Runs a DAG of stages with `dvc repro` semantics: each stage's dependencies, params, config
 * and outputs are hashed into a lock file, an unchanged stage is skipped, and a change re-runs
 * exactly the stages it reaches. Independent stages run concurrently; a failed stage is retried
 * (default once after 20 s) unless the failure is bad input; one run at a time holds a
 * crash-safe run lock. Everything is reported through structured events.
 *
 * @example
 * ```ts
 * const runner = new DagRunner({ stages, lockFile: `${root}/msr.lock`, runLockFile: `${root}/.msr/run.lock`, onEvent: console.log });
 * const result = await runner.run();
 * ```
 */
export class DagRunner {
  readonly #o: Required<Omit<DagRunnerOptions, 'onEvent' | 'lock' | 'onTakeover'>> & Pick<DagRunnerOptions, 'onEvent' | 'lock' | 'onTakeover'>;
  readonly #graph: StageGraph;
  readonly #byName: Map<string, StageDefinition>;
  readonly #cache: RunCache | undefined;

  constructor(options: DagRunnerOptions) {
    this.#o = withDefaults(
      {
        params: (): unknown => undefined,
        ...DEFAULT_RETRY,
        concurrency: 2,
        sleep: timerSleep,
        clock: Date.now,
        newRunId: randomUUID,
        host: hostname(),
        pid: process.pid,
        rootDir: dirname(options.lockFile),
        runCacheDir: null,
        lockPollMs: 1000,
        stageRetries: {},
      },
      options,
    );
    checkStageRetries(options.stageRetries ?? {}, options.stages.map((s) => s.name));
    if (!(this.#o.concurrency >= 1)) throw new PipelineError('ERR_INVALID_ARGUMENT', `options.concurrency: must be at least 1, got ${this.#o.concurrency}`, { badInput: true });
    this.#graph = buildGraph(options.stages);
    this.#byName = new Map(options.stages.map((s) => [s.name, s]));
    this.#cache = this.#o.runCacheDir ? new RunCache(this.#o.runCacheDir) : undefined;
  }

  /** Stage names in topological order. */
  get order(): string[] {
    return [...this.#graph.order];
  }

  /** The stages a stage needs. */
  upstreamOf(name: string): string[] {
    return [...(this.#graph.upstream.get(name) ?? [])];
  }

  /** What each stage would do on the next run, without running anything or taking the lock. */
  async status(options: Pick<DagRunOptions, 'targets' | 'single'> = {}): Promise<StageState[]> {
    const lock = await readLockFile(this.#o.lockFile);
    const selected = this.#select(options);
    const willRun = new Set<string>();
    const states: StageState[] = [];
    for (const name of this.#graph.order) {
      if (!selected.has(name)) continue;
      const stage = this.#byName.get(name)!;
      const reasons = await this.#changes(stage, lock.stages[name]);
      const upstream = [...this.#graph.upstream.get(name)!].filter((u) => willRun.has(u));
      if (upstream.length > 0) reasons.push(`upstream will run: ${upstream.join(', ')}`);
      if (reasons.length > 0) willRun.add(name);
      const state: StageState = { name, state: reasons.length > 0 ? 'changed' : 'up-to-date', reasons };
      const at = lock.stages[name]?.at;
      if (at !== undefined) state.lastRunAt = at;
      states.push(state);
    }
    return states;
  }

  /**
   * Brings the selected stages up to date. Resolves with every stage's outcome, also when a
   * stage failed (`status: 'failed'`, `error`).
   *
   * @throws `LockHeldError` when another live run holds the run lock; `PipelineError` for an
   * unknown target.
   */
  async run(options: DagRunOptions = {}): Promise<DagRunResult> {
    const o = this.#o;
    const runId = options.runId ?? options.heldLock?.info.runId ?? o.newRunId();
    const startedAt = o.clock();
    const emit = (event: PipelineEvent): void => o.onEvent?.(event);
    const selected = this.#select(options);
    const order = this.#graph.order.filter((n) => selected.has(n));
    const lock = options.heldLock ?? (await this.acquireLock(runId, emit, { wait: options.wait === true, ...(options.signal ? { signal: options.signal } : {}) }));
    try {
      const previous = lock.recovered?.previous;
      if (previous && previous.host === o.host) await this.#removeOrphans(previous.pid);
      emit({ type: 'run-start', runId, at: startedAt, stages: order });
      const lockContent = await readLockFile(o.lockFile, (reason) => emit({ type: 'stage-log', runId, at: o.clock(), stage: '*', level: 'warn', message: reason }));
      const outcomes = new Map<string, StageOutcome>();
      let lockWrite: Promise<void> = Promise.resolve();
      const running = new Map<string, Promise<void>>();
      let failure: Error | undefined;
      const forced = (name: string): boolean => isForced(options.force, name);

      const ready = (name: string): boolean =>
        [...this.#graph.upstream.get(name)!].every((u) => !selected.has(u) || outcomes.get(u)?.status === 'ran' || outcomes.get(u)?.status === 'skipped');

      const start = (name: string): void => {
        const began = o.clock();
        const task = this.#runStage(this.#byName.get(name)!, runId, lockContent.stages[name], forced(name), options.signal, emit)
          // A failure outside the stage's own code (hashing an unreadable dep) fails the stage too.
          .catch((error: unknown): { outcome: StageOutcome; locked?: LockedStage } => ({
            outcome: { name, status: 'failed', reasons: [], attempts: 0, durationMs: o.clock() - began, error: error instanceof Error ? error : new Error(String(error)) },
          }))
          .then(async ({ outcome, locked }) => {
          outcomes.set(name, outcome);
          if (locked) {
            lockContent.stages[name] = locked;
            lockWrite = lockWrite.then(() => writeLockFile(o.lockFile, lockContent));
            await lockWrite;
          }
          if (outcome.status === 'failed') failure ??= outcome.error;
          running.delete(name);
        });
        running.set(name, task);
      };

      for (;;) {
        if (failure === undefined && !options.signal?.aborted) {
          for (const name of order) {
            if (running.size >= o.concurrency) break;
            if (!outcomes.has(name) && !running.has(name) && ready(name)) start(name);
          }
        }
        if (running.size === 0) break;
        await Promise.race(running.values());
      }
      if (failure === undefined && options.signal?.aborted) failure = options.signal.reason instanceof Error ? options.signal.reason : new PipelineError('ERR_ABORTED', 'the run was cancelled');
      for (const name of order) {
        if (!outcomes.has(name)) outcomes.set(name, { name, status: 'not-run', reasons: [NOT_RUN_REASON], attempts: 0, durationMs: 0 });
      }
      const stages = order.map((n) => outcomes.get(n)!);
      const status = failure === undefined ? 'succeeded' : 'failed';
      const durationMs = o.clock() - startedAt;
      emit(runDoneEvent({ runId, at: o.clock(), durationMs, failed: failure !== undefined }, stages));
      const result: DagRunResult = { runId, status, startedAt, durationMs, stages };
      if (failure) result.error = failure;
      return result;
    } finally {
      if (!options.heldLock) await lock.release();
    }
  }

  /**
   * Takes the run lock as {@link DagRunner.run} would, for callers that run steps of their own
   * around it; with `wait`, polls (every `lockPollMs`) until the run holding it finishes. After a
   * stale lock was taken over, `onTakeover` cleans up after the dead run before this returns.
   */
  async acquireLock(runId: string, onEvent?: (event: PipelineEvent) => void, options: { wait?: boolean; signal?: AbortSignal } = {}): Promise<RunLock> {
    const o = this.#o;
    const emit = (event: PipelineEvent): void => (onEvent ?? o.onEvent)?.(event);
    const lock = await this.#acquire(runId, emit, options);
    if (lock.recovered && o.onTakeover) {
      try {
        await o.onTakeover({ runId, ...lock.recovered });
      } catch (error) {
        emit({ type: 'stage-log', runId, at: o.clock(), stage: '*', level: 'warn', message: `cleaning up after the stale run failed: ${(error as Error).message}` });
      }
    }
    return lock;
  }

  async #acquire(runId: string, emit: (event: PipelineEvent) => void, options: { wait?: boolean; signal?: AbortSignal }): Promise<RunLock> {
    const o = this.#o;
    for (let told = false; ; ) {
      try {
        return await RunLock.acquire({
          path: o.runLockFile,
          runId,
          pid: o.pid,
          host: o.host,
          clock: o.clock,
          ...o.lock,
          onRecovered: (previous, reason) => emit({ type: 'lock-recovered', runId, at: o.clock(), previous, reason }),
        });
      } catch (error) {
        if (!options.wait || !(error instanceof LockHeldError)) throw error;
        if (!told) {
          const h = error.holder;
          emit({ type: 'stage-log', runId, at: o.clock(), stage: '*', level: 'info', message: `waiting for ${h ? `run ${h.runId} (pid ${h.pid} on ${h.host})` : 'the run in progress'} to finish` });
          told = true;
        }
        await o.sleep(o.lockPollMs, options.signal);
      }
    }
  }

  /** Removes the temporary files a crashed process (`pid`) left beside the stages' outputs. */
  async #removeOrphans(pid: number): Promise<void> {
    const dirs = new Set(this.#o.stages.flatMap((s) => s.outs.map((out) => dirname(out))));
    const marker = `.${pid}.`;
    for (const dir of dirs) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const name of names) if (name.startsWith('.') && name.endsWith('.tmp') && name.includes(marker)) await rm(join(dir, name), { force: true });
    }
  }

  #select(options: Pick<DagRunOptions, 'targets' | 'single'>): Set<string> {
    return selectStages(this.#graph, options.targets, options.single === true);
  }

  async #hashAll(paths: readonly string[]): Promise<LockedPath[]> {
    const root = this.#o.rootDir;
    return Promise.all(paths.map(async (path) => ({ path: lockPath(root, path), hash: await hashPath(path) })));
  }

  /** The stage as it is now, its files hashed on disk. */
  async #fingerprint(stage: StageDefinition): Promise<StageFingerprint> {
    const [deps, outs] = await Promise.all([this.#hashAll(stage.deps), this.#hashAll(stage.outs)]);
    return stageFingerprint(stage, { root: this.#o.rootDir, param: this.#o.params, deps, outs });
  }

  /** Why `stage` must run given its lock entry; empty when it is up to date. */
  async #changes(stage: StageDefinition, locked: LockedStage | undefined): Promise<string[]> {
    const now = await this.#fingerprint(stage);
    return stageChanges(stage, now, normalizeLocked(stage, locked, now, this.#o.rootDir));
  }

  async #runStage(
    stage: StageDefinition,
    runId: string,
    locked: LockedStage | undefined,
    force: boolean,
    signal: AbortSignal | undefined,
    emit: (event: PipelineEvent) => void,
  ): Promise<{ outcome: StageOutcome; locked?: LockedStage }> {
    const o = this.#o;
    const began = o.clock();
    const changes = await this.#changes(stage, locked);
    const reasons = runReasons(changes, force);
    if (reasons.length === 0) {
      emit({ type: 'stage-skip', runId, at: o.clock(), stage: stage.name, reason: UNCHANGED_REASON });
      return { outcome: { name: stage.name, status: 'skipped', reasons: [UNCHANGED_REASON], attempts: 0, durationMs: o.clock() - began } };
    }
    const before = await this.#fingerprint(stage);
    const cacheKey = this.#cache && stage.cache !== false && !stage.always ? RunCache.key(stage.name, before) : undefined;
    if (cacheKey && !force) {
      const restored = await this.#cache!.restore(cacheKey, stage.outs);
      if (restored) {
        const why = `restored from the run cache (${changes.join('; ')})`;
        emit({ type: 'stage-skip', runId, at: o.clock(), stage: stage.name, reason: why });
        return {
          outcome: { name: stage.name, status: 'skipped', reasons: [why], attempts: 0, durationMs: o.clock() - began },
          locked: lockedEntry(before, await this.#hashAll(stage.outs), o.clock()),
        };
      }
    }
    const retry = stageRetry(stage, o, o.stageRetries);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let attempt = 1; ; attempt++) {
        emit({ type: 'stage-start', runId, at: o.clock(), stage: stage.name, attempt, reasons });
        const context = stageContext({ runId, stage: stage.name, attempt, forced: force, signal: controller.signal, clock: o.clock, emit });
        try {
          const result = await stage.run(context);
          const outs = await this.#hashAll(stage.outs);
          const missing = outs.filter((p) => p.hash === null).map((p) => p.path);
          if (missing.length > 0) throw missingOutputs(stage.name, missing);
          const durationMs = o.clock() - began;
          if (cacheKey) await this.#cache!.save(cacheKey, stage.name, outs, stage.outs);
          emit({ type: 'stage-done', runId, at: o.clock(), stage: stage.name, attempts: attempt, durationMs });
          return {
            outcome: { name: stage.name, status: 'ran', reasons, attempts: attempt, durationMs, result },
            locked: lockedEntry(before, outs, o.clock()),
          };
        } catch (caught) {
          const error = caught instanceof Error ? caught : new Error(String(caught));
          const retryable = !controller.signal.aborted && shouldRetry(error, attempt, retry);
          if (!retryable) {
            const durationMs = o.clock() - began;
            emit({ type: 'stage-fail', runId, at: o.clock(), stage: stage.name, attempts: attempt, durationMs, error: error.message, code: (error as { code?: unknown }).code?.toString() ?? 'ERR_UNKNOWN' });
            return { outcome: { name: stage.name, status: 'failed', reasons, attempts: attempt, durationMs, error } };
          }
          const retryDelayMs = retryDelay(retry, attempt);
          emit({ type: 'stage-retry', runId, at: o.clock(), stage: stage.name, attempt, delayMs: retryDelayMs, error: error.message });
          try {
            await o.sleep(retryDelayMs, controller.signal);
          } catch (aborted) {
            const durationMs = o.clock() - began;
            emit({ type: 'stage-fail', runId, at: o.clock(), stage: stage.name, attempts: attempt, durationMs, error: error.message, code: 'ERR_ABORTED' });
            return { outcome: { name: stage.name, status: 'failed', reasons, attempts: attempt, durationMs, error: aborted instanceof Error ? aborted : error } };
          }
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

