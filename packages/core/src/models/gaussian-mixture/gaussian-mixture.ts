import { assertMatrix, assertRow, outputBuffer } from '../../errors/assert-matrix.js';
import { checkHyperParameter } from '../hyper-parameter.js';
import { GAUSSIAN_MIXTURE_PARAMETERS } from './gaussian-mixture-params.js';
import { ERROR_CODES } from '../../errors/error-codes.js';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../../errors/msr-error.js';
import { parseModelJson } from '../../errors/parse-model-json.js';
import type { DenseMatrix, MatrixLike } from '../matrix.js';
import { COVARIANCE_TYPES, GaussianComponents, logSumExp, type CovarianceType } from './gaussian-components.js';
import { kmeansLabels } from './kmeans-labels.js';
import { NumpyRandomState } from './numpy-random-state.js';
import { GAUSSIAN_MIXTURE_FORMAT, gaussianMixtureJsonSchema, type GaussianMixtureJSON } from './gaussian-mixture-json.js';

/** Hyper-parameters of {@link GaussianMixture}; defaults are scikit-learn's. */
export interface GaussianMixtureOptions {
  /** Number of Gaussian components. @default 1 */
  nComponents?: number;
  /** Shape of the covariances. @default 'full' */
  covarianceType?: CovarianceType;
  /**
   * Seed of the k-means initialisation, an integer in [0, 2³²). It drives NumPy's generator as
   * scikit-learn's `random_state` does, so the same seed starts from the same centres.
   * @default 0
   */
  randomState?: number;
  /** EM iterations per initialisation at most. @default 100 */
  maxIter?: number;
  /** Stop when the mean log-likelihood gains less than this per iteration. @default 1e-3 */
  tol?: number;
  /** Added to covariance diagonals so they stay positive definite. @default 1e-6 */
  regCovar?: number;
  /** Initialisations tried; the one with the best likelihood is kept. @default 1 */
  nInit?: number;
}

/**
 * The fitted covariances, shaped by type: `spherical` one variance per component, `diag` one
 * variance per component and feature, `full` one d×d matrix per component, `tied` one d×d
 * matrix shared by all.
 */
export type GaussianMixtureCovariances =
  | { type: 'spherical'; variances: Float64Array }
  | { type: 'diag'; variances: Float64Array[] }
  | { type: 'full'; matrices: Float64Array[][] }
  | { type: 'tied'; matrix: Float64Array[] };

interface Fitted {
  components: GaussianComponents;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  /** Scratch for single-row calls: k log densities and d solve values. */
  logScratch: Float64Array;
  rowScratch: Float64Array;
}

/**
 * A Gaussian mixture fitted by expectation–maximisation, initialised from k-means (scikit-learn's
 * `GaussianMixture` with `init_params='kmeans'`). All densities are computed in log space
 * (log-sum-exp), so tiny variances give very negative log-likelihoods, never NaN.
 *
 * @example
 * ```ts
 * const gmm = new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 42 }).fit(X);
 * const labels = gmm.predict(X);
 * const cluster = gmm.predictRow(playlistMean);
 * ```
 */
export class GaussianMixture {
  /** The resolved hyper-parameters. */
  readonly options: Readonly<Required<GaussianMixtureOptions>>;
  private fitted: Fitted | undefined;

  constructor(options: GaussianMixtureOptions = {}) {
    const P = GAUSSIAN_MIXTURE_PARAMETERS;
    // The defaults are the declared ones too.
    const {
      nComponents = P.nComponents.default,
      covarianceType = P.covarianceType.default,
      randomState = P.randomState.default,
      maxIter = P.maxIter.default,
      tol = P.tol.default,
      regCovar = P.regCovar.default,
      nInit = P.nInit.default,
    } = options;
    // The bounds are the declared ones, which params.yaml is also validated against.
    this.options = {
      nComponents: checkHyperParameter(P.nComponents, nComponents, 'options.nComponents'),
      covarianceType: checkHyperParameter<CovarianceType>(P.covarianceType, covarianceType, 'options.covarianceType'),
      randomState: checkHyperParameter(P.randomState, randomState, 'options.randomState'),
      maxIter: checkHyperParameter(P.maxIter, maxIter, 'options.maxIter'),
      tol: checkHyperParameter(P.tol, tol, 'options.tol'),
      regCovar: checkHyperParameter(P.regCovar, regCovar, 'options.regCovar'),
      nInit: checkHyperParameter(P.nInit, nInit, 'options.nInit'),
    };
  }

