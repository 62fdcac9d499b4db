import { describe, expect, it } from 'vitest';
import { calinskiHarabaszScore } from './calinski-harabasz-score.js';
import { daviesBouldinScore } from './davies-bouldin-score.js';
import { silhouetteSamples, silhouetteScore } from './silhouette-score.js';

const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [5, 5],
  [5, 6],
  [6, 5],
  [9, 0],
];
const labels = [0, 0, 0, 1, 1, 1, 2];

describe('cluster metrics', () => {
  // Expected values from scikit-learn 1.2.1 on the same points and labels.
  it('match scikit-learn on a small example', () => {
    expect(silhouetteScore(X, labels)).toBeCloseTo(0.7124387250580051, 14);
    expect(calinskiHarabaszScore(X, labels)).toBeCloseTo(85.85714285714285, 11);
    expect(daviesBouldinScore(X, labels)).toBeCloseTo(0.15701145925595564, 14);
  });

  it('give a sample alone in its cluster silhouette 0, and do not depend on label values', () => {
    expect(silhouetteSamples(X, labels)[6]).toBe(0);
    const renamed = labels.map((l) => [7, -3, 42][l]!);
    expect(silhouetteScore(X, renamed)).toBe(silhouetteScore(X, labels));
    expect(daviesBouldinScore(X, renamed)).toBe(daviesBouldinScore(X, labels));
  });

  it('measure every feature when there are more than two (silhouette by hand in 4-d)', () => {
    // Cluster 0: p0 = 0, p1 = e4 (distance 1); cluster 1: p2 = (3, 4, 0, 0), p3 = (0, 0, 12, 5).
    // d(p0, p2) = 5, d(p0, p3) = 13, d(p1, p2) = √26, d(p1, p3) = √160, d(p2, p3) = √194.
    const X4 = [
      [0, 0, 0, 0],
      [0, 0, 0, 1],
      [3, 4, 0, 0],
      [0, 0, 12, 5],
    ];
    const s = (a: number, b: number) => (b - a) / Math.max(a, b);
    const expected = [s(1, (5 + 13) / 2), s(1, (Math.sqrt(26) + Math.sqrt(160)) / 2), s(Math.sqrt(194), (5 + Math.sqrt(26)) / 2), s(Math.sqrt(194), (13 + Math.sqrt(160)) / 2)];
    const samples = silhouetteSamples(X4, [0, 0, 1, 1]);
    expected.forEach((v, i) => expect(samples[i]).toBeCloseTo(v, 14));
    expect(silhouetteScore(X4, [0, 0, 1, 1])).toBeCloseTo(expected.reduce((a, b) => a + b) / 4, 14);
    // Calinski–Harabasz: centroids (0, 0, 0, ½) and (1.5, 2, 6, 2.5), mean (0.75, 1, 3, 1.5);
    // between = 2 clusters · 2 members · (0.75² + 1² + 3² + 1²) = 46.25, within = 2·0.5² + 2·(1.5² + 2² + 6² + 2.5²) = 97.5;
    // (n − k)/(k − 1) = 2.
    expect(calinskiHarabaszScore(X4, [0, 0, 1, 1])).toBeCloseTo((46.25 * 2) / 97.5, 12);
    // Davies–Bouldin: spreads ½ and √(1.5² + 2² + 6² + 2.5²) = √48.5, centroid distance √(1.5² + 2² + 6² + 2²) = √46.25.
    expect(daviesBouldinScore(X4, [0, 0, 1, 1])).toBeCloseTo((0.5 + Math.sqrt(48.5)) / Math.sqrt(46.25), 12);
  });

  it('skip a pair of clusters with the same centroid in Davies–Bouldin, as scikit-learn (distance 0 → ∞)', () => {
    // Spreads all 1; centroids 1, 1 and 11: ratios (1 + 1)/∞ = 0 and (1 + 1)/10 = 0.2, each cluster's worst 0.2.
    expect(daviesBouldinScore([[0], [2], [0], [2], [10], [12]], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.2, 14);
    // Every centroid the same: 0.
    expect(daviesBouldinScore([[0], [2], [0], [2]], [0, 0, 1, 1])).toBe(0);
  });

  it('treat spreads and centroid distances within 1e-8 of 0 as 0 in Davies–Bouldin, as scikit-learn’s np.allclose', () => {
    const v = 1e-8;
    // Spreads v (exactly: 2v/2) and 0: all "zero" → 0, where the ratio would be v / (5 − v).
    expect(daviesBouldinScore([[0], [2 * v], [5], [5]], [0, 0, 1, 1])).toBe(0);
    // Spreads 1e-9: all zero → 0, not 2e-9.
    expect(daviesBouldinScore([[0], [2e-9], [1], [1 + 2e-9]], [0, 0, 1, 1])).toBe(0);
    // Centroids 0 and v apart (exactly): all equal → 0, where the ratio would be 1 / v.
    expect(daviesBouldinScore([[-1], [1], [v], [v]], [0, 0, 1, 1])).toBe(0);
    // Just past the tolerance the ratio counts: spreads 1 and 0, centroids 1e-7 apart → (1 + 0)/1e-7.
    expect(daviesBouldinScore([[-1], [1], [1e-7], [1e-7]], [0, 0, 1, 1])).toBeCloseTo(1e7, 0);
  });

  it('compute silhouettes from the Euclidean distance over every feature (5-d, by the definition)', () => {
    const X5 = [
      [1, 2, 3, 4, 5],
      [2, 1, 3, 5, 4],
      [-3, 4, 1, 0, 2],
      [6, -2, 5, 1, 1],
      [0, 0, 7, -4, 3],
    ];
    const labels5 = [0, 0, 1, 1, 1];
    const distance = (p: number[], q: number[]) => Math.sqrt(p.reduce((sum, x, j) => sum + (x - q[j]!) ** 2, 0));
    const mean = (i: number, cluster: number) => {
      const others = X5.filter((_, j) => j !== i && labels5[j] === cluster);
      return others.reduce((sum, q) => sum + distance(X5[i]!, q), 0) / others.length;
    };
    const expected = X5.map((_, i) => {
      const a = mean(i, labels5[i]!);
      const b = mean(i, 1 - labels5[i]!);
      return (b - a) / Math.max(a, b);
    });
    const samples = silhouetteSamples(X5, labels5);
    expected.forEach((value, i) => expect(samples[i]).toBeCloseTo(value, 12));
  });

  it('measure features past the first three in the pair loop (6-d, distances by hand)', () => {
    // Every coordinate differs somewhere, so reading another sample's feature changes a distance.
    const X6 = [
      [0, 0, 0, 0, 0, 0],
      [1, 0, 0, 0, 2, 2],
      [4, 4, 0, 2, 0, 1],
      [4, 4, 2, 2, 0, 1],
    ];
    // Squared distances: 0–1: 1 + 4 + 4 = 9; 0–2: 16 + 16 + 4 + 1 = 37; 0–3: 16 + 16 + 4 + 4 + 1 = 41;
    // 1–2: 9 + 16 + 4 + 4 + 1 = 34; 1–3: 9 + 16 + 4 + 4 + 4 + 1 = 38; 2–3: 4.
    // Clusters {0, 1} and {2, 3}: a is the one same-cluster distance, b the mean of the two others.
    const silhouette = (a: number, b: number) => (b - a) / Math.max(a, b);
    const expected = [
      silhouette(3, (Math.sqrt(37) + Math.sqrt(41)) / 2),
      silhouette(3, (Math.sqrt(34) + Math.sqrt(38)) / 2),
      silhouette(2, (Math.sqrt(37) + Math.sqrt(34)) / 2),
      silhouette(2, (Math.sqrt(41) + Math.sqrt(38)) / 2),
    ];
    const samples = silhouetteSamples(X6, [0, 0, 1, 1]);
    expected.forEach((value, i) => expect(samples[i]).toBeCloseTo(value, 14));
  });

  it('accept n − 1 clusters (the upper bound scikit-learn allows)', () => {
    // [0], [1] | [5]: a = 1, b = 5 → 0.8; a = 1, b = 4 → 0.75; alone → 0.
    expect(silhouetteScore([[0], [1], [5]], [0, 0, 1])).toBeCloseTo((0.8 + 0.75) / 3, 14);
  });

  it('give silhouette 0 where a and b are both 0 (all points equal), as scikit-learn’s nan_to_num', () => {
    expect(Array.from(silhouetteSamples([[3], [3], [3], [3]], [0, 0, 1, 1]))).toEqual([0, 0, 0, 0]);
  });

  it('handle degenerate clusters like scikit-learn (identical points)', () => {
    const same = [
      [1, 1],
      [1, 1],
      [2, 2],
      [2, 2],
    ];
    expect(calinskiHarabaszScore(same, [0, 0, 1, 1])).toBe(1);
    expect(daviesBouldinScore(same, [0, 0, 1, 1])).toBe(0);
    expect(silhouetteScore(same, [0, 0, 1, 1])).toBe(1);
  });

  it.each([
    ['a single cluster', () => silhouetteScore(X, X.map(() => 0)), /labels: has 1 distinct labels; a clustering score needs between 2 and n_samples - 1 \(6\)/],
    ['one cluster per sample', () => calinskiHarabaszScore(X, X.map((_, i) => i)), 'labels: has 7 distinct labels; a clustering score needs between 2 and n_samples - 1 (6)'],
    ['labels of another length', () => daviesBouldinScore(X, [0, 1]), /labels: has 2 elements but X has 7 rows/],
    ['a NaN feature', () => silhouetteScore([[0], [NaN], [1]], [0, 1, 1]), /X\[1\]\[0\]: must be a finite number/],
    ['a label that is not a number', () => silhouetteScore(X, [0, 'a' as unknown as number, 0, 1, 1, 1, 2]), /labels\[1\]: must be a finite number, got a/],
    ['an infinite label', () => calinskiHarabaszScore(X, [0, Infinity, 0, 1, 1, 1, 2]), /labels\[1\]: must be a finite number, got Infinity/],
  ])('refuses %s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});
