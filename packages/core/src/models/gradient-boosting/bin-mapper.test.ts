import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng.js';
import { BinMapper, countBelow } from './bin-mapper.js';

const matrix = (columns: number[][]) => {
  const rows = columns[0]!.length;
  const data = new Float64Array(rows * columns.length);
  columns.forEach((column, f) => column.forEach((value, i) => (data[i * columns.length + f] = value)));
  return { data, rows, cols: columns.length };
};

describe('BinMapper', () => {
  it('puts edges midway between distinct values when there are few', () => {
    const mapper = BinMapper.fit(matrix([[3, 1, 2, 2, 1]]), 255, createPrng(0));
    expect(Array.from(mapper.edges[0]!)).toEqual([1.5, 2.5]);
    expect(Array.from(mapper.transform(matrix([[1, 2, 3, 1.5, 0, 9]])))).toEqual([0, 1, 2, 0, 0, 2]);
  });

  it('uses at most maxBins quantile bins, and bin ≤ t exactly when x ≤ edges[t]', () => {
    const rng = createPrng(1);
    const values = Array.from({ length: 5000 }, () => rng.normal());
    const mapper = BinMapper.fit(matrix([values]), 16, rng);
    const edges = mapper.edges[0]!;
    expect(edges.length).toBeLessThanOrEqual(15);
    const binned = mapper.transform(matrix([values]));
    const counts = new Array(16).fill(0);
    // Every value against every edge (75,000 checks), gathered and asserted once: one expect()
    // per check made this CPU-bound test take 10-20 s on a loaded machine (issue 19).
    const wrong: string[] = [];
    values.forEach((x, i) => {
      counts[binned[i]!]++;
      for (let t = 0; t < edges.length; t++) if (binned[i]! <= t !== x <= edges[t]!) wrong.push(`x=${x} bin=${binned[i]} edges[${t}]=${edges[t]}`);
    });
    expect(wrong).toEqual([]);
    // Quantile bins: roughly equal counts.
    for (const count of counts.slice(0, edges.length + 1)) expect(count).toBeGreaterThan(5000 / 16 / 2);
  });

  it('gives a constant feature a single bin and lays features out side by side', () => {
    const mapper = BinMapper.fit(matrix([[4, 4, 4], [0, 1, 2]]), 255, createPrng(0));
    expect(mapper.edges[0]).toHaveLength(0);
    expect(Array.from(mapper.offsets)).toEqual([0, 1, 4]);
  });

  it('countBelow counts the edges strictly below a value', () => {
    const edges = Float64Array.of(1, 2, 3);
    expect([0, 1, 1.5, 3, 4].map((x) => countBelow(edges, x))).toEqual([0, 0, 1, 2, 3]);
  });
});
