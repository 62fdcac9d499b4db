import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../errors/msr-error.js';
import { thrown } from '../__fixtures__/thrown.js';
import { choleskyLower, COVARIANCE_TYPES, covarianceSize, GaussianComponents, logSumExp, type CovarianceType } from './gaussian-components.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Row-major DenseMatrix of rows. */
function dense(rows: number[][]) {
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]!.length };
}

// Every expectation below is worked out by hand from the definitions scikit-learn documents
// (`_estimate_gaussian_parameters`, `_n_parameters`) and the Gaussian density, not read off the code.

describe('choleskyLower', () => {
  it('factors a 2×2 and the textbook 3×3 example, read at a block offset', () => {
    // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]].
    expect(Array.from(choleskyLower(Float64Array.from([4, 2, 2, 3]), 0, 2)!)).toEqual([2, 0, 1, Math.SQRT2]);
    // [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]].
    const padded = Float64Array.from([9, 9, 9, 4, 12, -16, 12, 37, -43, -16, -43, 98]);
    expect(Array.from(choleskyLower(padded, 3, 3)!)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('gives back L from L Lᵀ in 4-d', () => {
    const L = [
      [2, 0, 0, 0],
      [1, 3, 0, 0],
      [2, 1, 1, 0],
      [1, 2, 3, 4],
    ];
    const A = L.map((row, a) => L.map((other, b) => row.reduce((sum, v, m) => sum + v * other[m]!, 0)));
    expect(Array.from(choleskyLower(Float64Array.from(A.flat()), 0, 4)!)).toEqual(L.flat());
  });

  it('refuses a matrix that is not symmetric, not positive definite, or singular', () => {
    // The textbook 3×3 with one entry below the diagonal changed (−43 → −42).
    expect(choleskyLower(Float64Array.from([4, 12, -16, 12, 37, -43, -16, -42, 98]), 0, 3)).toBeUndefined();
    expect(choleskyLower(Float64Array.from([4, 1, 2, 3]), 0, 2)).toBeUndefined();
    expect(choleskyLower(Float64Array.from([4, 2, 1, 3]), 0, 2)).toBeUndefined();
    // Pivot 1 − 2² < 0.
    expect(choleskyLower(Float64Array.from([1, 2, 2, 1]), 0, 2)).toBeUndefined();
    // Pivot 1 − 1² = 0.
    expect(choleskyLower(Float64Array.from([1, 1, 1, 1]), 0, 2)).toBeUndefined();
    expect(choleskyLower(Float64Array.from([0]), 0, 1)).toBeUndefined();
    expect(choleskyLower(Float64Array.from([-4]), 0, 1)).toBeUndefined();
  });
});

describe('logSumExp', () => {
  it('is log Σ exp over the first k values, stable far below exp’s range', () => {
    expect(logSumExp(Float64Array.from([Math.log(1), Math.log(2), Math.log(3)]), 3)).toBeCloseTo(Math.log(6), 14);
    expect(logSumExp(Float64Array.from([0, 0, 100]), 2)).toBeCloseTo(Math.log(2), 14);
    expect(logSumExp(Float64Array.from([-1000, -1000]), 2)).toBeCloseTo(-1000 + Math.log(2), 10);
    expect(logSumExp(Float64Array.from([-1000, 5]), 2)).toBeCloseTo(5 + Math.log1p(Math.exp(-1005)), 14);
    // The largest value is the pivot wherever it stands: pivoting on −1000 would overflow exp(1005).
    expect(logSumExp(Float64Array.from([5, -1000]), 2)).toBeCloseTo(5, 14);
    expect(logSumExp(Float64Array.from([-Infinity, -Infinity]), 2)).toBe(-Infinity);
  });
});

describe('GaussianComponents sizes', () => {
  it('holds scikit-learn’s covariance shapes and counts its free parameters (k = 3, d = 3)', () => {
    // covariances: full k·d·d, tied d·d, diag k·d, spherical k.
    expect(COVARIANCE_TYPES.map((type) => covarianceSize(type, 3, 2))).toEqual([12, 4, 6, 3]);
    // _n_parameters: covariance (full k·d(d+1)/2 = 18, tied d(d+1)/2 = 6, diag k·d = 9, spherical k = 3)
    // + means k·d = 9 + weights k − 1 = 2.
    expect(COVARIANCE_TYPES.map((type) => new GaussianComponents(type, 3, 3).nParameters)).toEqual([29, 17, 20, 14]);
    const components = new GaussianComponents('diag', 3, 2);
    expect([components.weights.length, components.means.length, components.covariances.length, components.factors.length, components.logNorm.length]).toEqual([3, 6, 6, 6, 3]);
  });
});

describe('GaussianComponents.estimate (the M-step)', () => {
  // Rows 0, 1 belong to component 0 and rows 2, 3 to component 1 (hard responsibilities).
  // Component 0: mean (1, 1), deviations ±(1, 1): scatter [[2, 2], [2, 2]], covariance [[1, 1], [1, 1]].
  // Component 1: mean (5, 2), deviations ±(1, 2): scatter [[2, 4], [4, 8]], covariance [[1, 2], [2, 4]].
  const X = dense([
    [0, 0],
    [2, 2],
    [4, 0],
    [6, 4],
  ]);
  const resp = Float64Array.from([1, 0, 1, 0, 0, 1, 0, 1]);
  const reg = 0.5;
  const fitted = (type: CovarianceType): GaussianComponents => {
    const components = new GaussianComponents(type, 2, 2);
    components.estimate(X, resp, reg);
    return components;
  };
  const close = (actual: ArrayLike<number>, expected: number[]): void => {
    expect(actual).toHaveLength(expected.length);
    expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));
  };

  it.each([
    // full: each component's covariance + reg on the diagonal.
    ['full', [1.5, 1, 1, 1.5, 1.5, 2, 2, 4.5]],
    // tied: the summed scatter [[4, 6], [6, 10]] over n = 4, + reg.
    ['tied', [1.5, 1.5, 1.5, 3]],
    // diag: the diagonals.
    ['diag', [1.5, 1.5, 1.5, 4.5]],
    // spherical: the diagonals' means, (1 + 1)/2 and (1 + 4)/2, + reg.
    ['spherical', [1.5, 3]],
  ] as const)('%s: weights, means and covariances as scikit-learn estimates them', (type, covariances) => {
    const components = fitted(type);
    close(components.weights, [0.5, 0.5]);
    close(components.means, [1, 1, 5, 2]);
    close(components.covariances, [...covariances]);
  });

  it('weighs means and variances by soft responsibilities', () => {
    // x = 0 with responsibilities (½, ½), x = 4 with (1, 0): component 0 has size 1.5, mean 4/1.5 = 8/3,
    // variance (½·(8/3)² + (4 − 8/3)²)/1.5 = 32/9; component 1 has size ½, mean 0, variance 0 (+ reg).
    const components = new GaussianComponents('diag', 2, 1);
    components.estimate(dense([[0], [4]]), Float64Array.from([0.5, 0.5, 1, 0]), 0.1);
    close(components.weights, [0.75, 0.25]);
    close(components.means, [8 / 3, 0]);
    close(components.covariances, [32 / 9 + 0.1, 0.1]);
  });

  it.each(COVARIANCE_TYPES)('%s: the weighted log-densities are log w + log N(x | μ, Σ)', (type) => {
    const components = fitted(type);
    // The 2×2 covariance of each component from the table above, as a full matrix.
    const sigma = (c: number): [number, number, number] => {
      const v = components.covariances;
      if (type === 'full') return [v[c * 4]!, v[c * 4 + 1]!, v[c * 4 + 3]!];
      if (type === 'tied') return [v[0]!, v[1]!, v[3]!];
      if (type === 'diag') return [v[c * 2]!, 0, v[c * 2 + 1]!];
      return [v[c]!, 0, v[c]!];
    };
    const out = new Float64Array(2);
    for (const x of [
      [0, 0],
      [3, -1],
      [10, 7],
    ]) {
      components.weightedLogDensities(Float64Array.from([99, ...x]), 1, out, new Float64Array(2));
      for (let c = 0; c < 2; c++) {
        const [a, b, d] = sigma(c);
        const det = a * d - b * b;
        const u = x[0]! - components.means[c * 2]!;
        const w = x[1]! - components.means[c * 2 + 1]!;
        // (x − μ)ᵀ Σ⁻¹ (x − μ) with Σ⁻¹ = [[d, −b], [−b, a]] / det.
        const mahalanobis = (d * u * u - 2 * b * u * w + a * w * w) / det;
        expect(out[c]).toBeCloseTo(Math.log(0.5) - 0.5 * (2 * LOG_2PI + Math.log(det) + mahalanobis), 10);
      }
    }
  });

  it.each([
    ['full', 'component 0'],
    ['diag', 'component 1'],
  ] as const)('%s: refuses a covariance that is not positive definite (no regCovar), naming the component', (type, component) => {
    // Full: component 0's covariance [[1, 1], [1, 1]] is singular. Diag: component 1 is one point repeated.
    const components = new GaussianComponents(type, 2, 2);
    const data = type === 'full' ? X : dense([[0, 0], [2, 2], [4, 0], [4, 0]]);
    const error = thrown(() => components.estimate(data, resp, 0), NumericalError);
    expect(error.code).toBe('ERR_NUMERICAL');
    expect(error.message).toContain(`${component} is not positive definite`);
    expect(error.message).toContain('increase options.regCovar or use fewer components');
  });
});

describe('GaussianComponents in 3-d, full covariances', () => {
  // Hard responsibilities: rows 0, 1 → component 0, mean (1, 1, 2), deviations ±v₀ with v₀ = (1, 1, 2);
  // rows 2, 3 → component 1, mean (5, 2, 0), deviations ±v₁ with v₁ = (1, 2, −1). Each covariance is
  // (2·v vᵀ)/2 = v vᵀ, plus reg on the diagonal: Σ_c = reg·I + v_c v_cᵀ.
  const X = dense([
    [0, 0, 0],
    [2, 2, 4],
    [4, 0, 1],
    [6, 4, -1],
  ]);
  const resp = Float64Array.from([1, 0, 1, 0, 0, 1, 0, 1]);
  const reg = 0.5;
  const v = [
    [1, 1, 2],
    [1, 2, -1],
  ];
  const mu = [
    [1, 1, 2],
    [5, 2, 0],
  ];
  const dot = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

  it('estimates each covariance as reg·I + v vᵀ, both triangles written', () => {
    const components = new GaussianComponents('full', 2, 3);
    components.estimate(X, resp, reg);
    const expected = v.flatMap((vc) => vc.flatMap((a, i) => vc.map((b, j) => a * b + (i === j ? reg : 0))));
    // Σ₀ = [[1.5, 1, 2], [1, 1.5, 2], [2, 2, 4.5]], Σ₁ = [[1.5, 2, −1], [2, 4.5, −2], [−1, −2, 1.5]].
    expect(expected).toEqual([1.5, 1, 2, 1, 1.5, 2, 2, 2, 4.5, 1.5, 2, -1, 2, 4.5, -2, -1, -2, 1.5]);
    expect(components.covariances).toHaveLength(18);
    expected.forEach((value, i) => expect(components.covariances[i]).toBeCloseTo(value, 12));
  });

  it('tied: one covariance (v₀v₀ᵀ + v₁v₁ᵀ)/2 + reg·I, both triangles written', () => {
    const components = new GaussianComponents('tied', 2, 3);
    components.estimate(X, resp, reg);
    // The summed scatter 2·v₀v₀ᵀ + 2·v₁v₁ᵀ over n = 4: [[1, 1.5, 0.5], [1.5, 2.5, 0], [0.5, 0, 2.5]] + reg.
    [1.5, 1.5, 0.5, 1.5, 3, 0, 0.5, 0, 3].forEach((value, i) => expect(components.covariances[i]).toBeCloseTo(value, 12));
  });

  it('gives log w + log N(x | μ, Σ) from the closed form of reg·I + v vᵀ', () => {
    // Matrix determinant lemma: det Σ = reg³ (1 + |v|²/reg). Sherman–Morrison: Σ⁻¹ = (I − v vᵀ/(reg + |v|²))/reg,
    // so (x − μ)ᵀ Σ⁻¹ (x − μ) = (|u|² − (v·u)²/(reg + |v|²))/reg with u = x − μ. Here |v₀|² = |v₁|² = 6,
    // det Σ = 0.125 · 13 = 1.625 for both.
    const components = new GaussianComponents('full', 2, 3);
    components.estimate(X, resp, reg);
    const out = new Float64Array(2);
    for (const x of [
      [0, 0, 0],
      [3, -1, 2],
      [1, 4, -2],
      [10, 7, 5],
    ]) {
      components.weightedLogDensities(Float64Array.from([99, 99, ...x]), 2, out, new Float64Array(3));
      for (let c = 0; c < 2; c++) {
        const u = x.map((xi, i) => xi - mu[c]![i]!);
        const vv = dot(v[c]!, v[c]!);
        const mahalanobis = (dot(u, u) - dot(v[c]!, u) ** 2 / (reg + vv)) / reg;
        const logDet = Math.log(reg ** 3 * (1 + vv / reg));
        expect(out[c]).toBeCloseTo(Math.log(0.5) - 0.5 * (3 * LOG_2PI + logDet + mahalanobis), 10);
      }
    }
  });

  it('evaluates a density from a set covariance through its Cholesky factor (the textbook 3×3)', () => {
    // Σ = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]: det Σ = (2·1·3)² = 36. For x − μ = L y the
    // Mahalanobis distance is |y|². Component 1 holds Σ; component 0 the identity, to offset its block.
    const components = new GaussianComponents('full', 2, 3);
    components.weights.set([0.25, 0.75]);
    components.means.set([0, 0, 0, 1, -2, 3]);
    components.covariances.set([1, 0, 0, 0, 1, 0, 0, 0, 1, 4, 12, -16, 12, 37, -43, -16, -43, 98]);
    components.factorize();
    const out = new Float64Array(2);
    for (const y of [
      [1, -1, 2],
      [0.5, 2, -1],
      [0, 0, 1],
    ]) {
      // L y, by hand per row.
      const ly = [2 * y[0]!, 6 * y[0]! + y[1]!, -8 * y[0]! + 5 * y[1]! + 3 * y[2]!];
      const x = ly.map((value, i) => value + [1, -2, 3][i]!);
      components.weightedLogDensities(Float64Array.from(x), 0, out, new Float64Array(3));
      expect(out[1]).toBeCloseTo(Math.log(0.75) - 0.5 * (3 * LOG_2PI + Math.log(36) + dot(y, y)), 10);
      expect(out[0]).toBeCloseTo(Math.log(0.25) - 0.5 * (3 * LOG_2PI + dot(x, x)), 10);
    }
  });
});
