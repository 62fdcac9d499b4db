import { describe, expect, it } from 'vitest';
import { MsrError } from '../../errors/msr-error.js';
import { accuracyScore } from '../../metrics/accuracy-score.js';
import { createPrng } from '../../random/prng.js';
import { gaussianBlobs } from '../__fixtures__/blobs.js';
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from './gradient-boosting-classifier.js';
import type { GradientBoostingClassifierJSON } from './gradient-boosting-json.js';
import { thrown } from '../__fixtures__/thrown.js';

const centers = [
  [0, 0, 0],
  [3, 3, 0],
  [0, 3, 3],
];
const blobs = gaussianBlobs(centers, 120, 0.8, 1);
const heldOut = gaussianBlobs(centers, 60, 0.8, 2);

function fitted(options: GradientBoostingClassifierOptions = {}): GradientBoostingClassifier {
  return new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, ...options }).fit(blobs.X, blobs.y);
}


describe('GradientBoostingClassifier', () => {
  it('separates three Gaussian blobs (multiclass: one tree per class and round)', () => {
    const clf = fitted();
    expect(clf.classes).toEqual([0, 1, 2]);
    expect(clf.nIter).toBe(30);
    expect(accuracyScore(heldOut.y, clf.predict(heldOut.X))).toBeGreaterThan(0.95);
  });

  it('handles two classes with one logistic tree per round; labels keep their values', () => {
    const X = blobs.X.slice(0, 240);
    const y = blobs.y.slice(0, 240).map((label) => (label === 0 ? -1 : 7));
    const clf = new GradientBoostingClassifier({ nEstimators: 20 }).fit(X, y);
    expect(clf.classes).toEqual([-1, 7]);
    expect(clf.toJSON().trees.roots).toHaveLength(20);
    expect(accuracyScore(y, clf.predict(X))).toBeGreaterThan(0.97);
    const [proba] = clf.predictProba([X[0]!]);
    expect(proba![0]! + proba![1]!).toBeCloseTo(1, 12);
    expect(proba![0]).toBeGreaterThan(0.5);
  });

  it('returns probability rows summing to 1; the single-row methods agree and fill the given buffer', () => {
    const clf = fitted();
    const proba = clf.predictProba(heldOut.X);
    const labels = clf.predict(heldOut.X);
    const buffer = new Float64Array(3);
    heldOut.X.forEach((row, i) => {
      expect(proba[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const single = clf.predictProbaRow(row, buffer);
      expect(single).toBe(buffer);
      for (let k = 0; k < 3; k++) expect(single[k]).toBeCloseTo(proba[i]![k]!, 12);
      expect(clf.predictRow(row)).toBe(labels[i]);
    });
    expect(clf.predictProbaRow(heldOut.X[0]!)).toHaveLength(3);
  });

  it('starts from the class priors: one shallow round moves little from them', () => {
    const y = blobs.y.map((label, i) => (i % 4 === 0 ? 2 : label));
    const clf = new GradientBoostingClassifier({ nEstimators: 1, learningRate: 1e-9 }).fit(blobs.X, y);
    const prior = [0, 1, 2].map((k) => y.filter((label) => label === k).length / y.length);
    const [proba] = clf.predictProba([blobs.X[0]!]);
    prior.forEach((p, k) => expect(proba![k]).toBeCloseTo(p, 6));
  });

  it('reports the log of each class\'s share of the training rows (classLogPriors), also after a JSON round-trip', () => {
    // 4 rows of class 0, 2 of class 1, 2 of class 2: shares 1/2, 1/4, 1/4, whatever the trees learn.
    const X = [[0], [1], [2], [3], [4], [5], [6], [7]];
    const clf = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2, minSamplesLeaf: 1 }).fit(X, [0, 0, 0, 0, 1, 1, 2, 2]);
    const expected = [Math.log(1 / 2), Math.log(1 / 4), Math.log(1 / 4)];
    expected.forEach((v, k) => expect(clf.classLogPriors[k]).toBeCloseTo(v, 12));
    const loaded = GradientBoostingClassifier.fromJSON(clf.toJSON());
    expected.forEach((v, k) => expect(loaded.classLogPriors[k]).toBeCloseTo(v, 12));
    // Two classes (one logistic output): 6 of label 5, 2 of label 9.
    const binary = new GradientBoostingClassifier({ nEstimators: 2, minSamplesLeaf: 1 }).fit(X, [5, 5, 5, 5, 5, 5, 9, 9]);
    expect(binary.classLogPriors).toHaveLength(2);
    expect(binary.classLogPriors[0]).toBeCloseTo(Math.log(3 / 4), 12);
    expect(binary.classLogPriors[1]).toBeCloseTo(Math.log(1 / 4), 12);
  });

  it('is deterministic for a randomState, with row subsampling too', () => {
    const options = { subsample: 0.5, randomState: 7 };
    expect(fitted(options).predictProba(heldOut.X)).toEqual(fitted(options).predictProba(heldOut.X));
    expect(fitted({ ...options, randomState: 8 }).predictProba(heldOut.X)).not.toEqual(fitted(options).predictProba(heldOut.X));
    expect(accuracyScore(heldOut.y, fitted(options).predict(heldOut.X))).toBeGreaterThan(0.95);
  });

  it('predicts the same with deep trees (the tree-walking path) as a compiled model would', () => {
    // maxDepth 12 is past the compiled layout's limit: the general walker predicts.
    const deep = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 12, learningRate: 0.5 }).fit(blobs.X, blobs.y);
    expect(accuracyScore(blobs.y, deep.predict(blobs.X))).toBe(1);
    const buffer = new Float64Array(3);
    const batch = deep.predictProba(heldOut.X);
    heldOut.X.forEach((row, i) => expect(Array.from(deep.predictProbaRow(row, buffer))).toEqual(Array.from(batch[i]!)));
  });

  it('loads and predicts with a valid model of very deep trees (no recursion to exhaust the stack)', () => {
    // One tree: a chain of 10,000 splits on x ≤ i, each with a leaf of value 0.1 on the left.
    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    for (let i = 0; i < 20_000; i += 2) {
      feature.push(0, -1);
      threshold.push(i, 0.1);
      left.push(i + 1, 0);
    }
    feature.push(-1);
    threshold.push(-0.1);
    left.push(0);
    const json = { ...fitted().toJSON(), classes: [0, 1], nFeatures: 1, nIter: 1, baseline: [0], featureImportances: [1], trees: { roots: [0], feature, threshold, left } };
    const clf = GradientBoostingClassifier.fromJSON(json);
    expect(clf.predictProba([[5]])[0]![1]).toBeCloseTo(1 / (1 + Math.exp(-0.1)), 12);
    expect(clf.predictProba([[1e9]])[0]![1]).toBeCloseTo(1 / (1 + Math.exp(0.1)), 12);
  });

  it('reports each round through onIteration with a falling training loss', () => {
    const losses: number[] = [];
    fitted().fit(blobs.X, blobs.y, { onIteration: (event) => losses.push(event.trainLoss) });
    expect(losses).toHaveLength(30);
    expect(losses[29]!).toBeLessThan(losses[0]! / 3);
  });

  it('stops early when the held-out loss stops improving', () => {
    const rng = createPrng(3);
    const noisy = blobs.y.map((label) => (rng.next() < 0.3 ? rng.int(3) : label));
    const validation: number[] = [];
    const clf = new GradientBoostingClassifier({
      nEstimators: 400,
      learningRate: 0.5,
      maxDepth: 4,
      earlyStopping: { nIterNoChange: 5, validationFraction: 0.2 },
    }).fit(blobs.X, noisy, { onIteration: (event) => validation.push(event.validationLoss!) });
    expect(clf.nIter).toBeLessThan(400);
    expect(validation).toHaveLength(clf.nIter);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.every(Number.isFinite)).toBe(true);
    expect(clf.toJSON().trees.roots).toHaveLength(clf.nIter * 3);
  });

  it('credits the informative feature in featureImportances', () => {
    const rng = createPrng(5);
    const X = blobs.X.map((row) => [rng.normal(), row[0]!, rng.normal()]);
    const y = blobs.y.map((label) => (label === 0 ? 0 : 1));
    const importances = new GradientBoostingClassifier({ nEstimators: 20 }).fit(X, y).featureImportances;
    expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(importances[1]).toBeGreaterThan(3 * Math.max(importances[0]!, importances[2]!));
  });

  it('round-trips through versioned JSON (object and text) with identical predictions', () => {
    const clf = fitted({ subsample: 0.8 });
    const json = clf.toJSON();
    expect(json.format).toBe('msr.gradient-boosting-classifier');
    expect(json.version).toBe(1);
    const restored = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(restored.predictProba(heldOut.X)).toEqual(clf.predictProba(heldOut.X));
    expect(GradientBoostingClassifier.fromJSON(JSON.stringify(json)).predict(heldOut.X)).toEqual(clf.predict(heldOut.X));
    expect(restored.options).toEqual(clf.options);
    expect(Array.from(restored.featureImportances)).toEqual(Array.from(clf.featureImportances));
  });

  it('maxLeafNodes grows each tree best-first up to that many leaves, within maxDepth', () => {
    const leavesPerTree = (clf: GradientBoostingClassifier): number[] => {
      const { roots, feature } = clf.toJSON().trees;
      return Array.from(roots, (root, t) => feature.slice(root, roots[t + 1] ?? feature.length).filter((f) => f < 0).length);
    };
    const depthOf = (clf: GradientBoostingClassifier): number => {
      const { roots, feature, left } = clf.toJSON().trees;
      const depth = (node: number): number => (feature[node]! < 0 ? 0 : 1 + Math.max(depth(left[node]!), depth(left[node]! + 1)));
      return Math.max(...Array.from(roots, depth));
    };
    // Depth-wise with depth 3 the trees reach 8 leaves; best-first with 5 stops at 5.
    expect(Math.max(...leavesPerTree(fitted({ minSamplesLeaf: 1 })))).toBe(8);
    const five = fitted({ maxLeafNodes: 5, maxDepth: 10, minSamplesLeaf: 1 });
    expect(Math.max(...leavesPerTree(five))).toBe(5);
    expect(leavesPerTree(five).every((n) => n <= 5)).toBe(true);
    // Unbounded depth lets the leaves chain deeper than depth-wise growth of as many leaves would.
    expect(depthOf(fitted({ maxLeafNodes: 31, maxDepth: 64, minSamplesLeaf: 1 }))).toBeGreaterThan(5);
    expect(depthOf(fitted({ maxLeafNodes: 31, maxDepth: 2, minSamplesLeaf: 1 }))).toBe(2);
    expect(Math.max(...leavesPerTree(fitted({ maxLeafNodes: 31, maxDepth: 2, minSamplesLeaf: 1 })))).toBe(4);
    expect(accuracyScore(heldOut.y, five.predict(heldOut.X))).toBeGreaterThan(0.95);
    expect(new GradientBoostingClassifier().options.maxLeafNodes).toBe(0);
  });

  it('saves maxLeafNodes with the model; a model saved before it existed loads as depth-wise', () => {
    const clf = fitted({ maxLeafNodes: 5 });
    const json = clf.toJSON();
    expect(json.options.maxLeafNodes).toBe(5);
    const restored = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(restored.options.maxLeafNodes).toBe(5);
    expect(restored.predictProba(heldOut.X)).toEqual(clf.predictProba(heldOut.X));
    const { maxLeafNodes: _dropped, ...older } = json.options;
    const old = GradientBoostingClassifier.fromJSON({ ...json, options: older });
    expect(old.options.maxLeafNodes).toBe(0);
    expect(old.predictProba(heldOut.X)).toEqual(clf.predictProba(heldOut.X));
  });

  describe('refuses a corrupted model with ERR_MODEL_FORMAT naming the field', () => {
    const good = fitted().toJSON();
    const corrupt = (change: (json: GradientBoostingClassifierJSON) => void): unknown => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };
    const splitNode = good.trees.feature.findIndex((f) => f >= 0);
    const cases: [string, unknown, string][] = [
      ['not JSON', '{"format": "msr.gradient', ''],
      ['another format', corrupt((j) => ((j as { format: string }).format = 'msr.gaussian-mixture')), 'format'],
      ['a future version', corrupt((j) => ((j as { version: number }).version = 2)), 'version'],
      ['a non-finite threshold', corrupt((j) => ((j.trees.threshold as unknown[])[3] = null)), 'trees.threshold[3]'],
      ['a feature out of range', corrupt((j) => (j.trees.feature[splitNode] = 3)), `trees.feature[${splitNode}]`],
      ['a child before its parent', corrupt((j) => (j.trees.left[splitNode] = splitNode)), `trees.left[${splitNode}]`],
      ['a missing tree', corrupt((j) => j.trees.roots.pop()), 'trees.roots'],
      ['truncated node arrays', corrupt((j) => j.trees.left.pop()), 'trees'],
      ['a wrong baseline size', corrupt((j) => j.baseline.push(0)), 'baseline'],
      ['unsorted classes', corrupt((j) => j.classes.reverse()), 'classes'],
      ['a negative maxLeafNodes', corrupt((j) => (j.options.maxLeafNodes = -1)), 'options.maxLeafNodes'],
    ];
    it.each(cases)('%s', (_, json, path) => {
      const error = thrown(() => GradientBoostingClassifier.fromJSON(json));
      expect(error.name).toBe('ModelFormatError');
      expect(error.code).toBe('ERR_MODEL_FORMAT');
      expect((error as MsrError & { path: string }).path).toBe(path);
      expect(error.message).toContain('msr.gradient-boosting-classifier');
    });
  });

  describe('refuses bad input with a typed error naming the argument', () => {
    const ok = blobs.X.slice(0, 6);
    const y = [0, 0, 1, 1, 2, 2];
    const cases: [string, () => unknown, string, string][] = [
      ['NaN feature', () => new GradientBoostingClassifier().fit([[1, NaN], [2, 3]], [0, 1]), 'ERR_NON_FINITE', 'X[0][1]'],
      ['Infinity feature', () => new GradientBoostingClassifier().fit([[1, 2], [Infinity, 3]], [0, 1]), 'ERR_NON_FINITE', 'X[1][0]'],
      ['ragged rows', () => new GradientBoostingClassifier().fit([[1, 2], [3]], [0, 1]), 'ERR_RAGGED_ROWS', 'X[1]'],
      ['empty data', () => new GradientBoostingClassifier().fit([], []), 'ERR_EMPTY_DATA', 'X'],
      ['one class only', () => new GradientBoostingClassifier().fit(ok, [1, 1, 1, 1, 1, 1]), 'ERR_SINGLE_CLASS', 'y'],
      ['labels/rows mismatch', () => new GradientBoostingClassifier().fit(ok, [0, 1]), 'ERR_LENGTH_MISMATCH', 'y'],
      ['non-integer labels', () => new GradientBoostingClassifier().fit(ok, [0, 0.5, 1, 1, 2, 2]), 'ERR_INVALID_ARGUMENT', 'y[1]'],
      ['maxDepth < 1', () => new GradientBoostingClassifier({ maxDepth: 0 }), 'ERR_OUT_OF_RANGE', 'options.maxDepth'],
      ['maxLeafNodes < 0', () => new GradientBoostingClassifier({ maxLeafNodes: -1 }), 'ERR_OUT_OF_RANGE', 'options.maxLeafNodes'],
      ['maxLeafNodes not an integer', () => new GradientBoostingClassifier({ maxLeafNodes: 7.5 }), 'ERR_INVALID_ARGUMENT', 'options.maxLeafNodes'],
      ['maxBins > 255', () => new GradientBoostingClassifier({ maxBins: 256 }), 'ERR_OUT_OF_RANGE', 'options.maxBins'],
      ['learningRate 0', () => new GradientBoostingClassifier({ learningRate: 0 }), 'ERR_OUT_OF_RANGE', 'options.learningRate'],
      ['subsample > 1', () => new GradientBoostingClassifier({ subsample: 1.5 }), 'ERR_OUT_OF_RANGE', 'options.subsample'],
      ['early stopping with a one-row class', () => new GradientBoostingClassifier({ earlyStopping: true }).fit(ok, [0, 0, 1, 1, 1, 2]), 'ERR_INVALID_ARGUMENT', 'y: early stopping'],
      ['predict before fit', () => new GradientBoostingClassifier().predict(ok), 'ERR_NOT_FITTED', 'GradientBoostingClassifier'],
      ['too few features', () => fitted().predict([[1, 2]]), 'ERR_FEATURE_COUNT', 'X[0]'],
      ['a NaN row', () => fitted().predictProbaRow([1, NaN, 2]), 'ERR_NON_FINITE', 'row[1]'],
      ['a short output buffer', () => fitted().predictProbaRow([1, 2, 3], new Float64Array(2)), 'ERR_LENGTH_MISMATCH', 'output'],
    ];
    it.each(cases)('%s', (_, fn, code, argument) => {
      const error = thrown(fn);
      expect(error.code).toBe(code);
      expect(error.message).toContain(argument);
    });
  });
});
