import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng.js';
import { TopK } from '../top-k.js';
import { scanDots } from './evaluated-system.js';

describe('scanDots', () => {
  it('keeps what a one-row-at-a-time scan keeps, scores bit for bit, for row counts that are not a multiple of four', () => {
    const rng = createPrng(11);
    const d = 13;
    for (const n of [1, 3, 4, 7, 101]) {
      const unit = Float64Array.from({ length: n * d }, () => rng.normal());
      // Rows 0 and 2 equal: a tie, broken by the lower index.
      unit.copyWithin(2 * d, 0, d);
      const query = Float64Array.from({ length: d }, () => rng.normal() / 3);
      const expected = new TopK(9);
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let f = 0; f < d; f++) dot += unit[j * d + f]! * query[f]!;
        expected.push(dot, j);
      }
      const actual = new TopK(9);
      scanDots(unit, d, query, actual);
      expect(actual.sorted()).toEqual(expected.sorted());
    }
  });
});
