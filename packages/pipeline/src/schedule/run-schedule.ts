import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { LockHeldError } from '../dag/run-lock.js';
import type { Sleep } from '../dag/dag-runner.js';
import { readInput } from '../util/read-input.js';
import { nextCronTime, type Cron } from './cron.js';

/** What an in-process scheduler publishes in `<root>/.msr/schedule.json` (for `msr status`). */
export interface ScheduleState {
  cron: string;
  pid: number;
  host: string;
  startedAt: number;
  /** When it fires next (ms since the epoch). */
  next: number;
  /** The last firing. */
  last?: { at: number; status: 'succeeded' | 'failed' | 'skipped'; runId?: string; message?: string };
  runs: number;
}

/** Where an in-process scheduler of `rootDir` publishes its state. */
export function scheduleFile(rootDir: string): string {
  return join(rootDir, '.msr', 'schedule.json');
}

/** The published schedule of `rootDir`, or `null` when no in-process scheduler runs there. */
export async function readSchedule(rootDir: string): Promise<ScheduleState | null> {
  try {
    return JSON.parse(await readInput(scheduleFile(rootDir))) as ScheduleState;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MISSING_INPUT' || error instanceof SyntaxError) return null;
    throw error;
  }
}

/** Options of {@link runSchedule}. */
export interface RunScheduleOptions {
  rootDir: string;
  cron: Cron;
  /** One scheduled run (the feed DAG); its id is recorded. */
  run: () => Promise<{ runId: string }>;
  /** Stops the scheduler (between runs at once; a running feed sees the signal). */
  signal?: AbortSignal;
  /** Told after every firing. */
  onFired?: (last: NonNullable<ScheduleState['last']>, next: number) => void;
  /** @default Date.now */
  clock?: () => number;
  /** @default a timer */
  sleep: Sleep;
  host: string;
  pid: number;
}

/**
 * Airflow's scheduler for the feed DAG, in this process: fires `run` at every minute `cron`
 * matches (UTC) until `signal` aborts, one run at a time — a firing while another run holds the
 * run lock is skipped, as a DAG with `max_active_runs=1` does, and a failed run does not stop the
 * schedule. The state is published in `.msr/schedule.json` while it runs. Resolves with the
 * number of firings.
 */
export async function runSchedule(options: RunScheduleOptions): Promise<number> {
  const clock = options.clock ?? Date.now;
  const state: ScheduleState = { cron: options.cron.expression, pid: options.pid, host: options.host, startedAt: clock(), next: nextCronTime(options.cron, clock()), runs: 0 };
  const publish = (): Promise<void> => writeFileAtomic(scheduleFile(options.rootDir), `${JSON.stringify(state, null, 2)}\n`);
  try {
    while (!options.signal?.aborted) {
      state.next = nextCronTime(options.cron, clock());
      await publish();
      try {
        await options.sleep(Math.max(0, state.next - clock()), options.signal);
      } catch (error) {
        if (options.signal?.aborted) break;
        throw error;
      }
      const at = clock();
      try {
        const { runId } = await options.run();
        state.last = { at, status: 'succeeded', runId };
      } catch (error) {
        if (options.signal?.aborted) break;
        const e = error as Error;
        state.last = { at, status: error instanceof LockHeldError ? 'skipped' : 'failed', message: e.message.split('\n')[0]! };
      }
      state.runs++;
      options.onFired?.(state.last, nextCronTime(options.cron, clock()));
    }
    return state.runs;
  } finally {
    await rm(scheduleFile(options.rootDir), { force: true });
  }
}
