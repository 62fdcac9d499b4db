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
  // Samples go two at a time (i, i + 1), so each later sample's features are loaded once for
  // both; every distance is the one-pair sum, and every total gets its distances in ascending
  // order of the other sample, so the result is the one-sample-at-a-time loop's, bit for bit.
  const sums = new Float64Array(n * k);
  const r = new Float64Array(d);
  const q = new Float64Array(d);
  const tail = d - (d % 3);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const ci = codes[i]!;
    const cq = codes[i + 1]!;
    const ik = i * k;
    const qk = ik + k;
    for (let f = 0; f < d; f++) {
      r[f] = data[i * d + f]!;
      q[f] = data[(i + 1) * d + f]!;
    }
    const near = pairDistance(r, 0, q, 0, d);
    sums[ik + cq]! += near;
    sums[qk + ci]! += near;
    for (let j = i + 2, o = (i + 2) * d; j < n; j++, o += d) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let f = 0;
      for (; f < tail; f += 3) {
        const v0 = data[o + f]!;
        const v1 = data[o + f + 1]!;
        const v2 = data[o + f + 2]!;
        const x0 = r[f]! - v0;
        const x1 = r[f + 1]! - v1;
        const x2 = r[f + 2]! - v2;
        const y0 = q[f]! - v0;
        const y1 = q[f + 1]! - v1;
        const y2 = q[f + 2]! - v2;
        a0 += x0 * x0;
        a1 += x1 * x1;
        a2 += x2 * x2;
        b0 += y0 * y0;
        b1 += y1 * y1;
        b2 += y2 * y2;
      }
      for (; f < d; f++) {
        const v = data[o + f]!;
        const x = r[f]! - v;
        const y = q[f]! - v;
        a0 += x * x;
        b0 += y * y;
      }
      const toR = Math.sqrt(a0 + a1 + a2);
      const toQ = Math.sqrt(b0 + b1 + b2);
      const cj = codes[j]!;
      const jk = j * k;
      sums[ik + cj]! += toR;
      sums[jk + ci]! += toR;
      sums[qk + cj]! += toQ;
      sums[jk + cq]! += toQ;
    }
  }
  // An odd last sample: every pair with it was measured above.
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

/** The Euclidean distance of two `d`-wide rows, summed as the pair loop above sums it (three partial sums, then the rest). */
function pairDistance(x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let f = 0;
  for (; f + 3 <= d; f += 3) {
    const x0 = x[xo + f]! - y[yo + f]!;
    const x1 = x[xo + f + 1]! - y[yo + f + 1]!;
    const x2 = x[xo + f + 2]! - y[yo + f + 2]!;
    s0 += x0 * x0;
    s1 += x1 * x1;
    s2 += x2 * x2;
  }
  for (; f < d; f++) {
    const x0 = x[xo + f]! - y[yo + f]!;
    s0 += x0 * x0;
  }
  return Math.sqrt(s0 + s1 + s2);
}
