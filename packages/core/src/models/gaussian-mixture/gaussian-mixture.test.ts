import { describe, expect, it } from 'vitest';
import { MsrError, NumericalError } from '../../errors/msr-error.js';
import { gaussianBlobs } from '../__fixtures__/blobs.js';
import { COVARIANCE_TYPES } from './gaussian-components.js';
import { GaussianMixture } from './gaussian-mixture.js';
import type { GaussianMixtureJSON } from './gaussian-mixture-json.js';
import { thrown } from '../__fixtures__/thrown.js';

const centers = [
  [0, 0],
  [6, 0],
  [0, 6],
];
const { X, y } = gaussianBlobs(centers, 100, 0.7, 4);


/**
 * Share of samples whose component is the majority component of their true blob; 0 unless the
 * blobs' majority components are distinct (one label for every sample would otherwise score 1).
 */
function purity(labels: Int32Array): number {
  let agree = 0;
  const majorities = new Set<number>();
  for (let blob = 0; blob < centers.length; blob++) {
    const counts = new Map<number, number>();
    y.forEach((label, i) => label === blob && counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1));
    const most = Math.max(...counts.values());
    agree += most;
    majorities.add([...counts].find(([, count]) => count === most)![0]);
  }
  return majorities.size === centers.length ? agree / y.length : 0;
}

