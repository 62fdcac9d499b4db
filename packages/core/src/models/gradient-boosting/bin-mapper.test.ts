import { describe, expect, it } from 'vitest';
import { createPrng, type Prng } from '../../random/prng.js';
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

  it('has edges only between distinct values: exactly maxBins distinct values give maxBins bins', () => {
    // 3 distinct values and 3 bins: the midpoints 1.5, 2.5; with 2 bins the one quantile edge is
    // numpy.percentile([1, 2, 3], 50, method="midpoint") = 2.
    expect(Array.from(BinMapper.fit(matrix([[3, 1, 2]]), 3, createPrng(0)).edges[0]!)).toEqual([1.5, 2.5]);
    expect(Array.from(BinMapper.fit(matrix([[3, 1, 2]]), 2, createPrng(0)).edges[0]!)).toEqual([2]);
    // Repeated values tell the two rules apart: 1, 1, 1, 1, 2, 3 has 3 distinct values, so 3 bins
    // take the midpoints 1.5, 2.5 (scikit-learn: `len(distinct_values) <= max_bins`), where the
    // quantiles at positions 5/3 and 10/3 would give 1 and 1.5.
    expect(Array.from(BinMapper.fit(matrix([[1, 2, 1, 3, 1, 1]]), 3, createPrng(0)).edges[0]!)).toEqual([1.5, 2.5]);
  });

  it('puts quantile edges at numpy.percentile(column, 100·q/maxBins, method="midpoint")', () => {
    // 0 … 9, 4 bins: positions q/4 · 9 = 2.25, 4.5, 6.75 → (2+3)/2, (4+5)/2, (6+7)/2.
    const column = [9, 3, 0, 7, 1, 8, 2, 6, 4, 5];
    const mapper = BinMapper.fit(matrix([column, column.map((v) => -v)]), 4, createPrng(0));
    expect(Array.from(mapper.edges[0]!)).toEqual([2.5, 4.5, 6.5]);
    // The second feature is the first negated: −9 … 0, edges −6.5, −4.5, −2.5.
    expect(Array.from(mapper.edges[1]!)).toEqual([-6.5, -4.5, -2.5]);
    expect(Array.from(mapper.offsets)).toEqual([0, 4, 8]);
    expect(Array.from(mapper.transform(matrix([[2.5, 2.6, 7, -1], [0, -4.5, -9, 100]])))).toEqual([0, 3, 1, 1, 3, 0, 0, 3]);
  });

  it('drops repeated quantiles: a heavily repeated value makes no empty bins', () => {
    // 0 ×7, 1, 2, 3 with 3 bins (4 distinct > 3): positions 3 and 6 both fall on 0 → one edge, 0.
    expect(Array.from(BinMapper.fit(matrix([[0, 0, 0, 1, 0, 2, 0, 3, 0, 0]]), 3, createPrng(0)).edges[0]!)).toEqual([0]);
    // Sorted [0, 0, 0, 0, 1, 2, 3, 4, 5, 6] with 3 bins: position 3 → 0, position 6 → 3, both kept.
    expect(Array.from(BinMapper.fit(matrix([[6, 5, 4, 3, 2, 1, 0, 0, 0, 0]]), 3, createPrng(0)).edges[0]!)).toEqual([0, 3]);
  });

  it('subsamples 200,000 rows for the edges only above 200,000 rows (scikit-learn _BinMapper subsample)', () => {
    // A generator whose shuffle reverses: the subsample is then every row but row 0.
    let shuffles = 0;
    const reversing = { ...createPrng(0), shuffle: <T extends { length: number; [i: number]: unknown }>(array: T): T => {
      shuffles++;
      for (let i = 0, j = array.length - 1; i < j; i++, j--) [array[i], array[j]] = [array[j], array[i]];
      return array;
    } } as Prng;
    // Row i holds i. All 200,001 rows: the median (2 bins) is value 100,000. Without row 0 the
    // 200,000 values 1 … 200,000 have the median midpoint (100,000 + 100,001)/2.
    const rows = (n: number) => matrix([Array.from({ length: n }, (_, i) => i)]);
    expect(Array.from(BinMapper.fit(rows(200_001), 2, reversing).edges[0]!)).toEqual([100_000.5]);
    expect(shuffles).toBe(1);
    // Exactly 200,000 rows: no subsample, the generator is not used.
    expect(Array.from(BinMapper.fit(rows(200_000), 2, reversing).edges[0]!)).toEqual([99_999.5]);
    expect(shuffles).toBe(1);
  });

  it('rebuilds from stored edges with the same layout and bins', () => {
    const mapper = BinMapper.fromEdges([Float64Array.of(1, 2), Float64Array.of(), Float64Array.of(0)]);
    expect(mapper.nFeatures).toBe(3);
    expect(Array.from(mapper.offsets)).toEqual([0, 3, 4, 6]);
    expect(Array.from(mapper.transform({ data: Float64Array.of(2, 5, 0.5, 2.5, 5, -1), rows: 2, cols: 3 }))).toEqual([1, 0, 1, 2, 0, 0]);
  });

  it('countBelow counts the edges strictly below a value', () => {
    const edges = Float64Array.of(1, 2, 3);
    expect([0, 1, 1.5, 3, 4].map((x) => countBelow(edges, x))).toEqual([0, 0, 1, 2, 3]);
    // Longer and shorter edge lists: the binary search ends on the boundary from either side.
    const seven = Float64Array.of(10, 20, 30, 40, 50, 60, 70);
    expect([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75].map((x) => countBelow(seven, x))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]);
    expect(countBelow(Float64Array.of(), 1)).toBe(0);
    expect([0, 1, 2].map((x) => countBelow(Float64Array.of(1), x))).toEqual([0, 0, 1]);
  });
});
