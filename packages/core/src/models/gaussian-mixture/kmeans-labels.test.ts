import { describe, expect, it } from 'vitest';
import { kmeansLabels } from './kmeans-labels.js';
import { NumpyRandomState } from './numpy-random-state.js';
import { CLOUD, THREE_BLOBS } from '../__fixtures__/numpy-samples.js';

/**
 * Reference labels printed by scikit-learn 1.9.1: `KMeans(n_clusters=k, n_init=1,
 * random_state=RS(seed)).fit(X).labels_` on the NumPy samples of `__fixtures__/numpy-samples.ts`
 * (its comment holds the Python). `RS` draws k-means++'s first centre with `randint(n)`, as
 * scikit-learn before 1.3 did and `kmeansLabels` does.
 */
const A = THREE_BLOBS;
const B = CLOUD;
const REFERENCE: [string, number[][], number, number, string][] = [
  ['blobs', A, 2, 0, '000000000001000011101001'],
  ['blobs', A, 2, 1, '000000000001000111111101'],
  ['blobs', A, 2, 42, '000010001011000111111101'],
  ['blobs', A, 3, 0, '022022000002000211122221'],
  ['blobs', A, 3, 1, '100010001111101122211102'],
  ['blobs', A, 3, 42, '000010001011001122211121'],
  ['blobs', A, 5, 0, '033323334042004213122231'],
  ['blobs', A, 5, 1, '300010001314331422244404'],
  ['blobs', A, 5, 42, '300010003331333142411124'],
  ['cloud', B, 2, 0, '11010011111001011'],
  ['cloud', B, 2, 1, '11001011011101011'],
  ['cloud', B, 2, 42, '11101001001011111'],
  ['cloud', B, 3, 0, '12002021122201012'],
  ['cloud', B, 3, 1, '21001012211101021'],
  ['cloud', B, 3, 42, '10222201102221210'],
  ['cloud', B, 5, 0, '13042431133203013'],
  ['cloud', B, 5, 1, '21403012211341421'],
  ['cloud', B, 5, 42, '41243204401321211'],
];

const dense = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]!.length });

describe('kmeansLabels', () => {
  it.each(REFERENCE)('%s, k = %d, seed %d: scikit-learn’s labels', (_, rows, k, seed, labels) => {
    expect(Array.from(kmeansLabels(dense(rows), k, new NumpyRandomState(seed))).join('')).toBe(labels);
  });

  it.each([
    [0, [0, 0, 1]],
    [1, [0, 0, 1]],
    [2, [0, 1, 1]],
    [3, [1, 0, 0]],
    [4, [1, 1, 0]],
    [5, [1, 1, 0]],
  ])('gives an equidistant row to the first centre, as scikit-learn (0, 2, 4; seed %d)', (seed, labels) => {
    // Seeds 0 and 3 start from rows 0 and 2 (randint(3) is 0 and 2): row 1 is as far from both and
    // goes to centre 0, which then moves to its side. scikit-learn 1.9.1's labels (same `RS` as above).
    expect(Array.from(kmeansLabels(dense([[0], [2], [4]]), 2, new NumpyRandomState(seed)))).toEqual(labels);
  });

  it('stops when the centres move less than the tolerance, before the labels settle (scikit-learn’s tol)', () => {
    // Heavy-tailed data (rounded Cauchy samples, NumPy RandomState(3)): one far row makes the mean
    // variance, and so the tolerance 1e-4 × it, large. scikit-learn 1.9.1 with its default tol gives
    // the first labels; with tol=0 it goes on to the second (same `RS`, seed 2).
    const rows = [[-5.9, 283.0], [0.0, -0.4], [0.1, -2.1], [-1.6, -1.1], [0.6, 3.0], [0.0, 1.9], [0.6, 0.3], [-2.0, 0.9], [1.4, 0.6], [-0.5, 0.4], [2.5, -2.4], [0.0, -0.5], [0.4, -0.4], [-0.2, -3.2], [-0.2, 0.0], [-0.4, 0.2]];
    expect(Array.from(kmeansLabels(dense(rows), 3, new NumpyRandomState(2))).join('')).toBe('1222000202020222');
  });

  it('measures the tolerance around the column means (data far from the origin)', () => {
    // Rounded Cauchy samples shifted to about (13, 3) (NumPy RandomState(5)): a variance taken around
    // a wrong mean would be larger by 4·mean², and scikit-learn 1.9.1 with that larger tol labels
    // these rows differently. Its labels with the default tol (same `RS`, seed 2):
    const rows = [[13.5, 1.3], [13.7, 3.4], [12.0, 0.6], [12.5, 1.0], [9.0, 2.9], [19.0, 4.3], [14.4, 2.9], [13.2, 2.9], [15.5, 4.7], [12.6, -0.4], [11.8, 4.2], [13.1, 2.5], [13.7, 2.2], [12.6, 2.6], [12.2, 1.7], [10.6, 3.3], [15.4, 3.7], [13.5, 5.1], [30.5, 3.1], [14.5, 3.4], [13.8, 3.0], [19.1, 1.9], [12.4, 2.4], [12.6, 3.3], [13.4, 2.4], [11.7, 2.8], [8.6, 1.8]];
    expect(Array.from(kmeansLabels(dense(rows), 3, new NumpyRandomState(2))).join('')).toBe('101110010111111100200011111');
  });

  it('labels two far groups by seeding order: the first centre is the row randint(n) draws', () => {
    // numpy.random.RandomState(42).randint(6) is 3 (row 3, in the second group), so that group is 0.
    const rows = [[0, 0], [0, 1], [1, 0], [100, 100], [100, 101], [101, 100]];
    expect(new NumpyRandomState(42).randint(6)).toBe(3);
    expect(Array.from(kmeansLabels(dense(rows), 2, new NumpyRandomState(42)))).toEqual([1, 1, 1, 0, 0, 0]);
  });
});
