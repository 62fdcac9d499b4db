import type { MatrixLike } from '../models/matrix.js';
import { clusteredSamples, euclidean } from './cluster-labels.js';

/**
 * The silhouette coefficient of every sample (Euclidean distances): (b − a) / max(a, b), with
 * `a` the mean distance to the other members of its cluster and `b` the mean distance to the
 * nearest other cluster; 0 for a sample alone in its cluster. O(n²·d) time, O(n·k) memory.
 */
export function silhouetteSamples(X: MatrixLike, labels: ArrayLike<number>): Float64Array {
  const { X: dense, codes, k, sizes } = clusteredSamples(X, labels);
  const { rows: n, cols: d, data } = dense;
  // sums[i * k + c]: total distance from sample i to the members of cluster c.
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const ci = codes[i]!;
    for (let j = i + 1; j < n; j++) {
      const distance = euclidean(data, i, data, j, d);
      sums[i * k + codes[j]!]! += distance;
      sums[j * k + ci]! += distance;
    }
  }
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = codes[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[i * k + c]! / sizes[c]!);
    const denominator = Math.max(a, b);
    scores[i] = denominator === 0 ? 0 : (b - a) / denominator;
  }
  return scores;
}

/**
 * Mean silhouette coefficient (scikit-learn's `silhouette_score`, Euclidean): from −1 (wrong
 * clusters) to 1 (dense, well separated). Needs 2 ≤ clusters ≤ n − 1.
 *
 * @example
 * ```ts
 * silhouetteScore(X, gmm.predict(X));
 * ```
 */
export function silhouetteScore(X: MatrixLike, labels: ArrayLike<number>): number {
  const scores = silhouetteSamples(X, labels);
  let total = 0;
  for (let i = 0; i < scores.length; i++) total += scores[i]!;
  return total / scores.length;
}
