import type { LogLevel, ProgressUpdate } from '../dag/stage-definition.js';

/** What every stage's `run` accepts: cancellation and progress/log callbacks. */
export interface StageRunOptions {
  /** Cancels long work (downloads, training). */
  signal?: AbortSignal;
  /** Progress of long steps (download bytes, training rounds, genres clustered). */
  onProgress?: (update: ProgressUpdate) => void;
  /** Log lines (counts of dropped rows, chosen runs, …). */
  onLog?: (level: LogLevel, message: string, data?: Record<string, unknown>) => void;
  /**
   * Tags every tracked run of the stage carries: the DAG run's id (`msr.pipeline_run_id`), who
   * ran it and from where (`mlflow.user`, `mlflow.source.*`). @default none
   */
  trackingTags?: Readonly<Record<string, string>>;
}