  /**
   * Fits the mixture to the rows of `X` (at least `nComponents` of them, with at least that
   * many distinct rows). Refits from scratch when called again.
   */
  fit(X: MatrixLike): this {
    const dense = assertMatrix(X, 'X');
    const { nComponents: k, covarianceType, maxIter, tol, regCovar, nInit, randomState } = this.options;
    if (k > dense.rows) {
      throw new InvalidArgumentError('options.nComponents', `is ${k}, more than the ${dense.rows} samples in X`, ERROR_CODES.outOfRange);
    }
    if (countDistinctRows(dense, k) < k) {
      throw new InvalidArgumentError('X', `has fewer distinct rows than options.nComponents (${k})`, ERROR_CODES.outOfRange);
    }
    const random = new NumpyRandomState(randomState);
    const n = dense.rows;
    const d = dense.cols;
    const resp = new Float64Array(n * k);
    let best: Fitted | undefined;
    for (let init = 0; init < nInit; init++) {
      const labels = k === 1 ? new Int32Array(n) : kmeansLabels(dense, k, random);
      resp.fill(0);
      for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
      const components = new GaussianComponents(covarianceType, k, d);
      components.estimate(dense, resp, regCovar, true);
      const run = expectationMaximisation(components, dense, resp, { maxIter, tol, regCovar });
      if (!best || run.lowerBound > best.lowerBound) {
        best = { components, ...run, logScratch: new Float64Array(k), rowScratch: new Float64Array(d) };
      }
    }
    this.fitted = best;
    return this;
  }

  /** Whether {@link fit} (or {@link fromJSON}) has run. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** The number of features the mixture was fitted on. */
  get nFeatures(): number {
    return this.model().components.d;
  }

  /** Mixing weights (sum to 1). */
  get weights(): Float64Array {
    return this.model().components.weights.slice();
  }

  /** Component means, one `Float64Array` of `nFeatures` values per component. */
  get means(): Float64Array[] {
    const { means, k, d } = this.model().components;
    return Array.from({ length: k }, (_, c) => means.slice(c * d, (c + 1) * d));
  }

  /** The fitted covariances, shaped by {@link GaussianMixtureOptions.covarianceType}. */
  get covariances(): GaussianMixtureCovariances {
    const { covariances, k, d, type } = this.model().components;
    const square = (block: number): Float64Array[] => Array.from({ length: d }, (_, a) => covariances.slice(block + a * d, block + (a + 1) * d));
    switch (type) {
      case 'spherical':
        return { type, variances: covariances.slice() };
      case 'diag':
        return { type, variances: Array.from({ length: k }, (_, c) => covariances.slice(c * d, (c + 1) * d)) };
      case 'full':
        return { type, matrices: Array.from({ length: k }, (_, c) => square(c * d * d)) };
      case 'tied':
        return { type, matrix: square(0) };
    }
  }

  /** Whether the best initialisation's EM converged within `maxIter`. */
  get converged(): boolean {
    return this.model().converged;
  }

  /** EM iterations of the best initialisation. */
  get nIter(): number {
    return this.model().nIter;
  }

  /** Mean log-likelihood of the training data at the last EM iteration of the best initialisation. */
  get lowerBound(): number {
    return this.model().lowerBound;
  }

  /** The most probable component of each row of `X`. */
  predict(X: MatrixLike): Int32Array {
    const { components, logScratch, rowScratch } = this.model();
    const dense = assertMatrix(X, 'X', components.d);
    const labels = new Int32Array(dense.rows);
    for (let i = 0; i < dense.rows; i++) {
      components.weightedLogDensities(dense.data, i * dense.cols, logScratch, rowScratch);
      labels[i] = argmax(logScratch, components.k);
    }
    return labels;
  }

  /** The most probable component of one sample (no allocation). */
  predictRow(row: ArrayLike<number>): number {
    const { components, logScratch, rowScratch } = this.model();
    assertRow(row, components.d);
    components.weightedLogDensities(row, 0, logScratch, rowScratch);
    return argmax(logScratch, components.k);
  }

  /** Posterior probability of each component for each row of `X`. */
  predictProba(X: MatrixLike): Float64Array[] {
    const { components } = this.model();
    const dense = assertMatrix(X, 'X', components.d);
    return Array.from({ length: dense.rows }, (_, i) => this.posterior(dense.data, i * dense.cols, new Float64Array(components.k)));
  }

  /** Posterior probabilities of one sample, into `output` when given (length `nComponents`). */
  predictProbaRow(row: ArrayLike<number>, output?: Float64Array): Float64Array {
    const { components } = this.model();
    assertRow(row, components.d);
    return this.posterior(row, 0, outputBuffer(output, components.k));
  }

  /** Log-likelihood of each row of `X` under the mixture. */
  scoreSamples(X: MatrixLike): Float64Array {
    const { components, logScratch, rowScratch } = this.model();
    const dense = assertMatrix(X, 'X', components.d);
    const out = new Float64Array(dense.rows);
    for (let i = 0; i < dense.rows; i++) {
      components.weightedLogDensities(dense.data, i * dense.cols, logScratch, rowScratch);
      out[i] = logSumExp(logScratch, components.k);
    }
    return out;
  }

