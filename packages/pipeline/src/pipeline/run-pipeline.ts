import { join } from 'node:path';
import { ConfigurationManager, type ConfigurationManagerOptions } from '../config/configuration-manager.js';
import { DagRunner, type DagRunnerOptions, type DagRunResult, type StageOutcome } from '../dag/dag-runner.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { RunHistory, type RunRecord } from '../history/run-history.js';
import { coreModelKit } from '../models/core-model-kit.js';
import { createTracker } from '../tracking/create-tracker.js';
import { endKilledRuns, type Tracker } from '../tracking/tracker.js';
import { BUNDLE_EXPERIMENT } from '../stages/model-assembly.js';
import { DATA_EXPERIMENT } from '../stages/data-ingestion.js';
import { sourceTags } from '../tracking/source-tags.js';
import { userInfo } from 'node:os';
import { pipelineStages, type PipelineStageDeps } from './pipeline-stages.js';
import { runSnapshot } from './run-snapshot.js';
import { modelAssemblyStage } from '../stages/model-assembly-stage.js';
import { modelEvaluationStage } from '../stages/model-evaluation-stage.js';
import { recommenderEvaluationStage } from '../stages/recommender-evaluation-stage.js';

/** Where a pipeline keeps its run state, under its root. */
export interface PipelineStatePaths {
  /** Hashes of each stage's last successful run (`msr.lock`). */
  lockFile: string;
  /** The single-run lock (`.msr/run.lock`). */
  runLockFile: string;
  /** The run history (`.msr/history.jsonl`). */
  historyFile: string;
  /** The run cache (`.msr/cache`): earlier outputs, restored when a param is set back. */
  runCacheDir: string;
}

/** The state files of a pipeline rooted at `rootDir`. */
export function pipelineStatePaths(rootDir: string): PipelineStatePaths {
  return { lockFile: join(rootDir, 'msr.lock'), runLockFile: join(rootDir, '.msr', 'run.lock'), historyFile: join(rootDir, '.msr', 'history.jsonl'), runCacheDir: join(rootDir, '.msr', 'cache') };
}

/** Options of {@link createPipeline} and {@link runPipeline}. */
export interface PipelineOptions extends ConfigurationManagerOptions, Omit<PipelineStageDeps, 'tracker' | 'rebuildBase'>, Pick<DagRunnerOptions, 'retries' | 'retryDelayMs' | 'concurrency' | 'sleep' | 'lock' | 'host' | 'pid' | 'newRunId' | 'lockPollMs' | 'stageRetries'> {
  /**
   * Where runs are tracked; `null` for no tracking (metrics files only).
   * @default the store for `tracking` ({@link createTracker}): the local `<rootDir>/mlruns`
   */
  tracker?: Tracker | null;
  /**
   * Who runs the pipeline, tagged `mlflow.user` on every tracked run.
   * @default the operating-system user (`os.userInfo().username`)
   */
  user?: string;
  /**
   * What runs it, tagged `mlflow.source.name` (with `mlflow.source.type` `LOCAL` and, inside a
   * git checkout, `mlflow.source.git.commit`).
   * @default 'msr'
   */
  sourceName?: string;
  /** Receives every event (progress, logs, stage starts and ends); must not throw. */
  onEvent?: (event: PipelineEvent) => void;
}

/** A loaded pipeline: its configuration, its DAG runner and its history. */
export interface Pipeline {
  manager: ConfigurationManager;
  runner: DagRunner;
  history: RunHistory;
  paths: PipelineStatePaths;
}

/**
 * Loads the configuration and builds the DAG, without running anything (the CLI uses this for
 * `msr status`).
 */
