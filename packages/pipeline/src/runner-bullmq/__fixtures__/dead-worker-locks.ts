/**
 * Ends the job locks of a worker the test killed, so another worker retries its jobs at its next
 * stalled-job check instead of when the locks run out.
 *
 * A BullMQ job lock is a Redis key with an expiry that its worker renews; a job whose lock is
 * gone is "stalled" and is retried elsewhere. Tests that kill a worker used to give the workers
 * 2 s locks so the takeover came quickly, but on a loaded machine a *live* worker misses a
 * 1 s renewal too, its job stalls and is run twice, and after `maxStalledCount` stalls the run
 * fails ("job stalled more than allowable limit"). So the workers keep their long default locks
 * (60 s: no renewal is that late), and the test moves the clock of the dead worker's locks only:
 * it deletes them, which is what their expiry would do, once the process is gone.
 */
import { loadQueueModules, redisOptions } from '../load-bullmq.js';

/** A job a worker's `--json` log says it started and never finished. */
export interface UnfinishedJob {
  queue: string;
  jobId: string;
  name: string;
}

/**
 * The jobs a worker held when it died: started in its `--json` log, with no `job-done` or
 * `job-failed` after (a finished or failed job's lock is released by BullMQ).
 */
export function unfinishedJobs(log: string): UnfinishedJob[] {
  const open = new Map<string, UnfinishedJob>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: { type?: string; queue?: string; jobId?: string; name?: string };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue; // a line cut off by the kill
    }
    if (typeof event.queue !== 'string' || typeof event.jobId !== 'string') continue;
    const key = `${event.queue}\n${event.jobId}`;
    if (event.type === 'job-start') open.set(key, { queue: event.queue, jobId: event.jobId, name: event.name ?? '' });
    else if (event.type === 'job-done' || event.type === 'job-failed') open.delete(key);
  }
  return [...open.values()];
}

/**
 * Deletes the locks of a dead worker's jobs (BullMQ keeps a job's lock at
 * `<prefix>:<queue>:<jobId>:lock`). Only for a worker that has exited: a live one would find its
 * lock gone at its next renewal and lose the job.
 * @returns the jobs whose lock was still there.
 */
export async function expireLocksOf(redisUrl: string, prefix: string, jobs: readonly UnfinishedJob[]): Promise<UnfinishedJob[]> {
  const client = (await loadQueueModules()).connect(redisOptions(redisUrl));
  try {
    const deleted = await Promise.all(jobs.map((job) => client.del(`${prefix}:${job.queue}:${job.jobId}:lock`)));
    return jobs.filter((_, i) => deleted[i] === 1);
  } finally {
    await client.quit();
  }
}
