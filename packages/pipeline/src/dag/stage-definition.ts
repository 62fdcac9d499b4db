/** Severity of a stage's log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** How far a long step has got; the CLI draws progress bars from these. */
export interface ProgressUpdate {
  /** What is progressing: `download`, `training`, `clustering`, … */
  phase: string;
  /** Units done so far. */
  done: number;
  /** Units in all, when known. */
  total?: number;
  /** The unit: `bytes`, `rounds`, `genres`, … */
  unit?: string;
}

/** What a stage's `run` is handed by the runner. */
export interface StageContext {
  /** The DAG run's id (tagged on the tracked runs the stage logs). */
  readonly runId: string;
  /** The stage's name. */
  readonly stage: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /** True when the run forced this stage (it may then redo work it would otherwise keep). */
  readonly forced: boolean;
  /** Aborted when the run is cancelled; long stages should honour it. */
  readonly signal: AbortSignal;
  /** Reports progress (emitted as a `stage-progress` event). */
  progress(update: ProgressUpdate): void;
  /** Reports a log line (emitted as a `stage-log` event). */
  log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
}

/**
 * One stage of a DAG: what it reads and writes, and how to run it. Like a `dvc.yaml` stage:
 * the runner hashes `deps`, `params`, `config` and `outs` into the lock file and skips the stage
 * when none changed since its last successful run. Edges come from the files: a stage that
 * reads what another writes runs after it.
 */
export interface StageDefinition<R = unknown> {
  /** Unique name (`data_ingestion`, `clustering`, …). */
  name: string;
  /** Absolute paths of files or directories the stage reads. */
  deps: readonly string[];
  /** Dotted `params.yaml` keys the stage reads (`GaussianMixture.n_components`). */
  params?: readonly string[];
  /** Other settings the stage depends on (config sections, a source URL), hashed as JSON. */
  config?: Readonly<Record<string, unknown>>;
  /** Absolute paths of files or directories the stage writes. */
  outs: readonly string[];
  /** Stages that must finish first although no file connects them. */
  after?: readonly string[];
  /** A version of the stage's code; bumping it re-runs the stage. @default '1' */
  version?: string;
  /** Run even when nothing changed (a feed that polls an outside source). @default false */
  always?: boolean;
  /** Retries after a failure that is not bad input; overrides the runner's default. */
  retries?: number;
  /** Delay before each retry, ms; overrides the runner's `retryDelayMs`. */
  retryDelayMs?: number;
  /**
   * Whether the run cache may restore this stage's outputs instead of running it (a stage with
   * side effects beyond its outputs — registering a model — says `false`). @default true
   */
  cache?: boolean;
  /** Does the work. Outputs should be written all-or-nothing (see `FileTransaction`). */
  run(context: StageContext): Promise<R>;
}
