import { assertLength } from '../errors/assert-labels.js';
import { assertMatrix } from '../errors/assert-matrix.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import type { DenseMatrix, MatrixLike } from '../models/matrix.js';

/** Samples and their cluster labels, validated and re-indexed `0..k-1`. */
export interface ClusteredSamples {
  X: DenseMatrix;
  codes: Int32Array;
  /** Number of clusters. */
  k: number;
  /** Samples per cluster. */
  sizes: Float64Array;
  /** Cluster centroids, k×d row-major. */
  centroids: Float64Array;
}

/**
 * Validates `X` and `labels` for a clustering score: as scikit-learn requires, between 2 and
 * n − 1 distinct labels.
 */
export function clusteredSamples(X: MatrixLike, labels: ArrayLike<number>): ClusteredSamples {
  const dense = assertMatrix(X, 'X');
  assertLength(labels, dense.rows, 'labels');
  const index = new Map<number, number>();
  for (let i = 0; i < dense.rows; i++) {
    const label = labels[i]!;
    if (typeof label !== 'number' || !Number.isFinite(label)) {
      throw new InvalidArgumentError(`labels[${i}]`, `must be a finite number, got ${String(label)}`, ERROR_CODES.nonFinite);
    }
    if (!index.has(label)) index.set(label, index.size);
  }
  const k = index.size;
  if (k < 2 || k > dense.rows - 1) {
    throw new InvalidArgumentError(
      'labels',
      `has ${k} distinct labels; a clustering score needs between 2 and n_samples - 1 (${dense.rows - 1})`,
      ERROR_CODES.outOfRange,
    );
  }
  const { rows: n, cols: d, data } = dense;
  const codes = Int32Array.from({ length: n }, (_, i) => index.get(labels[i]!)!);
  const sizes = new Float64Array(k);
  const centroids = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    sizes[c]!++;
    for (let j = 0; j < d; j++) centroids[c * d + j]! += data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centroids[c * d + j]! /= sizes[c]!;
  return { X: dense, codes, k, sizes, centroids };
}

/** Euclidean distance between row `a` of `x` and row `b` of `y` (both with `d` columns). */
export function euclidean(x: Float64Array, a: number, y: Float64Array, b: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = x[a * d + j]! - y[b * d + j]!;
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}