describe('GaussianMixture', () => {
  it.each(COVARIANCE_TYPES)('recovers three blobs with %s covariances', (covarianceType) => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 0 }).fit(X);
    expect(gmm.converged).toBe(true);
    expect(purity(gmm.predict(X))).toBeGreaterThan(0.98);
    const means = gmm.means.map((m) => Array.from(m)).sort((a, b) => a[0]! + 2 * a[1]! - (b[0]! + 2 * b[1]!));
    means.forEach((mean, c) => mean.forEach((v, j) => expect(Math.abs(v - centers[c]![j]!)).toBeLessThan(0.25)));
    expect(gmm.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const covariances = gmm.covariances;
    expect(covariances.type).toBe(covarianceType);
    if (covariances.type === 'spherical') for (const v of covariances.variances) expect(Math.abs(v / 0.49 - 1)).toBeLessThan(0.25);
    if (covariances.type === 'full') expect(covariances.matrices[0]![0]![1]).toBe(covariances.matrices[0]![1]![0]);
  });

  // scikit-learn's M-step divides the weights by their sum; dividing by n left a one-component
  // weight of (n + 10ε)/n > 1, which toJSON wrote and fromJSON refused ("weights[0]: Too big").
  it.each(COVARIANCE_TYPES)('saves and restores a one-component %s mixture, its weight exactly 1', (covarianceType) => {
    // Few samples: 10ε/n is then more than half an ulp of 1.
    const few = [[0, 0], [2, 0], [0, 2], [2, 2], [1, 3]];
    const gmm = new GaussianMixture({ nComponents: 1, covarianceType, randomState: 0 }).fit(few);
    expect(Array.from(gmm.weights)).toEqual([1]);
    const restored = GaussianMixture.fromJSON(JSON.stringify(gmm.toJSON()));
    expect(Array.from(restored.weights)).toEqual([1]);
    expect(Array.from(restored.predictProba([few[0]!])[0]!)).toEqual([1]);
  });

  it.each(COVARIANCE_TYPES)('sums its weights to 1 within one rounding after fitting (%s), and restores them', (covarianceType) => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 0 }).fit(X);
    expect(Math.abs(gmm.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(Array.from(GaussianMixture.fromJSON(gmm.toJSON()).weights)).toEqual(Array.from(gmm.weights));
  });

  describe('one component, worked by hand', () => {
    // The corners of a 2×2 square: mean (1, 1), population covariance the identity (no regCovar), so each
    // corner's Mahalanobis distance is 2 and its log density −½(2·log 2π + log det I + 2) = −log 2π − 1.
    const square = [
      [0, 0],
      [2, 0],
      [0, 2],
      [2, 2],
    ];
    // scikit-learn's _n_parameters for k = 1, d = 2: covariance (full 3, tied 3, diag 2, spherical 1) + means 2.
    const parameters = { full: 5, tied: 5, diag: 4, spherical: 3 } as const;
    // Equal up to the 10·ε scikit-learn adds to component sizes.
    const close = (actual: ArrayLike<number>, expected: number[]): void => {
      expect(actual).toHaveLength(expected.length);
      expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));
    };

    it.each(COVARIANCE_TYPES)('%s: the sample mean and covariance, converged on the second EM step', (covarianceType) => {
      const gmm = new GaussianMixture({ nComponents: 1, covarianceType, regCovar: 0 }).fit(square);
      expect(gmm.isFitted).toBe(true);
      expect(gmm.nFeatures).toBe(2);
      close(gmm.weights, [1]);
      close(gmm.means.flatMap((m) => Array.from(m)), [1, 1]);
      const covariances = gmm.covariances;
      if (covariances.type === 'full') close(covariances.matrices.flatMap((m) => m.flatMap((r) => Array.from(r))), [1, 0, 0, 1]);
      if (covariances.type === 'tied') close(covariances.matrix.flatMap((r) => Array.from(r)), [1, 0, 0, 1]);
      if (covariances.type === 'diag') close(covariances.variances.flatMap((r) => Array.from(r)), [1, 1]);
      if (covariances.type === 'spherical') close(covariances.variances, [1]);
      // scikit-learn: the first step's change is from −∞, the second's is 0 < tol.
      expect([gmm.converged, gmm.nIter]).toEqual([true, 2]);
      const logLikelihood = -Math.log(2 * Math.PI) - 1;
      expect(gmm.score(square)).toBeCloseTo(logLikelihood, 12);
      expect(gmm.lowerBound).toBeCloseTo(logLikelihood, 12);
      expect(gmm.scoreSamples([[1, 1]])[0]).toBeCloseTo(-Math.log(2 * Math.PI), 12);
      expect(gmm.bic(square)).toBeCloseTo(-2 * logLikelihood * 4 + parameters[covarianceType] * Math.log(4), 10);
      expect(gmm.aic(square)).toBeCloseTo(-2 * logLikelihood * 4 + 2 * parameters[covarianceType], 10);
      close(gmm.predictProba(square).flatMap((r) => Array.from(r)), [1, 1, 1, 1]);
      expect(Array.from(gmm.predict(square))).toEqual([0, 0, 0, 0]);
    });

    it('adds regCovar to the variances', () => {
      const gmm = new GaussianMixture({ nComponents: 1, covarianceType: 'diag', regCovar: 0.5 }).fit(square);
      const covariances = gmm.covariances;
      expect(covariances.type).toBe('diag');
      if (covariances.type === 'diag') close(covariances.variances[0]!, [1.5, 1.5]);
    });
  });

  it('gives posteriors summing to 1; single-row methods agree and fill the given buffer', () => {
    const gmm = new GaussianMixture({ nComponents: 3, randomState: 1 }).fit(X);
    const proba = gmm.predictProba(X);
    const labels = gmm.predict(X);
    const buffer = new Float64Array(3);
    X.forEach((row, i) => {
      expect(proba[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(gmm.predictProbaRow(row, buffer)).toBe(buffer);
      for (let c = 0; c < 3; c++) expect(buffer[c]).toBeCloseTo(proba[i]![c]!, 12);
      expect(gmm.predictRow(row)).toBe(labels[i]);
    });
  });

  it('scores the mean log-likelihood; BIC and AIC count scikit-learn’s free parameters', () => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 0 }).fit(X);
    const samples = gmm.scoreSamples(X);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(gmm.score(X)).toBeCloseTo(mean, 12);
    expect(gmm.lowerBound).toBeCloseTo(mean, 2);
    // spherical, k = 3, d = 2: 3 variances + 6 means + 2 weights = 11.
    expect(gmm.bic(X)).toBeCloseTo(-2 * mean * X.length + 11 * Math.log(X.length), 8);
    expect(gmm.aic(X)).toBeCloseTo(-2 * mean * X.length + 22, 8);
  });

  it('stays finite on collapsing variances (duplicated points), thanks to log-sum-exp and regCovar', () => {
    const data = [...Array.from({ length: 40 }, () => [1, 1]), ...X.slice(0, 60)];
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'diag', randomState: 0 }).fit(data);
    expect(Number.isFinite(gmm.score(data))).toBe(true);
    for (const row of gmm.predictProba([[1, 1], [100, -100]])) for (const p of row) expect(Number.isFinite(p)).toBe(true);
    expect(Number.isFinite(gmm.scoreSamples([[1e6, 1e6]])[0]!)).toBe(true);
  });

  it('is deterministic for a randomState; more initialisations never do worse', () => {
    const a = new GaussianMixture({ nComponents: 4, randomState: 3 }).fit(X);
    const b = new GaussianMixture({ nComponents: 4, randomState: 3 }).fit(X);
    expect(a.toJSON()).toEqual(b.toJSON());
    const many = new GaussianMixture({ nComponents: 4, randomState: 3, nInit: 4 }).fit(X);
    expect(many.lowerBound).toBeGreaterThanOrEqual(a.lowerBound - 1e-12);
  });

  it('reports non-convergence instead of pretending', () => {
    const gmm = new GaussianMixture({ nComponents: 3, maxIter: 1, tol: 0, randomState: 0 }).fit(X);
    expect(gmm.converged).toBe(false);
    expect(gmm.nIter).toBe(1);
    expect(Number.isFinite(gmm.lowerBound)).toBe(true);
  });

  describe('stops as scikit-learn does: converged when the change is strictly below tol', () => {
    // One component on the corners of a 2×2 square: the first EM step already holds the sample
    // mean and covariance (log-likelihood −log 2π − 1), the second step changes it by exactly 0.
    const square = [
      [0, 0],
      [2, 0],
      [0, 2],
      [2, 2],
    ];
    it.each([
      // maxIter 2 is just enough: converged on the 2nd step.
      [{ maxIter: 2 }, true, 2],
      // One step: the change from −∞ is not below tol.
      [{ maxIter: 1 }, false, 1],
      // tol 0: a change of exactly 0 is not < 0, so EM runs to maxIter (scikit-learn's `abs(change) < tol`).
      [{ maxIter: 4, tol: 0 }, false, 4],
    ] as const)('%j: converged %s after %d iterations', (options, converged, nIter) => {
      const gmm = new GaussianMixture({ nComponents: 1, regCovar: 0, ...options }).fit(square);
      expect([gmm.converged, gmm.nIter]).toEqual([converged, nIter]);
      expect(gmm.lowerBound).toBeCloseTo(-Math.log(2 * Math.PI) - 1, 12);
    });
  });

  it('is not fitted before fit, and hands out copies of its parameters', () => {
    expect(new GaussianMixture().isFitted).toBe(false);
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'diag', randomState: 0 }).fit(X);
    const before = gmm.toJSON();
    gmm.weights.fill(7);
    gmm.means[0]!.fill(7);
    const covariances = gmm.covariances;
    if (covariances.type === 'diag') covariances.variances[0]!.fill(7);
    const spherical = new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit(X);
    const sphericalBefore = spherical.toJSON();
    const variances = spherical.covariances;
    if (variances.type === 'spherical') variances.variances.fill(7);
    expect(gmm.toJSON()).toEqual(before);
    expect(spherical.toJSON()).toEqual(sphericalBefore);
  });

  it('predicts the first of equally likely components, as numpy.argmax', () => {
    // Two identical components: every row is as likely under both.
    const twin = { format: 'msr.gaussian-mixture', version: 1, options: { nComponents: 2, covarianceType: 'spherical', randomState: 0, maxIter: 100, tol: 1e-3, regCovar: 1e-6, nInit: 1 }, nFeatures: 2, weights: [0.5, 0.5], means: [1, 1, 1, 1], covariances: [2, 2], converged: true, nIter: 1, lowerBound: 0 };
    const gmm = GaussianMixture.fromJSON(twin);
    expect(Array.from(gmm.predict([[0, 0], [1, 1], [5, -3]]))).toEqual([0, 0, 0]);
    expect(gmm.predictRow([2, 2])).toBe(0);
  });

  it('fits as many components as samples, and tells rows apart by every value', () => {
    // Two rows that read alike if their values were joined without a separator ("111").
    const gmm = new GaussianMixture({ nComponents: 2 }).fit([
      [1, 11],
      [11, 1],
    ]);
    expect(new Set(gmm.predict([[1, 11], [11, 1]])).size).toBe(2);
  });

  it('round-trips through versioned JSON with identical predictions', () => {
    for (const covarianceType of COVARIANCE_TYPES) {
      const gmm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 2 }).fit(X);
      const restored = GaussianMixture.fromJSON(JSON.stringify(gmm.toJSON()));
      expect(restored.predictProba(X)).toEqual(gmm.predictProba(X));
      expect(restored.converged).toBe(gmm.converged);
    }
  });

  describe('refuses a corrupted model with ERR_MODEL_FORMAT naming the field', () => {
    // Fitted inside the tests, not while collecting them: code run at collection is a "static"
    // mutant to StrykerJS, which then reruns every test for each of its mutants.
    let good: GaussianMixtureJSON | undefined;
    const corrupt = (change: (json: GaussianMixtureJSON) => void) => (): unknown => {
      good ??= new GaussianMixture({ nComponents: 3, covarianceType: 'full', randomState: 2 }).fit(X).toJSON();
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };
    const cases: [string, () => unknown, string][] = [
      ['a future version', corrupt((j) => ((j as { version: number }).version = 9)), 'version'],
      ['too few means', corrupt((j) => j.means.pop()), 'means'],
      ['a null weight', corrupt((j) => ((j.weights as unknown[])[0] = null)), 'weights[0]'],
      ['an unknown covariance type', corrupt((j) => ((j.options as { covarianceType: string }).covarianceType = 'round')), 'options.covarianceType'],
      ['a covariance that is not positive definite', corrupt((j) => (j.covariances[0] = -1)), 'covariances'],
    ];
    it.each(cases)('%s', (_, json, path) => {
      const error = thrown(() => GaussianMixture.fromJSON(json()));
      expect(error.code).toBe('ERR_MODEL_FORMAT');
      expect((error as MsrError & { path: string }).path).toBe(path);
    });
    it('says why a covariance is refused and keeps the numerical error as its cause', () => {
      const error = thrown(() => GaussianMixture.fromJSON(corrupt((j) => (j.covariances[0] = -1))()));
      expect(error.message).toContain('covariances: must be positive definite');
      expect(error.cause).toBeInstanceOf(NumericalError);
    });
  });

  describe('refuses bad input with a typed error naming the argument', () => {
    const cases: [string, () => unknown, string, string][] = [
      ['nComponents above the sample count', () => new GaussianMixture({ nComponents: 5 }).fit(X.slice(0, 4)), 'ERR_OUT_OF_RANGE', 'options.nComponents'],
      ['fewer distinct rows than components', () => new GaussianMixture({ nComponents: 2 }).fit([[1, 1], [1, 1], [1, 1]]), 'ERR_OUT_OF_RANGE', 'X'],
      ['a NaN feature', () => new GaussianMixture().fit([[1, 2], [NaN, 1]]), 'ERR_NON_FINITE', 'X[1][0]'],
      ['ragged rows', () => new GaussianMixture().fit([[1, 2], [1]]), 'ERR_RAGGED_ROWS', 'X[1]'],
      ['empty data', () => new GaussianMixture().fit([]), 'ERR_EMPTY_DATA', 'X'],
      ['an unknown covariance type', () => new GaussianMixture({ covarianceType: 'round' as 'full' }), 'ERR_INVALID_ARGUMENT', 'options.covarianceType'],
      ['nComponents 0', () => new GaussianMixture({ nComponents: 0 }), 'ERR_OUT_OF_RANGE', 'options.nComponents'],
      ['negative regCovar', () => new GaussianMixture({ regCovar: -1 }), 'ERR_OUT_OF_RANGE', 'options.regCovar'],
      ['predict before fit', () => new GaussianMixture().predict(X), 'ERR_NOT_FITTED', 'GaussianMixture'],
      ['a row of the wrong width', () => new GaussianMixture().fit(X).predictRow([1, 2, 3]), 'ERR_FEATURE_COUNT', 'row'],
      ['a negative randomState', () => new GaussianMixture({ randomState: -1 }), 'ERR_OUT_OF_RANGE', 'options.randomState'],
      ['maxIter 0', () => new GaussianMixture({ maxIter: 0 }), 'ERR_OUT_OF_RANGE', 'options.maxIter'],
      ['a negative tol', () => new GaussianMixture({ tol: -1 }), 'ERR_OUT_OF_RANGE', 'options.tol'],
      ['nInit 0', () => new GaussianMixture({ nInit: 0 }), 'ERR_OUT_OF_RANGE', 'options.nInit'],
      ['rows of the wrong width to predict', () => new GaussianMixture().fit(X).predict([[1, 2, 3]]), 'ERR_FEATURE_COUNT', 'X'],
      ['rows of the wrong width to predictProba', () => new GaussianMixture().fit(X).predictProba([[1, 2, 3]]), 'ERR_FEATURE_COUNT', 'X'],
      ['rows of the wrong width to score', () => new GaussianMixture().fit(X).scoreSamples([[1, 2, 3]]), 'ERR_FEATURE_COUNT', 'X'],
    ];
    it.each(cases)('%s', (_, fn, code, argument) => {
      const error = thrown(fn);
      expect(error.code).toBe(code);
      expect(error.message.startsWith(`${argument}`)).toBe(true);
    });

    it('words the sample-count refusals', () => {
      expect(thrown(() => new GaussianMixture({ nComponents: 5 }).fit(X.slice(0, 4))).message).toBe('options.nComponents: is 5, more than the 4 samples in X');
      expect(thrown(() => new GaussianMixture({ nComponents: 2 }).fit([[1, 1], [1, 1], [1, 1]])).message).toBe('X: has fewer distinct rows than options.nComponents (2)');
    });
  });
});
