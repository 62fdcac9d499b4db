import type { DenseMatrix } from '../matrix.js';
import type { Prng } from '../../random/prng.js';

/** Rows used to find bin edges at most; larger data is subsampled, as scikit-learn does. */
const BINNING_SUBSAMPLE = 200_000;

/**
 * Maps each feature to at most `maxBins` ordinal bins, with edges at quantiles of the training
 * data (midpoints between distinct values when there are few), like scikit-learn's
 * `HistGradientBoosting` `_BinMapper`. `bin(x)` is the number of edges strictly below `x`, so
 * "bin ≤ t" is exactly "x ≤ edges[t]": a split found on bins is a real-valued threshold.
 */
export class BinMapper {
  /** `edges[f]` are feature f's ascending bin edges (its bin count is `edges[f].length + 1`). */
  readonly edges: Float64Array[];
  /** Bin `b` of feature `f` is histogram slot `offsets[f] + b`; `offsets[nFeatures]` is the total. */
  readonly offsets: Int32Array;

  private constructor(edges: Float64Array[]) {
    this.edges = edges;
    this.offsets = new Int32Array(edges.length + 1);
    for (let f = 0; f < edges.length; f++) this.offsets[f + 1] = this.offsets[f]! + edges[f]!.length + 1;
  }

  /** Finds bin edges for every column of `X`. */
  static fit(X: DenseMatrix, maxBins: number, rng: Prng): BinMapper {
    const { rows, cols, data } = X;
    let sample: Int32Array | undefined;
    if (rows > BINNING_SUBSAMPLE) {
      const all = Int32Array.from({ length: rows }, (_, i) => i);
      rng.shuffle(all);
      sample = all.subarray(0, BINNING_SUBSAMPLE).sort();
    }
    const n = sample ? sample.length : rows;
    const column = new Float64Array(n);
    const edges: Float64Array[] = [];
    for (let f = 0; f < cols; f++) {
      for (let s = 0; s < n; s++) column[s] = data[(sample ? sample[s]! : s) * cols + f]!;
      column.sort();
      edges.push(columnEdges(column, maxBins));
    }
    return new BinMapper(edges);
  }

  /** Rebuilds a mapper from stored edges. */
  static fromEdges(edges: Float64Array[]): BinMapper {
    return new BinMapper(edges);
  }

  /** The number of features. */
  get nFeatures(): number {
    return this.edges.length;
  }

  /** Bins every row of `X` into a row-major `Uint8Array` (`out[i * cols + f]`). */
  transform(X: DenseMatrix): Uint8Array {
    const { rows, cols, data } = X;
    const out = new Uint8Array(rows * cols);
    for (let f = 0; f < cols; f++) {
      const e = this.edges[f]!;
      for (let i = 0; i < rows; i++) out[i * cols + f] = countBelow(e, data[i * cols + f]!);
    }
    return out;
  }
}

/** Number of `edges` (ascending) strictly below `x`: x ≤ edges[b] ⇔ countBelow(edges, x) ≤ b. */
export function countBelow(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Edges of one sorted column: midpoints of distinct values, or `maxBins`-quantile midpoints. */
function columnEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    if (distinct.length > maxBins) break;
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) edges.push((distinct[i]! + distinct[i + 1]!) * 0.5);
  } else {
    // numpy.percentile(..., method="midpoint") at 100·q/maxBins for q = 1 … maxBins-1.
    const last = sorted.length - 1;
    for (let q = 1; q < maxBins; q++) {
      const position = (q / maxBins) * last;
      const value = (sorted[Math.floor(position)]! + sorted[Math.ceil(position)]!) * 0.5;
      // Equal quantiles (heavily repeated values) would only make empty bins.
      if (edges.length === 0 || value > edges[edges.length - 1]!) edges.push(value);
    }
  }
  return Float64Array.from(edges);
}
