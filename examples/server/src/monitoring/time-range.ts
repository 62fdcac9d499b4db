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

const querySchema = z.strictObject({
  range: z.enum(Object.keys(NAMED_RANGES) as [NamedRange, ...NamedRange[]]).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
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
    if (start >= end) throw new ValidationError('time range', [{ path: ['from'], message: 'from must be before to' }]);
    return { from: start, to: end, label: 'custom' };
  }
  const label = range ?? '24h';
  const span = NAMED_RANGES[label];
  return { from: Number.isFinite(span) ? now - span : 0, to: now + 1, label };
}