export async function createPipeline(options: PipelineOptions, stageDeps: Pick<PipelineStageDeps, 'rebuildBase'> = {}): Promise<Pipeline> {
  const manager = await ConfigurationManager.load(options);
  const paths = pipelineStatePaths(manager.rootDir);
  const { retries, retryDelayMs, concurrency, sleep, lock, host, pid, newRunId, clock, onEvent, lockPollMs, stageRetries } = options;
  const tracker = options.tracker === null ? undefined : (options.tracker ?? createTracker(manager.getTrackingConfig(), { baseDir: manager.rootDir }));
  const history = new RunHistory(paths.historyFile);
  const assembly = manager.config(modelAssemblyStage);
  // Every experiment a pipeline run tags with its id, the ingestion's counts (msr_data) included.
  const experiments = [DATA_EXPERIMENT, manager.config(modelEvaluationStage).experimentName, ...assembly.clusteringExperiments, BUNDLE_EXPERIMENT, manager.config(recommenderEvaluationStage).experimentName];
  const runner = new DagRunner({
    stages: pipelineStages(manager, {
      ...options,
      ...stageDeps,
      models: options.models ?? coreModelKit(),
      tracker,
      ...(tracker ? { trackingTags: await sourceTags({ rootDir: manager.rootDir, user: options.user ?? currentUser(), sourceName: options.sourceName ?? 'msr' }) } : {}),
    }),
    // A run that died holding the lock (SIGKILL, a crash) left its tracked runs RUNNING and no
    // history record: end them KILLED and record the dead run, naming who took over.
    onTakeover: async ({ runId, previous, reason }) => {
      if (!previous) return;
      const note = `killed: ${reason}; the run lock was taken over by run ${runId}`;
      const trackingRunsKilled = tracker ? await endKilledRuns(tracker, experiments, previous.runId, note) : [];
      await history.append({
        runId: previous.runId,
        kind: 'pipeline',
        startedAt: previous.startedAt,
        finishedAt: (clock ?? Date.now)(),
        status: 'failed',
        stages: [],
        error: { code: 'ERR_KILLED', message: note },
        takeover: { by: runId, reason, trackingRunsKilled },
      });
    },
    lockFile: paths.lockFile,
    runLockFile: paths.runLockFile,
    rootDir: manager.rootDir,
    runCacheDir: paths.runCacheDir,
    params: (key) => manager.param(key),
    retries,
    retryDelayMs,
    concurrency,
    sleep,
    lock,
    host,
    pid,
    newRunId,
    clock,
    onEvent,
    lockPollMs,
    stageRetries,
  });
  return { manager, runner, history, paths };
}

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions extends PipelineOptions {
  /** Stages to bring up to date (with what they need). @default every stage */
  targets?: string[];
  /** Run only `targets`. @default false */
  single?: boolean;
  /** Re-run even if unchanged: all, or the named stages. @default false */
  force?: boolean | string[];
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Wait for a run in progress instead of failing with `LockHeldError`. @default false */
  wait?: boolean;
}

/** A successful pipeline run. */
export interface PipelineResult {
  runId: string;
  durationMs: number;
  /** Every stage's outcome, in order. */
  stages: StageOutcome[];
  /** Stages that ran. */
  ran: string[];
  /** Stages skipped as up to date. */
  skipped: string[];
}

/** Records a DAG run in the history and turns a failure into a {@link StageFailedError}. */
export async function settleRun(history: RunHistory, result: DagRunResult, kind: RunRecord['kind'], finishedAt: number, extra: Partial<RunRecord> = {}): Promise<PipelineResult> {
  const failed = result.stages.find((s) => s.status === 'failed');
  const record: RunRecord = {
    runId: result.runId,
    kind,
    startedAt: result.startedAt,
    finishedAt,
    status: result.status,
    stages: result.stages.map(({ name, status, attempts, durationMs }) => ({ name, status, attempts, durationMs })),
    ...extra,
  };
  if (result.error) record.error = { code: String((result.error as { code?: unknown }).code ?? 'ERR_UNKNOWN'), message: result.error.message };
  await history.append(record);
  if (result.error) throw new StageFailedError(failed?.name ?? '(run)', result.runId, result.error);
  return {
    runId: result.runId,
    durationMs: result.durationMs,
    stages: result.stages,
    ran: result.stages.filter((s) => s.status === 'ran').map((s) => s.name),
    skipped: result.stages.filter((s) => s.status === 'skipped').map((s) => s.name),
  };
}

/**
 * Runs the pipeline — ingestion, validation, transformation, classifier training and
 * evaluation, clustering, selection and assembly — skipping every stage whose inputs, params
 * and outputs are unchanged since its last run (`dvc repro`), and records the run in the
 * history.
 *
 * @throws `ConfigError` for bad configuration files, `LockHeldError` while another run is in
 * progress, {@link StageFailedError} (with the stage's error as `cause`) when a stage fails.
 *
 * @example
 * ```ts
 * const result = await runPipeline({ rootDir: '/srv/msr', onEvent: (e) => log(e) });
 * console.log(`ran ${result.ran.join(', ')}`);
 * ```
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineResult> {
  const { runner, history, manager } = await createPipeline(options);
  const result = await runner.run({ targets: options.targets, single: options.single, force: options.force, signal: options.signal, wait: options.wait === true });
  return settleRun(history, result, 'pipeline', (options.clock ?? Date.now)(), result.status === 'succeeded' ? await runSnapshot(manager) : {});
}

/** The operating-system user, or `undefined` where there is none (a container's numeric uid). */
function currentUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}
