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
    ['one cluster per sample', () => calinskiHarabaszScore(X, X.map((_, i) => i)), /labels: has 7 distinct labels/],
    ['labels of another length', () => daviesBouldinScore(X, [0, 1]), /labels: has 2 elements but X has 7 rows/],
    ['a NaN feature', () => silhouetteScore([[0], [NaN], [1]], [0, 1, 1]), /X\[1\]\[0\]: must be a finite number/],
  ])('refuses %s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});
