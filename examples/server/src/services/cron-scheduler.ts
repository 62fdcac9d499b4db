import { Cron } from 'croner';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ServerError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import type { Scheduler, SchedulerRun, SchedulerStatus, SchedulerTask } from './scheduler.js';

/** Options of {@link CronScheduler}. */
export interface CronSchedulerOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  task: SchedulerTask;
  /** Cron pattern, 5 or 6 fields. */
  cron: string;
  /** IANA timezone the pattern is read in. @default 'UTC' */
  timezone?: string;
  /** Name of the lease and of the runs. @default 'feed' */
  name?: string;
  /**
   * A run holds the lease this long, renewed every third of it while it runs; a process that
   * dies mid-run blocks the schedule at most this long, and its run is then marked failed.
   * @default 60 s
   */
  leaseMs?: number;
  /** When `false`, `start()` schedules nothing (manual runs still work). @default true */
  enabled?: boolean;
  /** This process's id in the lease. @default a random UUID */
  holderId?: string;
}

/**
 * A {@link Scheduler} on croner (`protect` stops a slow run from overlapping the next one in
 * this process) plus a lease row in the database, so several processes on one database run each
 * slot once: the first to move the lease's `last_slot` forward wins, the rest skip.
 */
export class CronScheduler implements Scheduler {
  readonly holderId: string;
  private readonly name: string;
  private readonly leaseMs: number;
  private readonly timezone: string;
  private readonly pattern: Cron;
  private job: Cron | undefined;
  private current: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: CronSchedulerOptions) {
    this.name = options.name ?? 'feed';
    this.leaseMs = options.leaseMs ?? 60_000;
    this.timezone = options.timezone ?? 'UTC';
    this.holderId = options.holderId ?? crypto.randomUUID();
    // Validates the pattern and timezone at construction, not at the first tick.
    this.pattern = new Cron(options.cron, { timezone: this.timezone, paused: true });
  }

  start(): void {
    if (this.job || this.options.enabled === false) return;
    this.job = new Cron(
      this.options.cron,
      {
        timezone: this.timezone,
        protect: () => this.options.logger.warn('scheduler tick skipped: the previous run is still going', { name: this.name }),
        catch: (error: unknown) => this.options.logger.error('scheduler tick failed', { name: this.name, error }),
      },
      async () => {
        await this.tick('schedule', this.slotAt(this.options.clock.now()));
      },
    );
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    this.abort.abort(new Error('the server is shutting down'));
    await this.idle();
  }

  async idle(): Promise<void> {
    await this.current;
  }

  /** The cron slot a tick at `now` belongs to (the latest scheduled time not after it). */
  slotAt(now: number): number {
    return this.pattern.previousRuns(1, new Date(now))[0]?.getTime() ?? now;
  }

  /**
   * Runs the task for `slot` if this process wins the lease; returns the run, or `undefined`
   * when another process holds the lease or has already run the slot.
   */
  async tick(trigger: 'schedule' | 'manual', slot: number): Promise<SchedulerRun | undefined> {
    if (this.current) return undefined;
    const { db, clock, logger } = this.options;
    const now = clock.now();
    await this.failAbandoned();
    await db.execute({ sql: 'INSERT INTO scheduler_lease (name) VALUES (?) ON CONFLICT(name) DO NOTHING', args: [this.name] });
    const won = await db.execute({
      sql: `UPDATE scheduler_lease SET holder = ?, expires_at = ?, last_slot = CASE WHEN ? = 'schedule' THEN ? ELSE last_slot END
            WHERE name = ? AND expires_at <= ? AND (? = 'manual' OR last_slot < ?)`,
      args: [this.holderId, now + this.leaseMs, trigger, slot, this.name, now, trigger, slot],
    });
    if (won.rowsAffected === 0) {
      logger.debug('scheduler slot taken by another process or already run', { name: this.name, slot });
      return undefined;
    }
    const inserted = await db.execute({
      sql: `INSERT INTO scheduler_runs (name, slot, trigger, holder, started_at, status) VALUES (?, ?, ?, ?, ?, 'running') RETURNING id`,
      args: [this.name, slot, trigger, this.holderId, now],
    });
    const id = Number(inserted.rows[0]?.['id']);
    const run: SchedulerRun = { id, slot, trigger, holder: this.holderId, startedAt: now, status: 'running' };
    this.current = this.execute(run).finally(() => {
      this.current = undefined;
    });
    return run;
  }

  async runNow(): Promise<SchedulerRun> {
    const run = await this.tick('manual', this.options.clock.now());
    if (!run) throw new ServerError('ERR_SCHEDULER_BUSY', `a "${this.name}" run is in progress; wait for it to finish`);
    return run;
  }

  async status(): Promise<SchedulerStatus> {
    const rows = await this.options.db.execute({ sql: 'SELECT holder, expires_at, last_slot FROM scheduler_lease WHERE name = ?', args: [this.name] });
    const row = rows.rows[0];
    const next = this.options.enabled === false ? null : this.pattern.nextRun(new Date(this.options.clock.now()));
    const status: SchedulerStatus = {
      enabled: this.options.enabled !== false,
      name: this.name,
      cron: this.options.cron,
      timezone: this.timezone,
      holderId: this.holderId,
      busy: this.current !== undefined,
    };
    if (next) status.nextRunAt = next.getTime();
    if (row) {
      status.lease = {
        holder: row['holder'] === null ? null : String(row['holder']),
        expiresAt: Number(row['expires_at']),
        lastSlot: Number(row['last_slot']),
      };
    }
    return status;
  }

  /**
   * Marks failed the `running` runs whose process no longer holds the lease (it died mid-run
   * and stopped renewing), so no run shows `running` for a dead process.
   */
  async failAbandoned(): Promise<number> {
    const now = this.options.clock.now();
    const result = await this.options.db.execute({
      sql: `UPDATE scheduler_runs SET status = 'failed', finished_at = ?, error = 'interrupted: the process running it stopped renewing its lease'
            WHERE name = ? AND status = 'running' AND holder <> ?
              AND NOT EXISTS (SELECT 1 FROM scheduler_lease l WHERE l.name = scheduler_runs.name AND l.holder = scheduler_runs.holder AND l.expires_at > ?)`,
      args: [now, this.name, this.holderId, now],
    });
    return result.rowsAffected;
  }

  async runs(limit = 20): Promise<SchedulerRun[]> {
    await this.failAbandoned();
    const rows = await this.options.db.execute({
      sql: 'SELECT * FROM scheduler_runs WHERE name = ? ORDER BY started_at DESC, id DESC LIMIT ?',
      args: [this.name, limit],
    });
    return rows.rows.map(toRun);
  }

  private async execute(run: SchedulerRun): Promise<void> {
    const { db, clock, logger } = this.options;
    const renew = setInterval(() => {
      void db
        .execute({ sql: 'UPDATE scheduler_lease SET expires_at = ? WHERE name = ? AND holder = ?', args: [clock.now() + this.leaseMs, this.name, this.holderId] })
        .catch((error: unknown) => logger.error('could not renew the scheduler lease', { name: this.name, error }));
    }, Math.max(1_000, this.leaseMs / 3));
    let status: 'succeeded' | 'failed' = 'succeeded';
    let summary: Record<string, unknown> | undefined;
    let error: string | undefined;
    try {
      summary = (await this.options.task({ signal: this.abort.signal, slot: run.slot, trigger: run.trigger })) ?? undefined;
    } catch (cause) {
      status = 'failed';
      error = cause instanceof Error ? cause.message : String(cause);
      logger.warn('scheduled run failed', { name: this.name, runId: run.id, error: cause });
    } finally {
      clearInterval(renew);
    }
    await db
      .batch(
      [
        {
          sql: 'UPDATE scheduler_runs SET status = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?',
          args: [status, clock.now(), summary === undefined ? null : JSON.stringify(summary), error ?? null, run.id],
        },
        { sql: 'UPDATE scheduler_lease SET expires_at = 0 WHERE name = ? AND holder = ?', args: [this.name, this.holderId] },
      ],
      'write',
    )
      .catch((cause: unknown) => logger.error('could not record the end of a scheduled run', { name: this.name, runId: run.id, error: cause }));
  }
}

function toRun(row: Record<string, unknown>): SchedulerRun {
  const run: SchedulerRun = {
    id: Number(row['id']),
    slot: Number(row['slot']),
    trigger: row['trigger'] === 'manual' ? 'manual' : 'schedule',
    holder: String(row['holder']),
    startedAt: Number(row['started_at']),
    status: String(row['status']) as SchedulerRun['status'],
  };
  if (row['finished_at'] !== null) run.finishedAt = Number(row['finished_at']);
  if (row['summary'] !== null) run.summary = JSON.parse(String(row['summary'])) as Record<string, unknown>;
  if (row['error'] !== null) run.error = String(row['error']);
  return run;
}
