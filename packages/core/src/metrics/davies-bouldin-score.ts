import type { MatrixLike } from '../models/matrix.js';
import { clusteredSamples, euclidean } from './cluster-labels.js';

/**
 * Davies–Bouldin index (scikit-learn's `davies_bouldin_score`): the mean, over clusters, of the
 * worst ratio (s_i + s_j) / d(c_i, c_j), with s the mean distance of a cluster's members to its
 * centroid. Lower is better, 0 at best.
 */
export function daviesBouldinScore(X: MatrixLike, labels: ArrayLike<number>): number {
  const { X: dense, codes, k, sizes, centroids } = clusteredSamples(X, labels);
  const { rows: n, cols: d, data } = dense;
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) spread[codes[i]!]! += euclidean(data, i, centroids, codes[i]!, d);
  for (let c = 0; c < k; c++) spread[c]! /= sizes[c]!;
  const distances = new Float64Array(k * k);
  let allSpreadZero = true;
  let allCentroidsEqual = true;
  for (let a = 0; a < k; a++) {
    if (Math.abs(spread[a]!) > 1e-8) allSpreadZero = false;
    for (let b = 0; b < k; b++) {
      const distance = euclidean(centroids, a, centroids, b, d);
      distances[a * k + b] = distance;
      if (Math.abs(distance) > 1e-8) allCentroidsEqual = false;
    }
  }
  // scikit-learn returns 0 when all spreads or all centroid distances are (close to) zero.
  if (allSpreadZero || allCentroidsEqual) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      const distance = distances[a * k + b]!;
      if (b === a || distance === 0) continue;
      worst = Math.max(worst, (spread[a]! + spread[b]!) / distance);
    }
    total += worst;
  }
  return total / k;
}
