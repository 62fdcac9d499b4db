import { sep } from 'node:path';
import type { SplitOptions } from '../config/stage-configs.js';
import type { StageOutcome } from '../dag/dag-runner.js';
import type { LockedStage } from '../dag/lock-file.js';
import type { StageRetries, StageRetry } from '../dag/retry-policy.js';
import type { FeedResult } from '../feed/run-feed.js';
import { isBadInput, PipelineError } from '../errors/pipeline-error.js';
import { pathBelow } from '../fs/path-below.js';

/**
 * Everything a worker needs to rebuild the caller's pipeline in a scratch root of its own: the
 * three configuration files (their text — params changed by an admin travel with each run), the
 * local inputs no stage produces (the dataset) by content hash, and the tracking server.
 */
export interface RunDefinition {
  /** The text of config.yaml, params.yaml and schema.yaml. */
  files: { config: string; params: string; schema: string };
  /** Root-relative path → SHA-256 of each local input (uploaded to the artifact store by the caller). */
  inputs: Record<string, string>;
  /** The dataset: a root-relative path among `inputs`, or a URL the workers download themselves. */
  source?: { path: string } | { url: string };
  /** The train/test split, when not the default. */
  split?: Partial<SplitOptions>;
  /** Expected size and SHA-256 of a downloaded dataset. */
  download?: { expectedSize?: number; expectedSha256?: string };
  /**
   * The genres the caller's pipeline chose from its data (config.yaml lists none), pinned for
   * the workers: a worker builds its pipeline before it has downloaded the dataset, so it cannot
   * survey the data itself, and every stage must train on the same list.
   */
  genres?: string[];
  /** The tracking server every worker logs to (no secrets: each worker has its own), or `null` for none. */
  tracking: { uri: string } | null;
}

/** An error crossing a process boundary: enough to rebuild a {@link RemoteStageError}. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  badInput: boolean;
}

/** The data of one stage job. */
export interface StageJobData {
  runId: string;
  stage: string;
  definition: RunDefinition;
  force: boolean;
  /** The stage's last successful run (root-relative paths), or `null`. */
  locked: LockedStage | null;
  /** Root-relative path → current hash of the files the stage reads and writes, as of submission. */
  files: Record<string, string>;
  /** The first retry's delay (`retry.retryDelayMs`; kept for jobs submitted before `retry`). */
  retryDelayMs: number;
  /** How the job is retried, as the run decided it ({@link stageRetry}). */
  retry?: StageRetry;
  /** Set by the worker when an attempt fails. */
  error?: SerializedError;
}

/** What a stage job returns. */
export interface StageJobResult {
  status: 'ran' | 'skipped';
  reasons: string[];
  attempts: number;
  durationMs: number;
  /** What the stage's `run` returned, paths below the root written as `msr-root:<relative>`. */
  result?: unknown;
  /** The lock entry to record (root-relative paths); absent when skipped. */
  locked?: LockedStage;
  /** Root-relative path → hash of every file this stage and the stages under it in the flow wrote. */
  produced: Record<string, string>;
}

/** A stage's outcome as the run job reports it: the in-process outcome with its error flattened. */
export type SerializedOutcome = Omit<StageOutcome, 'error'> & { error?: SerializedError };

/** The data of a run job (a pipeline run, or a feed run from the scheduler or a caller). */
export interface RunJobData {
  kind: 'pipeline' | 'feed';
  /** Absent for scheduled runs: the run's id is then made from the job's. */
  runId?: string;
  definition: RunDefinition;
  targets?: string[];
  single?: boolean;
  force?: boolean | string[];
  /** Retries of a failed stage, unless the stage or `stageRetries` says otherwise. */
  retries: number;
  /** Delay before a retry, likewise. */
  retryDelayMs: number;
  /** Retry policies by stage name (`*`: every stage), as the in-process runner's `stageRetries`. */
  stageRetries?: StageRetries;
  /** Feed runs: the growth that triggers retraining. */
  threshold?: number;
  /** Whether the run comes from the job scheduler (recorded as such in the run history). */
  scheduled?: boolean;
}

/** What a run job returns. */
export interface RunJobResult {
  runId: string;
  status: 'succeeded' | 'failed' | 'busy';
  startedAt: number;
  durationMs: number;
  stages: SerializedOutcome[];
  error?: SerializedError;
  /** Feed runs: what the feed did. */
  feed?: Omit<FeedResult, 'runId' | 'pipeline'>;
}

/** A stage's error, rebuilt on the caller's side of the queue: same `code`, `message` and `badInput`; the original class name in `remoteName`. */
export class RemoteStageError extends PipelineError {
  override readonly name = 'RemoteStageError';
  /** The error's class on the worker (`DataValidationError`, …). */
  readonly remoteName: string;

  constructor(error: SerializedError) {
    super(error.code, error.message, { badInput: error.badInput });
    this.remoteName = error.name;
  }
}

/** Flattens an error for a job's data or return value. */
export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return { name: e instanceof RemoteStageError ? e.remoteName : e.name, code: typeof code === 'string' ? code : 'ERR_UNKNOWN', message: e.message, badInput: isBadInput(e) };
}

export { fromPortable, toPortable } from '../dag/portable.js';

/**
 * The root-relative, `/`-separated form of `path`.
 * @throws {@link PipelineError} `ERR_QUEUE_PATH` (bad input) when it lies outside `root`: only files below the root travel between machines.
 */
export function rootRelative(root: string, path: string, what: string): string {
  const rel = pathBelow(root, path);
  if (rel === undefined) {
    throw new PipelineError('ERR_QUEUE_PATH', `${what} ${path} lies outside the pipeline root ${root}; the queue runner moves only files below the root (use relative paths in config.yaml)`, { badInput: true });
  }
  return rel.split(sep).join('/');
}

/** The queue names and Redis keys of a pipeline under `prefix`. */
export function queueNames(prefix: string): { runs: string; stages: string; runLock: string; state: string; history: string; cancel: (runId: string) => string; scheduler: string } {
  return {
    runs: 'msr-runs',
    stages: 'msr-stages',
    runLock: `${prefix}:pipeline:run-lock`,
    state: `${prefix}:pipeline:state`,
    history: `${prefix}:pipeline:history`,
    cancel: (runId) => `${prefix}:pipeline:cancel:${runId}`,
    scheduler: 'msr-feed',
  };
}
