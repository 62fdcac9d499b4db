import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from baseMs up to maxMs', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 3_000 }))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('with jitter, draws between half the delay and all of it', () => {
    expect(backoffDelay(3, { baseMs: 500, maxMs: 30_000, random: () => 0 })).toBe(1000);
    expect(backoffDelay(3, { baseMs: 500, maxMs: 30_000, random: () => 0.5 })).toBe(1500);
  });
});
