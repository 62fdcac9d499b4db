/**
 * The silhouette's pair loop measures two samples at a time (issue 14, "Growth": clustering at
 * 100k songs). Its scores must be the plain definition's, bit for bit: here a direct reading of
 * it — every other sample, in index order, its distance summed the same way — is the reference.
 */
import { describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng.js';
import { silhouetteSamples } from './silhouette-score.js';

/** The definition, one sample at a time: mean distance to its own cluster's others (a) and to the nearest other cluster (b). */
function reference(X: number[][], labels: number[]): number[] {
  const distance = (x: number[], y: number[]): number => {
    // Three partial sums then the rest, as the implementation sums a pair.
    const s = [0, 0, 0];
    let f = 0;
    for (; f + 3 <= x.length; f += 3) for (let t = 0; t < 3; t++) s[t]! += (x[f + t]! - y[f + t]!) ** 2;
    for (; f < x.length; f++) s[0]! += (x[f]! - y[f]!) ** 2;
    return Math.sqrt(s[0]! + s[1]! + s[2]!);
  };
  const clusters = [...new Set(labels)];
  return X.map((x, i) => {
    const total = new Map(clusters.map((c) => [c, 0]));
    const size = new Map(clusters.map((c) => [c, labels.filter((l) => l === c).length]));
    X.forEach((y, j) => {
      if (j !== i) total.set(labels[j]!, total.get(labels[j]!)! + distance(x, y));
    });
    if (size.get(labels[i]!)! <= 1) return 0;
    const a = total.get(labels[i]!)! / (size.get(labels[i]!)! - 1);
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map((c) => total.get(c)! / size.get(c)!));
    return Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
  });
}

describe('silhouetteSamples, pair loop', () => {
  it('equals the definition bit for bit, for odd and even sample counts, widths with and without a remainder of three, and a singleton cluster', () => {
    const rng = createPrng(5);
    for (const [n, d] of [
      [2, 3],
      [3, 1],
      [9, 13],
      [40, 13],
      [41, 4],
      [57, 6],
    ] as const) {
      const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
      const labels = Array.from({ length: n }, (_, i) => (i === n - 1 && n > 3 ? 7 : i % 3 === 0 ? 0 : 1 + (i % 2)));
      if (new Set(labels).size < 2 || new Set(labels).size > n - 1) continue;
      expect(Array.from(silhouetteSamples(X, labels)), `n ${n}, d ${d}`).toEqual(reference(X, labels));
    }
  });
});
