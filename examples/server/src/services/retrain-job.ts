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
  /** The version of the parameters it ran with (when the params store keeps versions). */
  paramsVersion?: number;
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

/** What starts a job. */
export interface RetrainStartInput {
  requestedBy?: string;
  params: unknown;
  /** The version of `params` in the params store, recorded with the job. */
  paramsVersion?: number;
  kind?: RetrainKind;
}
