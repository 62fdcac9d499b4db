/** Where a retrain job is. */
export type RetrainStatus = 'running' | 'succeeded' | 'failed';

/** A retrain job as admins see it. */
export interface RetrainJob {
  id: string;
  status: RetrainStatus;
  /** Username of the admin who started it, or `scheduler`. */
  requestedBy?: string;
  createdAt: number;
  finishedAt?: number;
  /** 0 to 1. */
  progress: number;
  /** The last progress message. */
  message?: string;
  /** What the job produced (model version, metrics…), once succeeded. */
  result?: unknown;
  /** Why it failed. */
  error?: string;
}

/**
 * SEAM (phase 2: the worker script calls `@msr/pipeline` `runPipeline`). Runs a retrain off the
 * request path, one at a time; a new model is hot-swapped when a job succeeds.
 */
export interface RetrainRunner {
  /** Starts a job and returns at once; a 409 `HttpError` while another job is running. */
  start(input: { requestedBy?: string; params: unknown }): Promise<RetrainJob>;
  get(id: string): Promise<RetrainJob | undefined>;
  /** Most recent first. */
  list(limit?: number): Promise<RetrainJob[]>;
  /** Resolves when no job of this runner is running. */
  idle(): Promise<void>;
  /** Stops a running job (marked failed) and frees resources. */
  close(): Promise<void>;
}
