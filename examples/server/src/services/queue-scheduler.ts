import type { PipelineQueue, QueueRunRecord, ScheduleFeedOptions } from '@msr/pipeline';
import { ServerError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import type { Scheduler, SchedulerHealth, SchedulerRun, SchedulerStatus } from './scheduler.js';

/** Options of {@link QueueScheduler}. */
export interface QueueSchedulerOptions {
  queue: PipelineQueue;
  logger: Logger;
  enabled: boolean;
  /** The feed runs' options (root, files, tracking, threshold…), the cron pattern and timezone. */
  feed: ScheduleFeedOptions;
  /** Starts a feed run now and resolves when it ends (a feed job of the retrain runner). */
  runFeed: () => Promise<unknown>;
  /**
   * How often the schedule is checked in Redis and put back when it is missing (Redis restarted
   * without persistence, or evicted it); the first check that succeeds after Redis was
   * unreachable re-asserts it too. @default 30000
   */
  checkMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** A check that gets no answer within this is reported as Redis being unreachable. */
const CHECK_TIMEOUT_MS = 5_000;

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
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;
  #health: SchedulerHealth | undefined;
  #now: () => number;

  constructor(options: QueueSchedulerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    if (!this.#o.enabled || this.#timer) return;
    this.#starting = this.#o.queue.scheduleFeed(this.#o.feed).then(
      () => {
        this.#health = { ok: true, checkedAt: this.#now(), message: 'scheduled on the queue' };
        this.#o.logger.info('feed scheduled on the queue', { cron: this.#o.feed.cron, timezone: this.#o.feed.timezone ?? 'UTC' });
      },
      (error: unknown) => {
        this.#health = { ok: false, checkedAt: this.#now(), message: `could not schedule the feed: ${(error as Error).message}` };
        this.#o.logger.error('could not schedule the feed on the queue', { error });
      },
    );
    // BullMQ keeps the schedule only in Redis: a restart without persistence (or an eviction)
    // loses it silently, and no tick would run until a server restarted.
    this.#timer = setInterval(() => void this.check(), this.#o.checkMs ?? 30_000);
    this.#timer.unref();
  }

  /** Checks that the schedule is in Redis and schedules it again when it is not; the result is the status's `health`. */
  check(): Promise<void> {
    this.#checking ??= this.#check().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #check(): Promise<void> {
    const { queue, feed, logger } = this.#o;
    const wasDown = this.#health?.ok === false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
    });
    try {
      const { schedule } = await Promise.race([queue.status(1), timeout]);
      if (schedule && schedule.pattern === feed.cron && !wasDown) {
        this.#health = { ok: true, checkedAt: this.#now(), message: 'in place' };
        return;
      }
      await Promise.race([queue.scheduleFeed(feed), timeout]);
      const message = schedule ? 'Redis was unreachable; the schedule was put back when it answered again' : 'the schedule was missing from Redis (restarted without persistence?) and was put back';
      this.#health = { ok: true, checkedAt: this.#now(), message };
      logger.warn(`feed schedule re-asserted: ${message}`, { cron: feed.cron });
    } catch (error) {
      this.#health = { ok: false, checkedAt: this.#now(), message: `Redis cannot be reached: ${(error as Error).message}; the schedule is put back when it answers` };
      logger.warn('could not check the feed schedule in Redis', { error });
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#starting;
    await this.#checking;
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
      ...(this.#health ? { health: this.#health } : {}),
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
    if (this.#busy || holder) throw new ServerError('ERR_SCHEDULER_BUSY', `a run is in progress${holder ? ` (${holder.runId} on ${holder.host})` : ''}; try again when it ends`);
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
