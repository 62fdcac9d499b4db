import { NumericalError } from '../../errors/msr-error.js';
import type { DenseMatrix } from '../matrix.js';

/** How each component's covariance is shaped (scikit-learn's `covariance_type`). */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** The covariance types, in scikit-learn's order. */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

const LOG_2PI = Math.log(2 * Math.PI);
/** Added to component sizes so an empty component does not divide by zero (scikit-learn: 10·eps). */
const TINY = 10 * Number.EPSILON;

/**
 * The parameters of `k` Gaussians in `d` dimensions, in flat arrays, plus what evaluating a
 * density needs (scikit-learn's `precisions_cholesky_`): `factors` holds P with Pᵀ P = Σ⁻¹ —
 * for `full` the inverse of each covariance's lower Cholesky factor (`tied`: one for all), for
 * `diag`/`spherical` the reciprocal standard deviations — so |P(x − μ)|² is the Mahalanobis
 * distance with no division or solve per sample; `logNorm[c]` = log w_c − ½(d·log 2π + log det Σ_c).
 */
export class GaussianComponents {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  /** spherical: k variances; diag: k×d variances; full: k×d×d; tied: d×d. */
  readonly covariances: Float64Array;
  readonly factors: Float64Array;
  readonly logNorm: Float64Array;

  constructor(
    readonly type: CovarianceType,
    readonly k: number,
    readonly d: number,
  ) {
    this.weights = new Float64Array(k);
    this.means = new Float64Array(k * d);
    this.covariances = new Float64Array(covarianceSize(type, k, d));
    this.factors = new Float64Array(this.covariances.length);
    this.logNorm = new Float64Array(k);
  }

  /**
   * M-step: weights, means and covariances from responsibilities `resp` (n×k, row-major), as
   * scikit-learn's `_estimate_gaussian_parameters` (+ `regCovar` on the diagonal), then the
   * factors. Throws {@link NumericalError} when a covariance is not positive definite.
   *
   * The weights are the component sizes (each + 10·ε) over their sum, as scikit-learn's `_m_step`;
   * `initial` divides them by n instead, as its `_initialize` does. Over n, one component's weight
   * is (n + 10·ε)/n, above 1 for a few samples — a mixture its own JSON format refused.
   */
  estimate(X: DenseMatrix, resp: Float64Array, regCovar: number, initial = false): void {
    const { k, d, weights, means, covariances, type } = this;
    const n = X.rows;
    estimateMeans(X, resp, k, weights, means);
    covariances.fill(0);
    if (type === 'full') {
      for (let c = 0; c < k; c++) scatterMatrix(X, resp, k, c, means, covariances, c * d * d, this.workFor(n));
      for (let c = 0; c < k; c++) finishMatrix(covariances, c * d * d, d, weights[c]!, regCovar);
    } else if (type === 'tied') {
      for (let c = 0; c < k; c++) scatterMatrix(X, resp, k, c, means, covariances, 0, this.workFor(n));
      finishMatrix(covariances, 0, d, n + k * TINY, regCovar);
    } else {
      scatterDiagonal(X, resp, k, means, covariances, type === 'diag');
      finishDiagonal(covariances, k, d, weights, regCovar, type === 'diag');
    }
    let total = n;
    if (!initial) {
      total = 0;
      for (let c = 0; c < k; c++) total += weights[c]!;
    }
    for (let c = 0; c < k; c++) weights[c]! /= total;
    this.factorize();
  }

  private work = new Float64Array(0);

  /** Scratch of d×n numbers for the full/tied scatter, kept across EM iterations. */
  private workFor(n: number): Float64Array {
    if (this.work.length !== n * this.d) this.work = new Float64Array(n * this.d);
    return this.work;
  }

