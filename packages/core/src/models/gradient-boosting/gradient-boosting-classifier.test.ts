import { describe, expect, it } from 'vitest';
import { MsrError } from '../../errors/msr-error.js';
import { accuracyScore } from '../../metrics/accuracy-score.js';
import { createPrng } from '../../random/prng.js';
import { trainTestSplitIndices } from '../../preprocessing/train-test-split.js';
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

  describe('boosts as hand arithmetic says on four rows (log-odds start, Newton leaves −G/H)', () => {
    const X = [[0], [1], [2], [3]];
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

    it('binary, balanced: start 0, first leaves ∓2, second ∓(1 + e^−2)', () => {
      // p = 1/2: g = ½, ½, −½, −½, h = ¼. x ≤ 1.5 (count gain 1²/2 + 1²/2 = 1 beats x ≤ 0.5's
      // ½²/1 + ½²/3 = ⅓): left −1/(½) = −2, right 2. Round 2: p = σ(∓2), g = ±σ(−2), h = σ(2)σ(−2),
      // leaves ∓σ(−2)/(σ(2)σ(−2)) = ∓(1 + e^−2).
      const one = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(X, [0, 0, 1, 1]);
      const proba = one.predictProba(X);
      [-2, -2, 2, 2].forEach((raw, i) => {
        expect(proba[i]![1]).toBeCloseTo(sigmoid(raw), 12);
        expect(proba[i]![0]).toBeCloseTo(1 - sigmoid(raw), 12);
      });
      expect(one.predict(X)).toEqual([0, 0, 1, 1]);
      const two = new GradientBoostingClassifier({ nEstimators: 2, maxDepth: 1, learningRate: 1 }).fit(X, [0, 0, 1, 1]);
      const step = 1 + Math.exp(-2);
      expect(two.predictProbaRow([0])[1]).toBeCloseTo(sigmoid(-2 - step), 12);
      expect(two.predictProbaRow([3])[1]).toBeCloseTo(sigmoid(2 + step), 12);
      // Half the learning rate: half of each leaf.
      const half = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 0.5 }).fit(X, [0, 0, 1, 1]);
      expect(half.predictProbaRow([3])[1]).toBeCloseTo(sigmoid(1), 12);
    });

    it('binary, unbalanced: starts from the log odds ln(¼ / ¾)', () => {
      // p = ¼: g = ¼, ¼, ¼, −¾, h = 3/16. x ≤ 2.5 gains ¾²/3 + ¾²/1 = 0.75 (x ≤ 1.5: ½²/2 + ½²/2 =
      // 0.25): left −¾/(9/16) = −4/3, right ¾/(3/16) = 4.
      const clf = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(X, [5, 5, 5, 9]);
      expect(clf.classes).toEqual([5, 9]);
      const start = Math.log(1 / 3);
      expect(clf.toJSON().baseline).toEqual([start]);
      [start - 4 / 3, start - 4 / 3, start - 4 / 3, start + 4].forEach((raw, i) => expect(clf.predictProbaRow(X[i]!)[1]).toBeCloseTo(sigmoid(raw), 12));
      expect(clf.predict(X)).toEqual([5, 5, 5, 9]);
      expect(X.map((row) => clf.predictRow(row))).toEqual([5, 5, 5, 9]);
    });

    it('three classes: one softmax tree per class from the log priors', () => {
      // Six rows x = 0 … 5, labels 0, 0, 1, 1, 2, 2: priors ⅓, p = ⅓, h = 2/9. Class 0's
      // g = −⅔, −⅔, ⅓, ⅓, ⅓, ⅓: x ≤ 1.5 gains (4/3)²/2 + (4/3)²/4 = 4/3 (x ≤ 3.5: ⅓): leaves
      // −(−4/3)/(4/9) = 3 and −(4/3)/(8/9) = −1.5. Class 2 mirrors it (x ≤ 3.5: −1.5 and 3). Class
      // 1's g = ⅓, ⅓, −⅔, −⅔, ⅓, ⅓ ties x ≤ 1.5 and x ≤ 3.5; either way rows 2, 3 get
      // −(−⅔)/(8/9) = 0.75. So rows 2 and 3 score (−1.5, 0.75, −1.5) above the shared log ⅓.
      const six = [[0], [1], [2], [3], [4], [5]];
      const clf = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(six, [0, 0, 1, 1, 2, 2]);
      expect(clf.toJSON().baseline.map((b) => b - Math.log(1 / 3))).toEqual([0, 0, 0]);
      const e = [Math.exp(-1.5), Math.exp(0.75), Math.exp(-1.5)];
      const total = e[0]! + e[1]! + e[2]!;
      for (const row of [2, 3]) {
        const proba = clf.predictProba([six[row]!])[0]!;
        e.forEach((v, k) => expect(proba[k]).toBeCloseTo(v / total, 12));
      }
      expect(clf.predict(six)).toEqual([0, 0, 1, 1, 2, 2]);
      expect(six.map((row) => clf.predictRow(row))).toEqual([0, 0, 1, 1, 2, 2]);
      // Importances: each tree's one split gain, shares of their sum, all on the one feature.
      expect(Array.from(clf.featureImportances)).toEqual([1]);
    });

    it('three classes with unequal priors: each class tree uses its own gradients and hessians', () => {
      // x = 0 … 7, labels 0 ×4, 1 ×2, 2 ×2: priors ½, ¼, ¼ = the first probabilities.
      // Class 0: g = ∓½, h = ¼; x ≤ 3.5 gains 2²/4 + 2²/4 = 2: leaves −(−2)/1 = 2, −2.
      // Class 1: g = ¼ (×4), −¾, −¾, ¼, ¼, h = 3/16; x ≤ 3.5 gains 1²/4 + 1²/4 = 0.5 (x ≤ 2.5: 0.3):
      // leaves −1/(¾) = −4/3, 4/3. Class 2: g = ¼ (×6), −¾, −¾; x ≤ 5.5 gains (3/2)²/6 + (3/2)²/2 = 1.5:
      // leaves −(3/2)/(9/8) = −4/3, (3/2)/(3/8) = 4.
      const eight = [[0], [1], [2], [3], [4], [5], [6], [7]];
      const clf = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(eight, [0, 0, 0, 0, 1, 1, 2, 2]);
      const expected = (scores: number[]): number[] => {
        const e = scores.map((score, k) => [0.5, 0.25, 0.25][k]! * Math.exp(score));
        const total = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / total);
      };
      for (const [row, scores] of [[0, [2, -4 / 3, -4 / 3]], [4, [-2, 4 / 3, -4 / 3]], [6, [-2, 4 / 3, 4]]] as const) {
        const proba = clf.predictProbaRow(eight[row]!);
        expected([...scores]).forEach((p, k) => expect(proba[k]).toBeCloseTo(p, 12));
      }
    });
  });

  describe('reports losses that are the log loss of its own predictions', () => {
    /** −mean log p(true class), from predictProba: an independent reading of "mean log loss". */
    const logLoss = (clf: GradientBoostingClassifier, X: number[][], y: number[]): number => {
      const proba = clf.predictProba(X);
      expect(proba).toHaveLength(X.length);
      return -proba.reduce((total, p, i) => total + Math.log(p[clf.classes.indexOf(y[i]!)]!), 0) / X.length;
    };

    it('with row subsampling, the out-of-bag rows get every tree too (trainLoss = the fitted model on X)', () => {
      for (const [y, rounds] of [[blobs.y, 6], [blobs.y.map((label) => (label === 2 ? 1 : 0)), 9]] as const) {
        const losses: number[] = [];
        const clf = new GradientBoostingClassifier({ nEstimators: rounds, maxDepth: 3, subsample: 0.5, randomState: 4 }).fit(blobs.X, y, {
          onIteration: (event) => losses.push(event.trainLoss),
        });
        expect(losses).toHaveLength(rounds);
        expect(losses[rounds - 1]).toBeCloseTo(logLoss(clf, blobs.X, [...y]), 10);
      }
    });

    it('with early stopping, validationLoss is the model on the stratified hold-out, trainLoss on the rest', () => {
      // The hold-out is trainTestSplitIndices(rows, { testSize, randomState, stratify }), as documented.
      // Unequal classes (half of class 2 left out), so the start is not uniform.
      const kept = blobs.y.map((label, i) => !(label === 2 && i % 2 === 0));
      const X = blobs.X.filter((_, i) => kept[i]);
      const y = blobs.y.filter((_, i) => kept[i]);
      const events: { trainLoss: number; validationLoss?: number }[] = [];
      const clf = new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 2, randomState: 3, earlyStopping: { validationFraction: 0.25 } }).fit(X, y, {
        onIteration: (event) => events.push(event),
      });
      const split = trainTestSplitIndices(X.length, { testSize: 0.25, randomState: 3, stratify: Int32Array.from(y) });
      const part = (rows: Int32Array): [number[][], number[]] => [Array.from(rows, (i) => X[i]!), Array.from(rows, (i) => y[i]!)];
      // It learnt from the training rows' features (the blobs are well apart).
      const [testX, testY] = part(split.test);
      expect(accuracyScore(testY, clf.predict(testX))).toBeGreaterThan(0.9);
      const last = events[events.length - 1]!;
      expect(events).toHaveLength(4);
      expect(last.validationLoss).toBeCloseTo(logLoss(clf, ...part(split.test)), 10);
      expect(last.trainLoss).toBeCloseTo(logLoss(clf, ...part(split.train)), 10);
      // Without early stopping no validation loss is reported.
      const plain: object[] = [];
      new GradientBoostingClassifier({ nEstimators: 1 }).fit(blobs.X, blobs.y, { onIteration: (event) => plain.push(event) });
      expect(Object.keys(plain[0]!)).toEqual(['iteration', 'trainLoss']);
    });

    it('stops at the first round whose validation loss beats none of the last nIterNoChange by tol', () => {
      const rng = createPrng(3);
      const noisy = blobs.y.map((label) => (rng.next() < 0.3 ? rng.int(3) : label));
      for (const [nIterNoChange, tol] of [[3, 0], [2, 0.01], [4, 1e9]] as const) {
        const losses: number[] = [];
        const clf = new GradientBoostingClassifier({ nEstimators: 200, learningRate: 0.5, maxDepth: 4, earlyStopping: { nIterNoChange, tol } }).fit(blobs.X, noisy, {
          onIteration: (event) => losses.push(event.validationLoss!),
        });
        // The documented rule applied to the reported losses: round t (from 0) goes on while
        // loss[t] + tol < loss[j] for some j in the nIterNoChange rounds before it (none before
        // the first: go on).
        const goesOn = (t: number): boolean => t < nIterNoChange || losses.slice(t - nIterNoChange, t).some((previous) => losses[t]! + tol < previous);
        const stop = losses.findIndex((_, t) => !goesOn(t));
        expect(stop).toBeGreaterThanOrEqual(0);
        expect(clf.nIter).toBe(stop + 1);
        expect(losses).toHaveLength(stop + 1);
      }
      // A tol nothing can reach stops right after the first nIterNoChange rounds.
      const stopped = new GradientBoostingClassifier({ nEstimators: 50, earlyStopping: { nIterNoChange: 4, tol: 1e9 } }).fit(blobs.X, blobs.y);
      expect(stopped.nIter).toBe(5);
    });
  });

  it('resolves early-stopping options: true takes the documented defaults, an object overrides some', () => {
    expect(new GradientBoostingClassifier({ earlyStopping: true }).options.earlyStopping).toEqual({ validationFraction: 0.1, nIterNoChange: 10, tol: 1e-4 });
    expect(new GradientBoostingClassifier({ earlyStopping: { nIterNoChange: 3, tol: 0 } }).options.earlyStopping).toEqual({ validationFraction: 0.1, nIterNoChange: 3, tol: 0 });
    expect(new GradientBoostingClassifier({ earlyStopping: { validationFraction: 0.3 } }).options.earlyStopping).toEqual({ validationFraction: 0.3, nIterNoChange: 10, tol: 1e-4 });
    expect(new GradientBoostingClassifier({ earlyStopping: false }).options.earlyStopping).toBe(false);
    // Two rows of a class are enough for the stratified hold-out (one each side).
    const X = [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]];
    expect(new GradientBoostingClassifier({ nEstimators: 2, earlyStopping: { validationFraction: 0.3 } }).fit(X, [0, 0, 1, 1, 1, 1, 2, 2, 2, 2]).nIter).toBeGreaterThan(0);
    // Six rows, three classes, half held out: 3 rows on each side, one per class, is enough.
    expect(new GradientBoostingClassifier({ nEstimators: 1, earlyStopping: { validationFraction: 0.5 } }).fit(X.slice(0, 6), [0, 0, 1, 1, 2, 2]).nIter).toBe(1);
    // A one-row class is refused whichever class it is, the first too.
    expect(thrown(() => new GradientBoostingClassifier({ earlyStopping: { validationFraction: 0.3 } }).fit(X, [0, 1, 1, 1, 1, 2, 2, 2, 2, 2])).message).toContain('class 0 needs at least 2 rows');
  });

  it('without any split: importances are all 0, and equal probabilities predict the first class (as argmax)', () => {
    // Constant features: no split is possible; balanced classes leave the raw scores exactly at
    // the prior (0 for two classes, ln ⅓ each for three), so every class is equally probable.
    const X = [[1, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2]];
    const two = new GradientBoostingClassifier({ nEstimators: 2 }).fit(X, [3, 8, 3, 8, 3, 8]);
    expect(Array.from(two.featureImportances)).toEqual([0, 0]);
    expect(two.predictProba([[1, 2]])[0]).toEqual(Float64Array.of(0.5, 0.5));
    expect(two.predict([[1, 2]])).toEqual([3]);
    expect(two.predictRow([1, 2])).toBe(3);
    const three = new GradientBoostingClassifier({ nEstimators: 2 }).fit(X, [4, 5, 6, 4, 5, 6]);
    expect(Array.from(three.featureImportances)).toEqual([0, 0]);
    expect(three.predict([[1, 2], [0, 0]])).toEqual([4, 4]);
    expect(three.predictRow([1, 2])).toBe(4);
    expect(three.nFeatures).toBe(2);
  });

  it('hands out copies: changing the returned importances does not change the model', () => {
    const clf = new GradientBoostingClassifier({ nEstimators: 3 }).fit(blobs.X, blobs.y);
    expect(clf.isFitted).toBe(true);
    expect(new GradientBoostingClassifier().isFitted).toBe(false);
    const before = Array.from(clf.featureImportances);
    clf.featureImportances.fill(7);
    expect(Array.from(clf.featureImportances)).toEqual(before);
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
    // The model is fitted inside the first test that needs it, not while the tests are collected:
    // code run at collection is "static" to Stryker, and every static mutant reruns every test of
    // the folder (decision 1120).
    let model: GradientBoostingClassifierJSON | undefined;
    const good = (): GradientBoostingClassifierJSON => (model ??= fitted().toJSON());
    const splitNode = (): number => good().trees.feature.findIndex((f) => f >= 0);
    const featureZero = (): number => good().trees.feature.indexOf(0);
    const corrupt = (change: (json: GradientBoostingClassifierJSON) => void) => (): unknown => {
      const copy = structuredClone(good());
      change(copy);
      return copy;
    };
    const cases: [string, () => unknown, () => string][] = [
      ['not JSON', () => '{"format": "msr.gradient', () => ''],
      ['another format', corrupt((j) => ((j as { format: string }).format = 'msr.gaussian-mixture')), () => 'format'],
      ['a future version', corrupt((j) => ((j as { version: number }).version = 2)), () => 'version'],
      ['a non-finite threshold', corrupt((j) => ((j.trees.threshold as unknown[])[3] = null)), () => 'trees.threshold[3]'],
      ['a feature out of range', corrupt((j) => (j.trees.feature[splitNode()] = 3)), () => `trees.feature[${splitNode()}]`],
      ['a child before its parent', corrupt((j) => (j.trees.left[splitNode()] = splitNode())), () => `trees.left[${splitNode()}]`],
      ['a missing tree', corrupt((j) => j.trees.roots.pop()), () => 'trees.roots'],
      ['truncated node arrays', corrupt((j) => j.trees.left.pop()), () => 'trees'],
      ['a wrong baseline size', corrupt((j) => j.baseline.push(0)), () => 'baseline'],
      ['unsorted classes', corrupt((j) => j.classes.reverse()), () => 'classes'],
      ['a negative maxLeafNodes', corrupt((j) => (j.options.maxLeafNodes = -1)), () => 'options.maxLeafNodes'],
      // Each rule of the version-1 format (gradient-boosting-json.ts), one broken at a time; the
      // message says what the rule is.
      ['a learning rate of 0', corrupt((j) => (j.options.learningRate = 0)), () => 'options.learningRate'],
      ['maxBins above 255', corrupt((j) => (j.options.maxBins = 256)), () => 'options.maxBins'],
      ['maxBins below 2', corrupt((j) => (j.options.maxBins = 1)), () => 'options.maxBins'],
      ['a subsample above 1', corrupt((j) => (j.options.subsample = 1.5)), () => 'options.subsample'],
      ['a negative L2 penalty', corrupt((j) => (j.options.l2Regularization = -1)), () => 'options.l2Regularization'],
      ['maxDepth 0', corrupt((j) => (j.options.maxDepth = 0)), () => 'options.maxDepth'],
      ['early stopping holding out everything', corrupt((j) => (j.options.earlyStopping = { validationFraction: 1, nIterNoChange: 10, tol: 0 })), () => 'options.earlyStopping.validationFraction'],
      ['one class', corrupt((j) => (j.classes = [0])), () => 'classes'],
      ['a repeated class', corrupt((j) => (j.classes = [0, 1, 1])), () => 'classes'],
      ['no features', corrupt((j) => (j.nFeatures = 0)), () => 'nFeatures'],
      ['importances for another feature count', corrupt((j) => j.featureImportances.push(0)), () => 'featureImportances'],
      ['a negative importance', corrupt((j) => (j.featureImportances[0] = -0.5)), () => 'featureImportances[0]'],
      ['fewer rounds than trees', corrupt((j) => (j.nIter -= 1)), () => 'trees.roots'],
      ['roots out of order', corrupt((j) => ([j.trees.roots[0], j.trees.roots[1]] = [j.trees.roots[1]!, j.trees.roots[0]!])), () => 'trees.roots[1]'],
      ['a root past the last node', corrupt((j) => (j.trees.roots[j.trees.roots.length - 1] = j.trees.feature.length)), () => `trees.roots[${good().trees.roots.length - 1}]`],
      ['a feature below −1', corrupt((j) => (j.trees.feature[splitNode()] = -2)), () => `trees.feature[${splitNode()}]`],
      ['children past the last node', corrupt((j) => (j.trees.left[splitNode()] = j.trees.feature.length - 1)), () => `trees.left[${splitNode()}]`],
      ['a threshold array of another length', corrupt((j) => j.trees.threshold.pop()), () => 'trees'],
      ['a repeated root', corrupt((j) => (j.trees.roots[1] = j.trees.roots[0]!)), () => 'trees.roots[1]'],
      ['a feature-0 split with children past the end', corrupt((j) => (j.trees.left[featureZero()] = j.trees.feature.length)), () => `trees.left[${featureZero()}]`],
    ];
    const messages: Record<string, string> = {
      'a repeated class': 'must be distinct and ascending',
      'unsorted classes': 'must be distinct and ascending',
      'a wrong baseline size': 'must have 3 values for 3 classes',
      'importances for another feature count': 'must have 3 values',
      'fewer rounds than trees': 'must have nIter × 3 = 87 trees, got 90',
      'a missing tree': 'must have nIter × 3 = 90 trees, got 89',
      'roots out of order': 'must be ascending node indices',
      'a repeated root': 'must be ascending node indices',
      'a feature-0 split with children past the end': 'child index out of order or out of range',
      'a root past the last node': 'must be ascending node indices',
      'a feature out of range': 'must be -1 (leaf) or below nFeatures (3)',
      'a child before its parent': 'child index out of order or out of range',
      'children past the last node': 'child index out of order or out of range',
      'truncated node arrays': 'feature, threshold and left must have the same length',
      'a threshold array of another length': 'feature, threshold and left must have the same length',
    };
    it.each(cases)('%s', (name, json, path) => {
      const error = thrown(() => GradientBoostingClassifier.fromJSON(json()));
      expect(error.name).toBe('ModelFormatError');
      expect(error.code).toBe('ERR_MODEL_FORMAT');
      expect((error as MsrError & { path: string }).path).toBe(path());
      expect(error.message).toContain('msr.gradient-boosting-classifier');
      if (messages[name]) expect(error.message).toContain(messages[name]);
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
      // Every option names itself; the bounds are the declared ones (gradient-boosting-params.ts).
      ['nEstimators 0', () => new GradientBoostingClassifier({ nEstimators: 0 }), 'ERR_OUT_OF_RANGE', 'options.nEstimators'],
      ['a negative randomState', () => new GradientBoostingClassifier({ randomState: -1 }), 'ERR_OUT_OF_RANGE', 'options.randomState'],
      ['minSamplesLeaf 0', () => new GradientBoostingClassifier({ minSamplesLeaf: 0 }), 'ERR_OUT_OF_RANGE', 'options.minSamplesLeaf'],
      ['a negative L2 penalty', () => new GradientBoostingClassifier({ l2Regularization: -0.5 }), 'ERR_OUT_OF_RANGE', 'options.l2Regularization'],
      ['validationFraction 1', () => new GradientBoostingClassifier({ earlyStopping: { validationFraction: 1 } }), 'ERR_OUT_OF_RANGE', 'options.earlyStopping.validationFraction'],
      ['nIterNoChange 0', () => new GradientBoostingClassifier({ earlyStopping: { nIterNoChange: 0 } }), 'ERR_OUT_OF_RANGE', 'options.earlyStopping.nIterNoChange'],
      ['a negative tol', () => new GradientBoostingClassifier({ earlyStopping: { tol: -1 } }), 'ERR_OUT_OF_RANGE', 'options.earlyStopping.tol'],
      // 10% of 6 rows is 1 (rounded up): fewer than the 3 classes the held-out part needs.
      ['a hold-out too small for every class', () => new GradientBoostingClassifier({ earlyStopping: true }).fit(ok, y), 'ERR_OUT_OF_RANGE', 'options.earlyStopping.validationFraction: holds out 1 of 6 rows; both parts need a row of each of the 3 classes'],
      // 90% of 6 rows held out leaves 0 to train on.
      ['a training part too small for every class', () => new GradientBoostingClassifier({ earlyStopping: { validationFraction: 0.9 } }).fit(ok, y), 'ERR_OUT_OF_RANGE', 'holds out 6 of 6 rows'],
      ['early stopping with a one-row class', () => new GradientBoostingClassifier({ earlyStopping: true }).fit(ok, [0, 0, 1, 1, 1, 2]), 'ERR_INVALID_ARGUMENT', 'y: early stopping holds out a stratified part: class 2 needs at least 2 rows, it has 1'],
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
