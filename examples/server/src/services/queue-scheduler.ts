import type { PipelineQueue, QueueRunRecord, ScheduleFeedOptions } from '@msr/pipeline';
import { HttpError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import type { Scheduler, SchedulerRun, SchedulerStatus } from '../seams/scheduler.js';

/** Options of {@link QueueScheduler}. */
export interface QueueSchedulerOptions {
  queue: PipelineQueue;
  logger: Logger;
  enabled: boolean;
  /** The feed runs' options (root, files, tracking, threshold…), the cron pattern and timezone. */
  feed: ScheduleFeedOptions;
  /** Starts a feed run now and resolves when it ends (a feed job of the retrain runner). */
  runFeed: () => Promise<unknown>;
}

/**
 * The {@link Scheduler} of a server on Redis: the feed is a BullMQ job scheduler
 * (`PipelineQueue.scheduleFeed`), so however many instances start, there is one schedule and one
 * run per tick, taken by a worker; the run lock keeps it from overlapping a retrain. Stopping an
 * instance leaves the schedule to the others. Runs are read back from the queue's records.
 */
export class QueueScheduler implements Scheduler {
  readonly #o: QueueSchedulerOptions;
  #starting: Promise<void> = Promise.resolve();
  #manual: Promise<unknown> = Promise.resolve();
  #busy = false;

  constructor(options: QueueSchedulerOptions) {
    this.#o = options;
  }

  start(): void {
    if (!this.#o.enabled) return;
    this.#starting = this.#o.queue.scheduleFeed(this.#o.feed).then(
      () => this.#o.logger.info('feed scheduled on the queue', { cron: this.#o.feed.cron, timezone: this.#o.feed.timezone ?? 'UTC' }),
      (error: unknown) => this.#o.logger.error('could not schedule the feed on the queue', { error }),
    );
  }

  async stop(): Promise<void> {
    await this.#starting;
    await this.idle();
  }

  async status(): Promise<SchedulerStatus> {
    const status = await this.#o.queue.status(1);
    const lastSlot = status.runs.find((r) => r.scheduled)?.startedAt ?? 0;
    return {
      enabled: this.#o.enabled,
      name: 'feed (BullMQ job scheduler)',
      cron: status.schedule?.pattern ?? this.#o.feed.cron,
      timezone: status.schedule?.timezone ?? this.#o.feed.timezone ?? 'UTC',
      holderId: 'queue',
      ...(status.schedule?.next !== undefined ? { nextRunAt: status.schedule.next } : {}),
      busy: this.#busy || status.runLock !== null,
      lease: { holder: status.runLock ? `${status.runLock.runId} (${status.runLock.host})` : null, expiresAt: status.runLock?.heartbeatAt ?? 0, lastSlot },
    };
  }

  async runs(limit = 20): Promise<SchedulerRun[]> {
    const { runs } = await this.#o.queue.status(100);
    return runs
      .filter((r) => r.kind === 'feed')
      .slice(0, limit)
      .map((r, i) => toSchedulerRun(r, i));
  }

  async runNow(): Promise<SchedulerRun> {
    const holder = (await this.#o.queue.status(0)).runLock;
    if (this.#busy || holder) throw new HttpError(409, 'ERR_SCHEDULER_BUSY', `a run is in progress${holder ? ` (${holder.runId} on ${holder.host})` : ''}; try again when it ends`);
    this.#busy = true;
    const startedAt = Date.now();
    this.#manual = this.#o
      .runFeed()
      .catch((error: unknown) => this.#o.logger.warn('the feed run failed', { error }))
      .finally(() => (this.#busy = false));
    return { id: 0, slot: startedAt, trigger: 'manual', holder: 'queue', startedAt, status: 'running' };
  }

  async idle(): Promise<void> {
    await this.#manual;
  }
}

function toSchedulerRun(record: QueueRunRecord, index: number): SchedulerRun {
  const run: SchedulerRun = {
    id: index + 1,
    slot: record.startedAt,
    trigger: record.scheduled ? 'schedule' : 'manual',
    holder: 'queue',
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    status: record.status === 'succeeded' ? 'succeeded' : 'failed',
    summary: { runId: record.runId, ran: record.ran, ...(record.feed ?? {}) },
  };
  if (record.status === 'busy') run.error = 'skipped: another run held the lock';
  else if (record.error) run.error = record.error.message;
  return run;
}
