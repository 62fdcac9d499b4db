import type { MatrixLike } from '../models/matrix.js';
import { clusteredSamples } from './cluster-labels.js';

/**
 * The silhouette coefficient of every sample (Euclidean distances): (b − a) / max(a, b), with
 * `a` the mean distance to the other members of its cluster and `b` the mean distance to the
 * nearest other cluster; 0 for a sample alone in its cluster. O(n²·d) time, O(n·k) memory.
 */
export function silhouetteSamples(X: MatrixLike, labels: ArrayLike<number>): Float64Array {
  const { X: dense, codes, k, sizes } = clusteredSamples(X, labels);
  const { rows: n, cols: d, data } = dense;
  // sums[i * k + c]: total distance from sample i to the members of cluster c. Each pair is
  // measured once; three partial sums keep the floating-point adds from waiting on each other.
  const sums = new Float64Array(n * k);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ci = codes[i]!;
    for (let f = 0; f < d; f++) row[f] = data[i * d + f]!;
    for (let j = i + 1, o = (i + 1) * d; j < n; j++, o += d) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let f = 0;
      for (; f + 3 <= d; f += 3) {
        const x0 = row[f]! - data[o + f]!;
        const x1 = row[f + 1]! - data[o + f + 1]!;
        const x2 = row[f + 2]! - data[o + f + 2]!;
        s0 += x0 * x0;
        s1 += x1 * x1;
        s2 += x2 * x2;
      }
      for (; f < d; f++) {
        const x = row[f]! - data[o + f]!;
        s0 += x * x;
      }
      const distance = Math.sqrt(s0 + s1 + s2);
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
