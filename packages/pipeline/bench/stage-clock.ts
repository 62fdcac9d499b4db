/**
 * Per-stage wall and CPU time of a pipeline run, from its events: the process's CPU time
 * (`process.cpuUsage()`: every thread of the pipeline process — the main thread, the classifier's
 * fit worker, V8's garbage-collector helpers and libuv's pool) is read at each stage's start and
 * end. Stages the runner ran at the same time (the classifier in its worker while clustering and
 * the classifier's evaluation run on the main thread) cannot be told apart in a process figure:
 * they are reported as one overlapping group with one CPU figure, and each stage with its own
 * wall time.
 *
 * Where the wall clock went, for the main thread (where every stage but the classifier's fit
 * runs): on a core, ready but waiting for one (the run queue: other work on the machine), or
 * neither — blocked on I/O, a timer, an HTTP round-trip or the fit worker. Linux's
 * `/proc/thread-self/schedstat` gives the first two; elsewhere they are not shown.
 */
import { readFileSync } from 'node:fs';
import type { PipelineEvent } from '../src/index.js';

/** A point of the run: wall clock (ms, `performance.now()`), process CPU (user + system, ms) and the main thread's schedstat. */
export interface ClockSample {
  wallMs: number;
  cpuMs: number;
  /** The main thread's time on a core and waiting in the run queue, ms; undefined without `/proc`. */
  main?: { runMs: number; queuedMs: number };
}

/** One stage's interval. */
export interface StageSpan {
  name: string;
  start: ClockSample;
  end: ClockSample;
}

/** Stages whose intervals overlap, with the group's wall and CPU time (one stage alone is a group of one). */
export interface StageGroup {
  stages: { name: string; wallS: number }[];
  wallS: number;
  cpuS: number;
  /** The main thread over the group's interval (see {@link mainThreadSplit}). */
  main: ReturnType<typeof mainThreadSplit>;
}

/** The process's CPU time so far, in ms. */
export function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The calling thread's schedstat (ns on a core, ns in the run queue), in ms; undefined where there is none. */
function threadSchedstat(): ClockSample['main'] {
  try {
    const [run, queued] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { runMs: run! / 1e6, queuedMs: queued! / 1e6 };
  } catch {
    return undefined;
  }
}

/** A clock sample now (on the main thread: the runner's events are delivered there). */
export function sampleNow(): ClockSample {
  const main = threadSchedstat();
  return { wallMs: performance.now(), cpuMs: cpuNowMs(), ...(main ? { main } : {}) };
}

/** Where the main thread's wall time between two samples went, in s: on a core, waiting for one, neither (blocked). */
export function mainThreadSplit(start: ClockSample, end: ClockSample): { runS: number; queuedS: number; blockedS: number } | undefined {
  if (!start.main || !end.main) return undefined;
  const runS = (end.main.runMs - start.main.runMs) / 1000;
  const queuedS = (end.main.queuedMs - start.main.queuedMs) / 1000;
  return { runS, queuedS, blockedS: Math.max(0, (end.wallMs - start.wallMs) / 1000 - runS - queuedS) };
}

/** Records every stage's start and end sample from the runner's events (pass {@link StageClock.onEvent} as `onEvent`). */
export class StageClock {
  readonly #open = new Map<string, ClockSample>();
  readonly spans: StageSpan[] = [];
  runStart: ClockSample | undefined;
  runEnd: ClockSample | undefined;

  readonly onEvent = (event: PipelineEvent): void => {
    const now = sampleNow();
    if (event.type === 'run-start') this.runStart = now;
    else if (event.type === 'run-done') this.runEnd = now;
    else if (event.type === 'stage-start') this.#open.set(event.stage, now);
    else if (event.type === 'stage-done' || event.type === 'stage-fail') {
      const start = this.#open.get(event.stage);
      if (start) this.spans.push({ name: event.stage, start, end: now });
      this.#open.delete(event.stage);
    }
  };
}

/**
 * The spans as groups of overlapping stages, in start order: a group's wall time runs from its
 * first start to its last end, its CPU time is the process's over that interval.
 */
export function groupOverlapping(spans: readonly StageSpan[]): StageGroup[] {
  const sorted = [...spans].sort((a, b) => a.start.wallMs - b.start.wallMs);
  const groups: { members: StageSpan[]; start: ClockSample; end: ClockSample }[] = [];
  for (const span of sorted) {
    const last = groups.at(-1);
    if (last && span.start.wallMs < last.end.wallMs) {
      last.members.push(span);
      if (span.end.wallMs > last.end.wallMs) last.end = span.end;
    } else {
      groups.push({ members: [span], start: span.start, end: span.end });
    }
  }
  return groups.map((g) => ({
    stages: g.members.map((m) => ({ name: m.name, wallS: (m.end.wallMs - m.start.wallMs) / 1000 })),
    wallS: (g.end.wallMs - g.start.wallMs) / 1000,
    cpuS: (g.end.cpuMs - g.start.cpuMs) / 1000,
    main: mainThreadSplit(g.start, g.end),
  }));
}

/**
 * CPU seconds (user + system) of a process and all its descendants alive or reaped, from
 * `/proc/<pid>/stat` (Linux; undefined elsewhere or when it is gone): an MLflow server's time
 * (`mlflow server` runs its web workers as child processes), shown apart from the pipeline's.
 */
export async function processTreeCpuS(pid: number): Promise<number | undefined> {
  const { readdir, readFile } = await import('node:fs/promises');
  const stat = async (id: number): Promise<{ ppid: number; ticks: number } | undefined> => {
    try {
      const text = await readFile(`/proc/${id}/stat`, 'utf8');
      // The fields after the command name (which may hold spaces, inside parentheses): state
      // first, so ppid is field 4 (index 1) and utime, stime, cutime, cstime fields 14–17.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(fields[1]), ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) };
    } catch {
      return undefined;
    }
  };
  const root = await stat(pid);
  if (!root) return undefined;
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = await stat(Number(name));
    if (s) all.set(Number(name), s);
  }
  let ticks = 0;
  const walk = (id: number): void => {
    ticks += all.get(id)?.ticks ?? 0;
    for (const [child, s] of all) if (s.ppid === id) walk(child);
  };
  walk(pid);
  // USER_HZ: 100 on every Linux this runs on.
  return ticks / 100;
}