  /** Recomputes `factors` and `logNorm` from `covariances`. */
  factorize(): void {
    const { k, d, type, covariances, factors, logNorm, weights } = this;
    if (type === 'spherical' || type === 'diag') {
      const perComponent = type === 'diag' ? d : 1;
      for (let c = 0; c < k; c++) {
        let logDet = 0;
        for (let j = 0; j < perComponent; j++) {
          const variance = covariances[c * perComponent + j]!;
          if (!(variance > 0)) throw notPositiveDefinite(c);
          factors[c * perComponent + j] = 1 / Math.sqrt(variance);
          logDet += Math.log(variance);
        }
        logNorm[c] = -0.5 * (d * LOG_2PI + (type === 'diag' ? logDet : d * logDet));
      }
    } else {
      const blocks = type === 'full' ? k : 1;
      for (let c = 0; c < blocks; c++) {
        const block = c * d * d;
        const lower = choleskyLower(covariances, block, d);
        if (!lower) throw notPositiveDefinite(c);
        const logDet = invertLower(lower, d, factors, block);
        if (!Number.isFinite(logDet)) throw notPositiveDefinite(c);
        const value = -0.5 * (d * LOG_2PI + logDet);
        if (type === 'full') logNorm[c] = value;
        else logNorm.fill(value);
      }
    }
    for (let c = 0; c < k; c++) logNorm[c]! += Math.log(weights[c]!);
  }

  /**
   * log(weight_c) + log N(x | μ_c, Σ_c) for every component `c`, for the sample at
   * `data[offset .. offset+d)`, into `out[0 .. k)`. `scratch` holds `d` numbers.
   */
  weightedLogDensities(data: ArrayLike<number>, offset: number, out: Float64Array, scratch: Float64Array): void {
    const { k, d, type, means, factors, logNorm } = this;
    for (let c = 0; c < k; c++) {
      let squared = 0;
      if (type === 'spherical') {
        const precision = factors[c]!;
        for (let j = 0; j < d; j++) {
          const z = (data[offset + j]! - means[c * d + j]!) * precision;
          squared += z * z;
        }
      } else if (type === 'diag') {
        for (let j = 0; j < d; j++) {
          const z = (data[offset + j]! - means[c * d + j]!) * factors[c * d + j]!;
          squared += z * z;
        }
      } else {
        const block = type === 'full' ? c * d * d : 0;
        for (let j = 0; j < d; j++) scratch[j] = data[offset + j]! - means[c * d + j]!;
        for (let a = 0; a < d; a++) {
          let z = 0;
          for (let b = 0; b <= a; b++) z += factors[block + a * d + b]! * scratch[b]!;
          squared += z * z;
        }
      }
      out[c] = logNorm[c]! - 0.5 * squared;
    }
  }

  /** Free parameters, for BIC and AIC (scikit-learn's `_n_parameters`). */
  get nParameters(): number {
    const { k, d, type } = this;
    const covariance = type === 'full' ? (k * d * (d + 1)) / 2 : type === 'tied' ? (d * (d + 1)) / 2 : type === 'diag' ? k * d : k;
    return covariance + k * d + k - 1;
  }
}

// The M-step in small single-purpose loops: V8 optimises each on its own type feedback.

/** Component sizes (into `sizes`, not yet divided by n) and means. */
function estimateMeans(X: DenseMatrix, resp: Float64Array, k: number, sizes: Float64Array, means: Float64Array): void {
  const { data, rows: n, cols: d } = X;
  // Sums in locals, one (component, feature) at a time: no read-modify-write in the hot loop.
  for (let c = 0; c < k; c++) {
    let size = TINY;
    for (let i = 0; i < n; i++) size += resp[i * k + c]!;
    sizes[c] = size;
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += resp[i * k + c]! * data[i * d + j]!;
      means[c * d + j] = sum / size;
    }
  }
}

/**
 * Adds Σ_i r_ic (x_i − μ_c)(x_i − μ_c)ᵀ (lower triangle) to the d×d block at `block`, through
 * `work` (d×n): the weighted, centred data column by column, so each entry is one dot product.
 */
function scatterMatrix(X: DenseMatrix, resp: Float64Array, k: number, c: number, means: Float64Array, out: Float64Array, block: number, work: Float64Array): void {
  const { data, rows: n, cols: d } = X;
  for (let i = 0; i < n; i++) {
    const w = Math.sqrt(resp[i * k + c]!);
    for (let a = 0; a < d; a++) work[a * n + i] = w * (data[i * d + a]! - means[c * d + a]!);
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += work[a * n + i]! * work[b * n + i]!;
      out[block + a * d + b]! += sum;
    }
  }
}

