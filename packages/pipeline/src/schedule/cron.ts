import { PipelineError } from '../errors/pipeline-error.js';

/** A parsed five-field cron expression (minute hour day-of-month month day-of-week), in UTC. */
export interface Cron {
  readonly expression: string;
  /** The allowed values of each field. */
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  /** Whether day-of-month / day-of-week were restricted (cron ORs them when both are). */
  readonly daysRestricted: boolean;
  readonly weekdaysRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/**
 * Parses a cron expression as Airflow and BullMQ write them: five fields of `*`, numbers, lists
 * (`1,15`), ranges (`1-5`) and steps (`*\/10`, `0-30/5`); day of week 0 or 7 is Sunday.
 *
 * @throws {@link PipelineError} `ERR_INVALID_CRON` (bad input) naming the field that is wrong.
 *
 * @example
 * ```ts
 * nextCronTime(parseCron('20 * * * *'), Date.now()); // the next hh:20 UTC, like the original DAG
 * ```
 */
export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  const fail = (message: string): never => {
    throw new PipelineError('ERR_INVALID_CRON', `cron "${expression}": ${message}`, { badInput: true });
  };
  if (parts.length !== 5) fail(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const sets = parts.map((part, i) => {
    const { name, min, max } = FIELDS[i]!;
    const values = new Set<number>();
    for (const item of part.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      if (!m) fail(`${name} field "${part}": "${item}" is not a number, range, list or step`);
      const [, all, from, to, step] = m!;
      const lo = all === '*' ? min : Number(from);
      const hi = all === '*' ? max : to !== undefined ? Number(to) : step !== undefined ? max : lo;
      const by = step === undefined ? 1 : Number(step);
      if (lo < min || hi > max || lo > hi) fail(`${name} field "${part}": values must be ${min}–${max}`);
      if (by < 1) fail(`${name} field "${part}": a step must be at least 1`);
      for (let v = lo; v <= hi; v += by) values.add(name === 'day of week' && v === 7 ? 0 : v);
    }
    return values;
  });
  return {
    expression,
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays: sets[4]!,
    daysRestricted: parts[2] !== '*',
    weekdaysRestricted: parts[4] !== '*',
  };
}

/** The first minute strictly after `after` (ms since the epoch) that `cron` fires at, in UTC. */
export function nextCronTime(cron: Cron, after: number): number {
  const t = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
  // A year and a day of minutes covers every expression that can fire at all (e.g. 29 Feb aside).
  for (let i = 0; i < 60 * 24 * 366 * 5; i++) {
    const dayOk =
      cron.daysRestricted && cron.weekdaysRestricted
        ? cron.days.has(t.getUTCDate()) || cron.weekdays.has(t.getUTCDay())
        : cron.days.has(t.getUTCDate()) && cron.weekdays.has(t.getUTCDay());
    if (cron.months.has(t.getUTCMonth() + 1) && dayOk && cron.hours.has(t.getUTCHours()) && cron.minutes.has(t.getUTCMinutes())) return t.getTime();
    t.setTime(t.getTime() + 60_000);
  }
  throw new PipelineError('ERR_INVALID_CRON', `cron "${cron.expression}" never fires`, { badInput: true });
}
