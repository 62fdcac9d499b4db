import { describe, expect, it } from 'vitest';
import { THREE_BLOBS } from '../__fixtures__/numpy-samples.js';
import type { CovarianceType } from './gaussian-components.js';
import { GaussianMixture } from './gaussian-mixture.js';

/**
 * scikit-learn 1.9.1's `GaussianMixture(n_components=3, covariance_type=type,
 * random_state=RS(randomState), n_init=nInit).fit(THREE_BLOBS)` (the Python and `RS` are in
 * `__fixtures__/numpy-samples.ts`), printed rounded to 10 decimals: `weights_`, `means_`,
 * `covariances_` (flattened), `lower_bound_`, `n_iter_` (all converged), `score(X)`, `predict(X)`.
 * With `nInit` 3 the three k-means starts share one generator, as in scikit-learn.
 */
const REFERENCE: { type: CovarianceType; randomState: number; nInit: number; weights: number[]; means: number[]; covariances: number[]; lowerBound: number; nIter: number; score: number; predict: string }[] = [
  { type: 'full', randomState: 0, nInit: 1, weights: [0.409170267,  0.1666425579,  0.4241871751], means: [4.5885159595,  -2.2093806201,  -2.4245746904,  8.6756025483,  1.3788402753,  2.7698973328], covariances: [10.6883403811,  5.9189593199,  5.9189593199,  6.7211504988,  7.6717655943,  8.1436882331,  8.1436882331,  10.5461799866,  9.5863900384,  6.2613609025,  6.2613609025,  6.2742395586], lowerBound: -5.4302621065, nIter: 3, score: -5.430016003, predict: '022022000002000211122221' },
  { type: 'full', randomState: 1, nInit: 3, weights: [0.1876538161,  0.2435223216,  0.5688238623], means: [6.6018908352,  -2.2690174338,  -2.3759568514,  -0.9553604928,  2.4578115404,  4.1754718979], covariances: [5.2017341295,  6.0799275195,  6.0799275195,  7.3117160242,  3.2945865165,  -5.4761890954,  -5.4761890954,  9.8905550212,  9.4070505018,  -5.2476721831,  -5.2476721831,  17.7156852126], lowerBound: -5.2551217941, nIter: 16, score: -5.2551136076, predict: '221121212002000221222212' },
  { type: 'tied', randomState: 0, nInit: 1, weights: [0.3843824203,  0.1665812809,  0.4490362987], means: [4.7772015622,  -2.312806274,  -2.421779909,  8.6773996216,  1.3929480438,  2.5837029189], covariances: [9.4986555329,  6.533207637,  6.533207637,  7.3665788998], lowerBound: -5.4779904721, nIter: 4, score: -5.477958686, predict: '022022200002000211122221' },
  { type: 'tied', randomState: 1, nInit: 3, weights: [0.3677638829,  0.5074503336,  0.1247857835], means: [-1.1682010929,  -0.6814456795,  5.0359389713,  1.4968608518,  -0.5411947238,  9.6781476454], covariances: [6.7114476573,  -3.0627105224,  -3.0627105224,  11.9673142943], lowerBound: -5.6687818749, nIter: 8, score: -5.6681057851, predict: '100010001111101120211102' },
  { type: 'diag', randomState: 0, nInit: 1, weights: [0.1830783675,  0.118020033,  0.6989015994], means: [2.5911369897,  -4.6014947439,  -0.9349593712,  10.31140723,  2.4242270163,  1.9203678914], covariances: [6.8135589825,  0.942802685,  7.7712617829,  4.6244108044,  17.9064918217,  7.5011787019], lowerBound: -5.6175806015, nIter: 27, score: -5.6174287291, predict: '222022202022002212122221' },
  { type: 'diag', randomState: 1, nInit: 3, weights: [0.247141476,  0.5618141283,  0.1910443957], means: [-1.3738412952,  -1.2578027351,  4.8426969336,  0.9166088189,  -1.6898117115,  7.9173121052], covariances: [3.1361120625,  6.3913798928,  5.7558743467,  14.3734319572,  10.0651146264,  12.9297308774], lowerBound: -5.6588694192, nIter: 9, score: -5.6583611233, predict: '100010101111111122211102' },
  { type: 'spherical', randomState: 0, nInit: 1, weights: [0.4111987257,  0.1048894603,  0.483911814], means: [3.8897064681,  -0.3939869954,  -0.7567836168,  10.2647616637,  1.1123299743,  1.6573439265], covariances: [11.8515529713,  6.7025259199,  15.0904088635], lowerBound: -5.7042540622, nIter: 10, score: -5.7035775542, predict: '022022020002000212122221' },
  { type: 'spherical', randomState: 1, nInit: 3, weights: [0.3268940352,  0.4753334129,  0.1977725519], means: [0.1007490398,  -1.499524247,  4.7408017397,  1.2889772384,  -1.1531549534,  8.0605636818], covariances: [9.0401427745,  9.724577742,  11.6376105562], lowerBound: -5.7029994673, nIter: 6, score: -5.7025808232, predict: '100010001111101122211102' },
];

describe('GaussianMixture against scikit-learn', () => {
  it.each(REFERENCE)('$type, randomState $randomState, nInit $nInit: the same fit', (ref) => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType: ref.type, randomState: ref.randomState, nInit: ref.nInit }).fit(THREE_BLOBS);
    const json = gmm.toJSON();
    const close = (actual: number[], expected: number[]) => {
      expect(actual).toHaveLength(expected.length);
      expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 8));
    };
    close(json.weights, ref.weights);
    close(json.means, ref.means);
    close(json.covariances, ref.covariances);
    // The getters give the same numbers, shaped by type.
    const shaped = gmm.covariances;
    const rows = (matrix: Float64Array[]) => matrix.flatMap((row) => Array.from(row));
    close(shaped.type === 'spherical' ? Array.from(shaped.variances) : shaped.type === 'diag' ? rows(shaped.variances) : shaped.type === 'full' ? shaped.matrices.flatMap(rows) : rows(shaped.matrix), ref.covariances);
    close(Array.from(gmm.weights), ref.weights);
    close(rows(gmm.means), ref.means);
    expect(gmm.lowerBound).toBeCloseTo(ref.lowerBound, 8);
    expect([gmm.converged, gmm.nIter]).toEqual([true, ref.nIter]);
    expect(gmm.score(THREE_BLOBS)).toBeCloseTo(ref.score, 8);
    expect(Array.from(gmm.predict(THREE_BLOBS)).join('')).toBe(ref.predict);
  });
});