/** Divides a scatter matrix by `size`, adds `reg` to its diagonal and mirrors it. */
function finishMatrix(out: Float64Array, block: number, d: number, size: number, reg: number): void {
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const value = out[block + a * d + b]! / size + (a === b ? reg : 0);
      out[block + a * d + b] = value;
      out[block + b * d + a] = value;
    }
  }
}

/** Adds Σ_i r_ic (x_ij − μ_cj)² per component and feature (`perFeature`) or per component. */
function scatterDiagonal(X: DenseMatrix, resp: Float64Array, k: number, means: Float64Array, out: Float64Array, perFeature: boolean): void {
  const { data, rows: n, cols: d } = X;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const mean = means[c * d + j]!;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const diff = data[i * d + j]! - mean;
        sum += resp[i * k + c]! * diff * diff;
      }
      out[perFeature ? c * d + j : c]! += sum;
    }
  }
}

/** Divides per-feature (diag) or per-component (spherical, averaged over d) scatters; adds `reg`. */
function finishDiagonal(out: Float64Array, k: number, d: number, sizes: Float64Array, reg: number, perFeature: boolean): void {
  for (let c = 0; c < k; c++) {
    if (perFeature) for (let j = 0; j < d; j++) out[c * d + j] = out[c * d + j]! / sizes[c]! + reg;
    else out[c] = out[c]! / (sizes[c]! * d) + reg;
  }
}

/**
 * The lower Cholesky factor L (L Lᵀ = A, row-major d×d) of the symmetric d×d block of `matrix` at
 * `block`, or `undefined` when A is not symmetric or not positive definite. The
 * Cholesky–Banachiewicz order of JAMA (and ml-matrix, which msr used before), so the factors are
 * the same numbers; own code because ml-matrix was 17 kB of the gzipped browser bundle for this
 * one loop (docs/decisions/0941-browser-lean-core.md).
 */
export function choleskyLower(matrix: Float64Array, block: number, d: number): Float64Array | undefined {
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) if (matrix[block + a * d + b] !== matrix[block + b * d + a]) return undefined;
  const lower = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let sumSquares = 0;
    for (let k = 0; k < j; k++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += lower[k * d + i]! * lower[j * d + i]!;
      s = (matrix[block + j * d + k]! - s) / lower[k * d + k]!;
      lower[j * d + k] = s;
      sumSquares += s * s;
    }
    const pivot = matrix[block + j * d + j]! - sumSquares;
    if (!(pivot > 0)) return undefined;
    lower[j * d + j] = Math.sqrt(pivot);
  }
  return lower;
}

/**
 * Writes L⁻¹ of the lower-triangular `lower` (row-major d×d) into `out` at `block` by forward
 * substitution, and returns log det(L Lᵀ).
 */
function invertLower(lower: Float64Array, d: number, out: Float64Array, block: number): number {
  let logDet = 0;
  out.fill(0, block, block + d * d);
  for (let j = 0; j < d; j++) {
    out[block + j * d + j] = 1 / lower[j * d + j]!;
    logDet += 2 * Math.log(lower[j * d + j]!);
    for (let i = j + 1; i < d; i++) {
      let sum = 0;
      for (let m = j; m < i; m++) sum += lower[i * d + m]! * out[block + m * d + j]!;
      out[block + i * d + j] = -sum / lower[i * d + i]!;
    }
  }
  return logDet;
}

/** Length of the flat covariance array for a type. */
export function covarianceSize(type: CovarianceType, k: number, d: number): number {
  return type === 'full' ? k * d * d : type === 'tied' ? d * d : type === 'diag' ? k * d : k;
}

/** log Σ exp(values[0 .. k)), stable for very negative values. */
export function logSumExp(values: Float64Array, k: number): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (values[c]! > max) max = values[c]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(values[c]! - max);
  return max + Math.log(sum);
}

function notPositiveDefinite(component: number): NumericalError {
  return new NumericalError(
    `GaussianMixture: the covariance of component ${component} is not positive definite ` +
      '(collapsed onto too few distinct samples); increase options.regCovar or use fewer components',
  );
}
