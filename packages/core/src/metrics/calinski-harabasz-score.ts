import type { MatrixLike } from '../models/matrix.js';
import { clusteredSamples } from './cluster-labels.js';

/**
 * Calinski–Harabasz index (variance ratio criterion, scikit-learn's
 * `calinski_harabasz_score`): between-cluster over within-cluster dispersion, scaled by
 * (n − k)/(k − 1). Higher is better; 1 when every cluster is a single point repeated.
 */
export function calinskiHarabaszScore(X: MatrixLike, labels: ArrayLike<number>): number {
  const { X: dense, codes, k, sizes, centroids } = clusteredSamples(X, labels);
  const { rows: n, cols: d, data } = dense;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let between = 0;
  for (let c = 0; c < k; c++) {
    let squared = 0;
    for (let j = 0; j < d; j++) squared += (centroids[c * d + j]! - mean[j]!) ** 2;
    between += sizes[c]! * squared;
  }
  let within = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    for (let j = 0; j < d; j++) within += (data[i * d + j]! - centroids[c * d + j]!) ** 2;
  }
  return within === 0 ? 1 : (between * (n - k)) / (within * (k - 1));
}
