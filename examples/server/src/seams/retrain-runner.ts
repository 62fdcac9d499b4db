/** Where a retrain job is. */
export type RetrainStatus = 'running' | 'succeeded' | 'failed';

/**
 * What a job runs: `retrain` brings the pipeline up to date (`runPipeline`); `feed` is the
 * scheduled feed DAG (`runFeed`: new songs, then a retrain when the base grew enough). Both
 * share the one job slot.
 */
export type RetrainKind = 'retrain' | 'feed';

/** A retrain job as admins see it. */
export interface RetrainJob {
  id: string;
  /** @default 'retrain' */
  kind: RetrainKind;
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
 * SEAM (wired to a forked worker that calls `@msr/pipeline` `runPipeline` / `runFeed`). Runs
 * jobs off the request path, one at a time; a new model is hot-swapped when a job succeeds.
 */
export interface RetrainRunner {
  /** Starts a job and returns at once; a 409 `HttpError` while another job is running. */
  start(input: { requestedBy?: string; params: unknown; kind?: RetrainKind }): Promise<RetrainJob>;
  get(id: string): Promise<RetrainJob | undefined>;
  /** Most recent first. */
  list(limit?: number): Promise<RetrainJob[]>;
  /** Resolves when no job of this runner is running. */
  idle(): Promise<void>;
  /** Stops a running job (marked failed) and frees resources. */
  close(): Promise<void>;
}
