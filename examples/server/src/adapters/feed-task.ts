import { setTimeout as sleep } from 'node:timers/promises';
import { paramsForJob, type ParamsStore } from '../services/params-store.js';
import type { ForkRetrainRunner } from '../services/fork-retrain-runner.js';
import type { RetrainJob } from '../services/retrain-job.js';
import type { SchedulerTask } from '../services/scheduler.js';

/** Options of {@link feedTask}. */
export interface FeedTaskOptions {
  retrain: Pick<ForkRetrainRunner, 'start' | 'get' | 'list'>;
  params: ParamsStore<unknown>;
  /** How often a waiting task looks at the job table, in ms. @default 1000 */
  pollMs?: number;
}

/**
 * The scheduled task: runs the feed as a `feed` job of the retrain runner, so it shares the one
 * job slot with manual retrains. When a job is running (a retrain an admin started, possibly in
 * another process), the task waits for it rather than colliding with it, then runs the feed.
 * The run's summary says what it waited for and what the feed did.
 */
export function feedTask(options: FeedTaskOptions): SchedulerTask {
  const pollMs = options.pollMs ?? 1_000;
  const { retrain } = options;
  return async ({ signal, trigger }) => {
    const waitedFor: string[] = [];
    let job: RetrainJob | undefined;
    while (!job) {
      signal.throwIfAborted();
      try {
        job = await retrain.start({ kind: 'feed', requestedBy: trigger === 'manual' ? 'scheduler (run now)' : 'scheduler', ...(await paramsForJob(options.params)) });
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ERR_RETRAIN_RUNNING') throw error;
        const active = (await retrain.list(10)).find((j) => j.status === 'running');
        if (active && !waitedFor.includes(active.id)) waitedFor.push(active.id);
        if (active) await untilDone(retrain, active.id, pollMs, signal);
      }
    }
    const done = await untilDone(retrain, job.id, pollMs, signal);
    if (done?.status === 'failed') throw new Error(`feed job ${job.id} failed: ${done.error ?? 'no reason given'}`);
    const result = (done?.result ?? {}) as { feed?: Record<string, unknown>; ran?: string[] };
    return { jobId: job.id, ...(waitedFor.length > 0 ? { waitedFor } : {}), ...result.feed };
  };
}

/** Waits until job `id` is no longer running; resolves with its end state. */
async function untilDone(retrain: FeedTaskOptions['retrain'], id: string, pollMs: number, signal: AbortSignal): Promise<RetrainJob | undefined> {
  for (;;) {
    const job = await retrain.get(id);
    if (job?.status !== 'running') return job;
    await sleep(pollMs, undefined, { signal });
  }
}
