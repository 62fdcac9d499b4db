import { z } from 'zod';
import { ValidationError } from '../http/errors.js';

/** The named ranges the monitoring page offers. */
export const NAMED_RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, all: Number.POSITIVE_INFINITY } as const;
/** One of {@link NAMED_RANGES}. */
export type NamedRange = keyof typeof NAMED_RANGES;

/** A resolved time range, `from <= t < to`, ms since the epoch. */
export interface TimeRange {
  from: number;
  to: number;
  /** The named range it came from, or `custom`. */
  label: NamedRange | 'custom';
}

const RANGE_NAMES = Object.keys(NAMED_RANGES) as [NamedRange, ...NamedRange[]];
/** A bound: an ISO 8601 date and time; an empty field (the page's form sends both) is no bound. */
const bound = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.iso.datetime({ offset: true, error: 'is not a date and time; write it like 2026-01-01T00:00:00Z' }).optional(),
);

const querySchema = z.strictObject({
  range: z.enum(RANGE_NAMES, { error: `must be one of ${RANGE_NAMES.join(', ')}` }).optional(),
  from: bound,
  to: bound,
});

/**
 * Reads `?range=24h` or `?from=…&to=…` (ISO 8601). Defaults to the last 24 hours. Throws a 400
 * {@link ValidationError} for anything else.
 */
export function parseTimeRange(query: Record<string, string>, now: number): TimeRange {
  const result = querySchema.safeParse(query);
  if (!result.success) {
    throw new ValidationError('time range', result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })));
  }
  const { range, from, to } = result.data;
  if (from !== undefined || to !== undefined) {
    if (range !== undefined) throw new ValidationError('time range', [{ path: ['range'], message: 'give either range or from/to, not both' }]);
    const start = from === undefined ? 0 : Date.parse(from);
    const end = to === undefined ? now + 1 : Date.parse(to);
    if (start >= end) throw new ValidationError('time range', [{ path: ['from'], message: to === undefined ? 'must be before now' : 'must be before to' }]);
    return { from: start, to: end, label: 'custom' };
  }
  const label = range ?? '24h';
  const span = NAMED_RANGES[label];
  return { from: Number.isFinite(span) ? now - span : 0, to: now + 1, label };
}
