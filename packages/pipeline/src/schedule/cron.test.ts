import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCron } from './cron.js';

const at = (iso: string): number => Date.parse(iso);

describe('cron', () => {
  it('finds the next firing minute, like the original DAG (20 * * * *)', () => {
    expect(new Date(nextCronTime(parseCron('20 * * * *'), at('2026-01-01T10:19:30Z'))).toISOString()).toBe('2026-01-01T10:20:00.000Z');
    expect(new Date(nextCronTime(parseCron('20 * * * *'), at('2026-01-01T10:20:00Z'))).toISOString()).toBe('2026-01-01T11:20:00.000Z');
    expect(new Date(nextCronTime(parseCron('*/15 9-17 * * 1-5'), at('2026-01-03T12:00:00Z'))).toISOString()).toBe('2026-01-05T09:00:00.000Z'); // Saturday → Monday
    expect(new Date(nextCronTime(parseCron('0 0 1 * 7'), at('2026-02-02T00:00:00Z'))).toISOString()).toBe('2026-02-08T00:00:00.000Z'); // day 1 OR Sunday
    expect(new Date(nextCronTime(parseCron('0 12 29 2 *'), at('2026-03-01T00:00:00Z'))).toISOString()).toBe('2028-02-29T12:00:00.000Z');
  });

  it('names the wrong field', () => {
    expect(() => parseCron('20 * * *')).toThrow('expected 5 fields');
    expect(() => parseCron('61 * * * *')).toThrow('minute field "61": values must be 0–59');
    expect(() => parseCron('* * * jan *')).toThrow('month field "jan"');
    expect(() => nextCronTime(parseCron('0 0 31 2 *'), 0)).toThrow('never fires');
  });
});
