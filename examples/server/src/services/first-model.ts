import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import type { RetrainJob, RetrainStartInput } from './retrain-job.js';

/** Options of {@link trainFirstModel}. */
export interface TrainFirstModelOptions {
  retrain: {
    start(input: RetrainStartInput): Promise<RetrainJob>;
    get(id: string): Promise<RetrainJob | undefined>;
    idle(): Promise<void>;
  };
  /** What each attempt trains with (read again before each attempt: an admin may fix the params meanwhile). */
  input: () => Promise<RetrainStartInput>;
  /** Whether a model is serving now (from this job, another instance's, or a promotion). */
  hasModel: () => boolean;
  logger: Logger;
  /** Wait before the first retry, in ms; doubled after each failure. */
  firstDelayMs: number;
  /** The longest wait between two attempts, in ms. */
  maxDelayMs: number;
  /** Stops retrying (the server is shutting down). */
  signal: AbortSignal;
}

/**
 * Trains the first model of a server that has none, and keeps trying until one serves: a first
 * training can fail for reasons that go away (a dataset still being copied, MLflow restarting),
 * and without a retry the server would answer `/readyz` 503 until someone restarted it. Waits
 * double from `firstDelayMs` up to `maxDelayMs`; attempts are not capped, because giving up
 * would leave the server unready for good. Each failure is logged with the next wait.
 */
export async function trainFirstModel(options: TrainFirstModelOptions): Promise<void> {
  const { retrain, logger, signal } = options;
  let attempt = 0;
  while (!signal.aborted && !options.hasModel()) {
    let error: unknown;
    try {
      const job = await retrain.start(await options.input());
      await retrain.idle();
      const finished = await retrain.get(job.id);
      if (finished?.status === 'succeeded' || options.hasModel()) return;
      error = finished?.error ?? `job ${job.id} is ${finished?.status ?? 'gone'}`;
    } catch (thrown) {
      if ((thrown as { code?: unknown }).code !== 'ERR_RETRAIN_RUNNING') throw thrown;
      // Another job (an admin's, another instance's) may bring the model; look again later.
      logger.info('a job is already running; its model will be loaded when it finishes');
      error = undefined;
    }
    if (signal.aborted || options.hasModel()) return;
    attempt += 1;
    const delayMs = Math.min(options.firstDelayMs * 2 ** (attempt - 1), options.maxDelayMs);
    if (error !== undefined) logger.warn('the first training failed; retrying', { attempt, retryInSeconds: delayMs / 1000, error });
    await sleep(delayMs, undefined, { signal }).catch(() => undefined);
  }
}
