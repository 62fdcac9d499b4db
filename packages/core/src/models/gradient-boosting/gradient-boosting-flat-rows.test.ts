import { describe, expect, it } from 'vitest';
import { gaussianBlobs } from '../__fixtures__/blobs.js';
import { thrown } from '../__fixtures__/thrown.js';
import { GradientBoostingClassifier } from './gradient-boosting-classifier.js';

/**
 * The serving path's flat forms (decision 1202): `predictProbaRows` must give `predictProba`'s
 * floats laid out row-major, and `predictionBins` bins such that equal bins mean equal
 * probabilities — checked against the row-by-row API, never against themselves.
 */
const centers = [
  [0, 0, 0],
  [3, 3, 0],
  [0, 3, 3],
];
const blobs = gaussianBlobs(centers, 80, 0.8, 1);
const heldOut = gaussianBlobs(centers, 20, 0.8, 2);
const multi = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3, randomState: 0 }).fit(blobs.X, blobs.y);
const binary = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3, randomState: 0 }).fit(
  blobs.X,
  blobs.y.map((y) => (y === 0 ? 0 : 1)),
);
const flat = (rows: number[][]) => Float64Array.from(rows.flat());

describe('GradientBoostingClassifier.predictProbaRows', () => {
  for (const [name, clf] of [
    ['three classes', multi],
    ['two classes (one logit)', binary],
  ] as const) {
    it(`${name}: each row's probabilities are predictProbaRow's, bit for bit, at batch sizes 1, 7, 8, 16, 17 and 60`, () => {
      const k = clf.classes.length;
      for (const rows of [1, 7, 8, 16, 17, 60]) {
        const X = heldOut.X.slice(0, rows);
        const out = clf.predictProbaRows(flat(X), rows, new Float64Array(rows * k));
        X.forEach((row, i) => expect(Array.from(out.subarray(i * k, (i + 1) * k))).toEqual(Array.from(clf.predictProbaRow(row))));
      }
    });
  }

  it('refuses a shape that does not fit and a non-finite value, naming the row and column', () => {
    const k = multi.classes.length;
    expect(thrown(() => multi.predictProbaRows(new Float64Array(5), 2, new Float64Array(2 * k))).code).toBe('ERR_FEATURE_COUNT');
    expect(thrown(() => multi.predictProbaRows(new Float64Array(6), 2, new Float64Array(k))).message).toContain('output');
    expect(thrown(() => multi.predictProbaRows(new Float64Array(0), 0, new Float64Array(0))).code).toBe('ERR_EMPTY_DATA');
    const bad = flat([
      [0, 0, 0],
      [1, Number.NaN, 2],
    ]);
    const error = thrown(() => multi.predictProbaRows(bad, 2, new Float64Array(2 * k)));
    expect(error.code).toBe('ERR_NON_FINITE');
    expect(error.message).toContain('data[1][1]');
  });
});

describe('GradientBoostingClassifier.predictionBins', () => {
  it('gives rows equal bins exactly when the trees cannot tell them apart: equal bins, equal probabilities', () => {
    const { feature, threshold } = multi.toJSON().trees;
    const splits = threshold.map((t, i) => [feature[i]!, t] as const).filter(([f]) => f >= 0);
    const [f, t] = splits[0]!;
    // Either side of one split: different bins. Two values on the same side of every split: same bins.
    const base = heldOut.X[0]!;
    const at = (x: number) => base.map((v, j) => (j === f ? x : v));
    const below = at(t);
    const above = at(t + 1e-9 * Math.max(1, Math.abs(t)));
    const bins = new Uint8Array(2 * 3);
    expect(multi.predictionBins(flat([below, above]), 2, bins)).toBe(true);
    expect(bins[f]).not.toBe(bins[3 + f]);
    const sameSide = splits.filter(([g]) => g === f).map(([, u]) => u);
    const lowest = Math.min(...sameSide);
    const a = at(lowest - 1);
    const b = at(lowest - 2);
    multi.predictionBins(flat([a, b]), 2, bins);
    expect(Array.from(bins.subarray(0, 3))).toEqual(Array.from(bins.subarray(3, 6)));
    expect(Array.from(multi.predictProbaRow(a))).toEqual(Array.from(multi.predictProbaRow(b)));
  });

  it('refuses buffers shorter than rows × nFeatures', () => {
    expect(thrown(() => multi.predictionBins(new Float64Array(3), 2, new Uint8Array(6))).code).toBe('ERR_FEATURE_COUNT');
    expect(thrown(() => multi.predictionBins(new Float64Array(6), 2, new Uint8Array(3))).code).toBe('ERR_FEATURE_COUNT');
  });
});
