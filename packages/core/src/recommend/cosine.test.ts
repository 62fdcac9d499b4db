import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from './cosine.js';

describe('cosineSimilarity', () => {
  it('is the cosine of the angle: 1 along, 0 across, −1 against', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 15);
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0);
    expect(cosineSimilarity([2, 0], [-1, 0])).toBe(-1);
    // 1·4 + 2·5 + 3·6 = 32 over √14 · √77 (by hand: 0.974631846…).
    expect(cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(32 / Math.sqrt(14 * 77), 15);
    expect(cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.9746318461970762, 12);
    // Only the direction counts, not the length; and the order of the arguments does not.
    expect(cosineSimilarity([3, 4], [6, -8])).toBeCloseTo((18 - 32) / (5 * 10), 15);
    expect(cosineSimilarity([6, -8], [3, 4])).toBeCloseTo(-0.28, 15);
  });

  it('is 0, not NaN, when either vector is all zeros', () => {
    expect(cosineSimilarity([0, 0], [1, 2])).toBe(0);
    expect(cosineSimilarity([1, 2], [0, 0])).toBe(0);
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(0);
  });
});
