/** One run of the scheduled task, as recorded in `scheduler_runs`. */
export interface SchedulerRun {
  id: number;
  /** The cron slot it ran for (ms since the epoch); for a manual run, when it was asked for. */
  slot: number;
  trigger: 'schedule' | 'manual';
  /** Id of the process that ran it. */
  holder: string;
  startedAt: number;
  finishedAt?: number;
  status: 'running' | 'succeeded' | 'failed';
  /** What the task returned. */
  summary?: Record<string, unknown>;
  error?: string;
}

/** The scheduler's state, for the admin page. */
export interface SchedulerStatus {
  enabled: boolean;
  name: string;
  cron: string;
  timezone: string;
  /** This process's id in the lease. */
  holderId: string;
  /** Next scheduled slot, ms since the epoch. */
  nextRunAt?: number;
  /** A run is in progress in this process. */
  busy: boolean;
  /** Who holds the lease (any process) and until when. */
  lease?: { holder: string | null; expiresAt: number; lastSlot: number };
  /** Whether the schedule is really in place (on Redis: checked periodically and re-asserted). */
  health?: SchedulerHealth;
}

/** The last check that the schedule is in place. */
export interface SchedulerHealth {
  ok: boolean;
  /** When it was checked, ms since the epoch. */
  checkedAt: number;
  /** What the check found or did, in a sentence. */
  message: string;
}

/** What a scheduled task receives. */
export interface SchedulerTaskContext {
  /** Aborted when the server shuts down; a task should stop soon after. */
  signal: AbortSignal;
  slot: number;
  trigger: 'schedule' | 'manual';
}

/** The scheduled work; what it returns is recorded as the run's summary. */
export type SchedulerTask = (context: SchedulerTaskContext) => Promise<Record<string, unknown> | void>;

/**
 * Runs a task (the feed: `@msr/pipeline` `runFeed` as a job of the retrain runner) on a cron
 * schedule, at most once per slot across every deployment process: `CronScheduler` (croner and a
 * lease row in the database) or, on Redis, `QueueScheduler` (a BullMQ job scheduler).
 */
export interface Scheduler {
  start(): void;
  /** Stops scheduling, aborts a running task and waits for it. */
  stop(): Promise<void>;
  status(): Promise<SchedulerStatus>;
  /** Most recent first. */
  runs(limit?: number): Promise<SchedulerRun[]>;
  /** Runs the task now (`ERR_SCHEDULER_BUSY` if a run holds the lease); returns once it has started. */
  runNow(): Promise<SchedulerRun>;
  /** Resolves when no run of this process is in progress. */
  idle(): Promise<void>;
}