  /** Mean log-likelihood of the rows of `X`. */
  score(X: MatrixLike): number {
    const samples = this.scoreSamples(X);
    let total = 0;
    for (let i = 0; i < samples.length; i++) total += samples[i]!;
    return total / samples.length;
  }

  /** Bayesian information criterion on `X` (lower is better). */
  bic(X: MatrixLike): number {
    const n = X.length;
    return -2 * this.score(X) * n + this.model().components.nParameters * Math.log(n);
  }

  /** Akaike information criterion on `X` (lower is better). */
  aic(X: MatrixLike): number {
    return -2 * this.score(X) * X.length + 2 * this.model().components.nParameters;
  }

  /** The fitted mixture as versioned JSON (see {@link GaussianMixture.fromJSON}). */
  toJSON(): GaussianMixtureJSON {
    const { components, converged, nIter, lowerBound } = this.model();
    return {
      format: GAUSSIAN_MIXTURE_FORMAT,
      version: 1,
      options: { ...this.options },
      nFeatures: components.d,
      weights: Array.from(components.weights),
      means: Array.from(components.means),
      covariances: Array.from(components.covariances),
      converged,
      nIter,
      lowerBound,
    };
  }

  /**
   * Restores a mixture saved with {@link toJSON} (the object or its JSON text). A wrong
   * format or version, bad shapes, non-finite numbers or covariances that are not positive
   * definite are refused with a {@link ModelFormatError}.
   */
  static fromJSON(json: unknown): GaussianMixture {
    const data = parseModelJson(gaussianMixtureJsonSchema, json, GAUSSIAN_MIXTURE_FORMAT);
    const model = new GaussianMixture(data.options);
    const { nComponents: k, covarianceType } = data.options;
    const components = new GaussianComponents(covarianceType, k, data.nFeatures);
    components.weights.set(data.weights);
    components.means.set(data.means);
    components.covariances.set(data.covariances);
    try {
      components.factorize();
    } catch (cause) {
      throw new ModelFormatError(GAUSSIAN_MIXTURE_FORMAT, 'covariances', 'must be positive definite', { cause });
    }
    model.fitted = {
      components,
      converged: data.converged,
      nIter: data.nIter,
      lowerBound: data.lowerBound,
      logScratch: new Float64Array(k),
      rowScratch: new Float64Array(data.nFeatures),
    };
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new NotFittedError('GaussianMixture');
    return this.fitted;
  }

  private posterior(data: ArrayLike<number>, offset: number, out: Float64Array): Float64Array {
    const { components, logScratch, rowScratch } = this.model();
    components.weightedLogDensities(data, offset, logScratch, rowScratch);
    const norm = logSumExp(logScratch, components.k);
    for (let c = 0; c < components.k; c++) out[c] = Math.exp(logScratch[c]! - norm);
    return out;
  }
}

/**
 * EM from the parameters in `components` (and their responsibilities in `resp`) until the mean
 * log-likelihood gains less than `tol`, as scikit-learn iterates.
 */
function expectationMaximisation(
  components: GaussianComponents,
  X: DenseMatrix,
  resp: Float64Array,
  options: { maxIter: number; tol: number; regCovar: number },
): { lowerBound: number; converged: boolean; nIter: number } {
  const log = new Float64Array(components.k);
  const scratch = new Float64Array(components.d);
  let lowerBound = -Infinity;
  for (let iteration = 1; iteration <= options.maxIter; iteration++) {
    const previous = lowerBound;
    lowerBound = expectation(components, X, resp, log, scratch);
    components.estimate(X, resp, options.regCovar);
    if (Math.abs(lowerBound - previous) < options.tol) return { lowerBound, converged: true, nIter: iteration };
  }
  return { lowerBound, converged: false, nIter: options.maxIter };
}

/** E-step: writes responsibilities into `resp` and returns the mean log-likelihood. */
function expectation(components: GaussianComponents, X: DenseMatrix, resp: Float64Array, log: Float64Array, scratch: Float64Array): number {
  const { k } = components;
  let total = 0;
  for (let i = 0; i < X.rows; i++) {
    components.weightedLogDensities(X.data, i * X.cols, log, scratch);
    // log-sum-exp, reusing its exponentials as the unnormalised responsibilities.
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (log[c]! > max) max = log[c]!;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(log[c]! - max);
      resp[i * k + c] = e;
      sum += e;
    }
    const scale = 1 / sum;
    for (let c = 0; c < k; c++) resp[i * k + c]! *= scale;
    total += max + Math.log(sum);
  }
  return total / X.rows;
}

/** Distinct rows of X, counting no further than `limit`. */
function countDistinctRows(X: DenseMatrix, limit: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < X.rows && seen.size < limit; i++) seen.add(X.data.subarray(i * X.cols, (i + 1) * X.cols).join(','));
  return seen.size;
}

function argmax(values: Float64Array, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (values[c]! > values[best]!) best = c;
  return best;
}
