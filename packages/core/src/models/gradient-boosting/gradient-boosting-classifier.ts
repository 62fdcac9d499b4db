import { assertClassLabels } from '../../errors/assert-labels.js';
import { assertMatrix, assertRow, outputBuffer } from '../../errors/assert-matrix.js';
import { assertNumberOption } from '../../errors/assert-option.js';
import { checkHyperParameter } from '../hyper-parameter.js';
import { GRADIENT_BOOSTING_PARAMETERS } from './gradient-boosting-params.js';
import { ERROR_CODES } from '../../errors/error-codes.js';
import { InvalidArgumentError, NotFittedError } from '../../errors/msr-error.js';
import { parseModelJson } from '../../errors/parse-model-json.js';
import { trainTestSplitIndices, type SplitIndices } from '../../preprocessing/train-test-split.js';
import { createPrng } from '../../random/prng.js';
import type { DenseMatrix, MatrixLike } from '../matrix.js';
import { BinMapper } from './bin-mapper.js';
import { CompiledEnsemble } from './compiled-ensemble.js';
import {
  GRADIENT_BOOSTING_FORMAT,
  gradientBoostingClassifierJsonSchema,
  type GradientBoostingClassifierJSON,
} from './gradient-boosting-json.js';
import { HistogramTreeGrower } from './histogram-tree-grower.js';
import { lossGradients, meanLogLoss, sigmoid, softmax } from './log-loss.js';
import { binnedTreeOutput, TreeEnsemble } from './tree-ensemble.js';
import { TreeBuilder } from './tree-builder.js';

/** Early stopping on a held-out, stratified part of the training data. */
export interface EarlyStoppingOptions {
  /** Share of the training rows held out to measure the loss. @default 0.1 */
  validationFraction?: number;
  /**
   * Stop when the validation loss is not `tol` below any of the last this-many rounds' losses
   * (scikit-learn's `GradientBoostingClassifier` rule). @default 10
   */
  nIterNoChange?: number;
  /** The improvement that counts. @default 1e-4 */
  tol?: number;
}

/** Hyper-parameters of {@link GradientBoostingClassifier}; defaults are scikit-learn's. */
export interface GradientBoostingClassifierOptions {
  /** Shrinks every tree's contribution. @default 0.1 */
  learningRate?: number;
  /** Depth of each tree (a depth-`d` tree has up to 2^d leaves), at least 1. @default 3 */
  maxDepth?: number;
  /**
   * 0 grows each tree depth-wise, every node split until `maxDepth`, splits scored by the
   * squared-error reduction of the gradients (scikit-learn `GradientBoostingClassifier`). Above
   * 0, best-first: the open leaf whose split gains most is split next, up to this many leaves
   * (and `maxDepth`), splits scored by the Newton gain G²/(H+λ) (scikit-learn
   * `HistGradientBoostingClassifier`'s `max_leaf_nodes`, whose default is 31). @default 0
   */
  maxLeafNodes?: number;
  /** Boosting rounds; each fits one tree per class (one in all for two classes). @default 100 */
  nEstimators?: number;
  /** Seed for subsampling, the early-stopping split and bin edges on huge data. @default 0 */
  randomState?: number;
  /** Minimum number of training rows in a leaf. @default 1 */
  minSamplesLeaf?: number;
  /** Share of rows drawn (without replacement) for each round; < 1 is stochastic boosting. @default 1 */
  subsample?: number;
  /** Bins per feature, at most 255 (features are binned at quantiles once, before boosting). @default 255 */
  maxBins?: number;
  /** L2 penalty on leaf values (λ in −G/(H+λ)). @default 0 */
  l2Regularization?: number;
  /** Hold out part of the data and stop when its loss stops improving. @default false */
  earlyStopping?: boolean | EarlyStoppingOptions;
}

/** What {@link GradientBoostingClassifierFitOptions.onIteration} receives after each round. */
export interface BoostingIterationEvent {
  /** The round just fitted, from 1. */
  iteration: number;
  /** Mean log loss on the training rows. */
  trainLoss: number;
  /** Mean log loss on the held-out rows, when early stopping is on. */
  validationLoss?: number;
}

/** Per-call options of {@link GradientBoostingClassifier.fit}. */
export interface GradientBoostingClassifierFitOptions {
  /** Called after every boosting round (computing the losses costs a pass over the data). */
  onIteration?: (event: BoostingIterationEvent) => void;
}

/** {@link GradientBoostingClassifierOptions} with every default filled in. */
export type ResolvedGradientBoostingOptions = Required<Omit<GradientBoostingClassifierOptions, 'earlyStopping'>> & {
  earlyStopping: false | Required<EarlyStoppingOptions>;
};

interface Fitted {
  classes: number[];
  nFeatures: number;
  baseline: Float64Array;
  /** Log of each class's share of the training rows, from `baseline` (see {@link GradientBoostingClassifier.classLogPriors}). */
  logPriors: Float64Array;
  ensemble: TreeEnsemble;
  featureImportances: Float64Array;
  nIter: number;
  /** The fast batch/row predictor, when the ensemble is shallow enough to compile. */
  compiled: CompiledEnsemble | undefined;
  /** Scratch raw scores and binned features for single-row predictions. */
  scratch: Float64Array;
  rowBins: Uint8Array;
}

/**
 * Gradient-boosted decision trees for classification: histogram-based (features binned once
 * into ≤ 255 quantile bins), depth-limited trees with second-order (Newton) splits and leaves,
 * softmax cross-entropy with one tree per class and round (logistic loss with one tree per
 * round for two classes), started from the log class priors. It follows scikit-learn's
 * `GradientBoostingClassifier` options and `HistGradientBoostingClassifier` algorithm.
 *
 * Labels are integers (encode strings with {@link LabelEncoder}); `classes` lists them sorted,
 * and probability columns follow that order. Deterministic for a `randomState`.
 *
 * @example
 * ```ts
 * const clf = new GradientBoostingClassifier({ learningRate: 0.1, maxDepth: 5, nEstimators: 100 });
 * clf.fit(XTrain, yTrain);
 * const accuracy = accuracyScore(yTest, clf.predict(XTest));
 * const proba = clf.predictProbaRow(XTest[0], new Float64Array(clf.classes.length));
 * ```
 */
export class GradientBoostingClassifier {
  /** The resolved hyper-parameters. */
  readonly options: Readonly<ResolvedGradientBoostingOptions>;
  private fitted: Fitted | undefined;

  constructor(options: GradientBoostingClassifierOptions = {}) {
    this.options = resolveOptions(options);
  }

  /**
   * Fits the model to rows `X` and integer labels `y` (at least two classes). Refits from
   * scratch when called again.
   */
  fit(X: MatrixLike, y: ArrayLike<number>, fitOptions: GradientBoostingClassifierFitOptions = {}): this {
    const all = assertMatrix(X, 'X');
    const { classes, codes: allCodes } = assertClassLabels(y, all.rows, 'y');
    const o = this.options;
    const rng = createPrng(o.randomState);
    const nClasses = classes.length;
    const nOutputs = nClasses === 2 ? 1 : nClasses;

    let train = all;
    let codes = allCodes;
    let validation: { binned: Uint8Array; codes: Int32Array; raw: Float64Array } | undefined;
    let validationRows: Int32Array | undefined;
    if (o.earlyStopping) {
      const split = validationSplit(all.rows, allCodes, classes, o.earlyStopping.validationFraction, o.randomState);
      train = takeRows(all, split.train);
      codes = takeCodes(allCodes, split.train);
      validationRows = split.test;
    }

    const mapper = BinMapper.fit(train, o.maxBins, rng);
    const binned = mapper.transform(train);
    const n = train.rows;
    const F = train.cols;
    const baseline = priorLogits(codes, nClasses);
    const raw = new Float64Array(n * nOutputs);
    for (let i = 0; i < n; i++) raw.set(baseline, i * nOutputs);
    if (validationRows) {
      const codesV = takeCodes(allCodes, validationRows);
      const rawV = new Float64Array(validationRows.length * nOutputs);
      for (let i = 0; i < validationRows.length; i++) rawV.set(baseline, i * nOutputs);
      validation = { binned: mapper.transform(takeRows(all, validationRows)), codes: codesV, raw: rawV };
    }

    const gradients = new Float64Array(n * nOutputs);
    const hessians = new Float64Array(n * nOutputs);
    const probabilities = new Float64Array(nOutputs);
    const nInBag = o.subsample < 1 ? Math.max(1, Math.floor(o.subsample * n)) : n;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const inBag = new Uint8Array(n).fill(1);
    const indices = new Int32Array(n);
    const grower = new HistogramTreeGrower(
      mapper,
      binned,
      { maxDepth: o.maxDepth, maxLeafNodes: o.maxLeafNodes, minSamplesLeaf: o.minSamplesLeaf, l2Regularization: o.l2Regularization, shrinkage: o.learningRate },
      n,
    );
    // Room for the first few rounds of full trees; the builder doubles when it runs out.
    const builder = new TreeBuilder(Math.min(2 ** (o.maxDepth + 1), 2 * n, 4096) * nOutputs * 8);
    const lossHistory = o.earlyStopping ? new Float64Array(o.earlyStopping.nIterNoChange).fill(Infinity) : undefined;

    let nIter = 0;
    for (let iteration = 0; iteration < o.nEstimators; iteration++) {
      lossGradients(raw, codes, nOutputs, gradients, hessians, probabilities);
      if (nInBag < n) {
        // Partial Fisher–Yates: the first nInBag entries of `order` are this round's sample.
        for (let s = 0; s < nInBag; s++) {
          const j = s + rng.int(n - s);
          const tmp = order[s]!;
          order[s] = order[j]!;
          order[j] = tmp;
        }
        inBag.fill(0);
        for (let s = 0; s < nInBag; s++) inBag[order[s]!] = 1;
      }
      for (let k = 0; k < nOutputs; k++) {
        indices.set(order.subarray(0, nInBag));
        grower.grow(builder, indices, nInBag, gradients.subarray(k * n, (k + 1) * n), hessians.subarray(k * n, (k + 1) * n));
        addLeafValues(grower, builder, raw, nOutputs, k);
        const root = builder.roots[builder.roots.length - 1]!;
        if (nInBag < n) addTreeOutputs(builder, root, binned, F, inBag, raw, nOutputs, k);
        if (validation) addTreeOutputs(builder, root, validation.binned, F, undefined, validation.raw, nOutputs, k);
      }
      nIter = iteration + 1;
      const validationLoss = validation ? meanLogLoss(validation.raw, validation.codes, nOutputs) : undefined;
      if (fitOptions.onIteration) {
        const event: BoostingIterationEvent = { iteration: nIter, trainLoss: meanLogLoss(raw, codes, nOutputs) };
        if (validationLoss !== undefined) event.validationLoss = validationLoss;
        fitOptions.onIteration(event);
      }
      const stopping = o.earlyStopping;
      if (lossHistory && validationLoss !== undefined && stopping) {
        // GradientBoostingClassifier's rule (`_fit_stages`): go on while the loss beats one of the
        // last nIterNoChange by tol. HistGradientBoosting's `_should_stop` differs: it compares
        // the last nIterNoChange scores with the one just before them only.
        if (!lossHistory.some((previous) => validationLoss + stopping.tol < previous)) break;
        lossHistory[iteration % lossHistory.length] = validationLoss;
      }
    }

    const importances = grower.gains.slice();
    const total = importances.reduce((a, b) => a + b, 0);
    if (total > 0) for (let f = 0; f < F; f++) importances[f]! /= total;
    this.fitted = fittedState(classes, F, baseline, TreeEnsemble.fromBuilder(builder, nOutputs), importances, nIter);
    return this;
  }

  /** The class labels, ascending: the columns of {@link predictProba}. */
  get classes(): readonly number[] {
    return this.model().classes;
  }

  /** The number of features the model was fitted on. */
  get nFeatures(): number {
    return this.model().nFeatures;
  }

  /** Boosting rounds actually fitted (fewer than `nEstimators` after early stopping). */
  get nIter(): number {
    return this.model().nIter;
  }

  /**
   * The log of each class's share of the training rows (in {@link classes} order; the boosting
   * start, so a saved model carries it). The probabilities this model predicts are posteriors
   * under these priors: evidence from several rows of one unknown class adds up as
   * Σ log p(class | row) − (rows − 1)·log prior (decision 1100). Read-only; not a copy.
   */
  get classLogPriors(): ArrayLike<number> {
    return this.model().logPriors;
  }

  /** Each feature's share of the total split gain (sums to 1 unless no split was made). */
  get featureImportances(): Float64Array {
    return this.model().featureImportances.slice();
  }

  /** Whether {@link fit} (or {@link fromJSON}) has run. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** Class probabilities for each row of `X`, one `Float64Array` (in {@link classes} order) per row. */
  predictProba(X: MatrixLike): Float64Array[] {
    const m = this.model();
    const { rows, raw } = this.rawScores(X);
    const nOutputs = m.ensemble.nOutputs;
    const result: Float64Array[] = [];
    for (let i = 0; i < rows; i++) {
      const proba = new Float64Array(m.classes.length);
      toProbabilities(raw, i * nOutputs, nOutputs, proba);
      result.push(proba);
    }
    return result;
  }

  /**
   * Class probabilities of `rows` samples laid out row-major in `data` (`rows × nFeatures`),
   * written row-major into `output` (`rows × classes.length`): the same floats as
   * {@link predictProba}, without a row array in or out — the serving path's batch (a playlist's
   * tracks) allocates only the walk's scores.
   */
  predictProbaRows(data: Float64Array, rows: number, output: Float64Array): Float64Array {
    const m = this.model();
    if (!Number.isInteger(rows) || rows < 1) throw new InvalidArgumentError('rows', `must be an integer ≥ 1, got ${String(rows)}`, ERROR_CODES.emptyData);
    if (data.length !== rows * m.nFeatures) {
      throw new InvalidArgumentError('data', `has ${data.length} values, expected rows × nFeatures = ${rows} × ${m.nFeatures}`, ERROR_CODES.featureCountMismatch);
    }
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k]!)) {
        const i = Math.floor(k / m.nFeatures);
        throw new InvalidArgumentError(`data[${i}][${k - i * m.nFeatures}]`, `must be a finite number, got ${String(data[k])}`, ERROR_CODES.nonFinite);
      }
    }
    const nOutputs = m.ensemble.nOutputs;
    const nClasses = m.classes.length;
    if (output.length !== rows * nClasses) {
      throw new InvalidArgumentError('output', `has length ${output.length}, expected rows × classes = ${rows} × ${nClasses}`);
    }
    const raw = this.denseScores({ data, rows, cols: m.nFeatures });
    for (let i = 0; i < rows; i++) toProbabilities(raw, i * nOutputs, nOutputs, output, i * nClasses);
    return output;
  }

  /**
   * The bins the compiled trees read for `rows` row-major samples of `data`, written into `out`
   * (`rows × nFeatures`): two samples with the same bins get the same probabilities, bit for bit
   * (the walk reads nothing else), so a caller can reuse one sample's probabilities for another.
   * Returns false, writing nothing, when the model has no compiled form (then bins say nothing).
   */
  predictionBins(data: Float64Array, rows: number, out: Uint8Array): boolean {
    const m = this.model();
    if (!m.compiled) return false;
    if (data.length < rows * m.nFeatures || out.length < rows * m.nFeatures) {
      throw new InvalidArgumentError('data', `needs rows × nFeatures = ${rows} × ${m.nFeatures} values in data and out, got ${data.length} and ${out.length}`, ERROR_CODES.featureCountMismatch);
    }
    m.compiled.binRows(data, rows, m.nFeatures, out);
    return true;
  }

  /** The most probable class label of each row of `X`. */
  predict(X: MatrixLike): number[] {
    const m = this.model();
    const { rows, raw } = this.rawScores(X);
    const nOutputs = m.ensemble.nOutputs;
    const labels: number[] = new Array(rows);
    for (let i = 0; i < rows; i++) labels[i] = m.classes[argmaxRaw(raw, i * nOutputs, nOutputs)]!;
    return labels;
  }

  /**
   * Class probabilities of one sample, written into `output` when given (length =
   * `classes.length`); allocates nothing else, so it suits per-request serving.
   */
  predictProbaRow(row: ArrayLike<number>, output?: Float64Array): Float64Array {
    const m = this.model();
    assertRow(row, m.nFeatures);
    const out = outputBuffer(output, m.classes.length);
    const raw = rowScores(m, row);
    toProbabilities(raw, 0, raw.length, out);
    return out;
  }

  /** The most probable class label of one sample (no allocation). */
  predictRow(row: ArrayLike<number>): number {
    const m = this.model();
    assertRow(row, m.nFeatures);
    const raw = rowScores(m, row);
    return m.classes[argmaxRaw(raw, 0, raw.length)]!;
  }

  /** The fitted model as versioned JSON (see {@link GradientBoostingClassifier.fromJSON}). */
  toJSON(): GradientBoostingClassifierJSON {
    const m = this.model();
    const { feature, threshold, left, roots } = m.ensemble;
    return {
      format: GRADIENT_BOOSTING_FORMAT,
      version: 1,
      options: { ...this.options },
      classes: [...m.classes],
      nFeatures: m.nFeatures,
      nIter: m.nIter,
      baseline: Array.from(m.baseline),
      featureImportances: Array.from(m.featureImportances),
      trees: { roots: Array.from(roots), feature: Array.from(feature), threshold: Array.from(threshold), left: Array.from(left) },
    };
  }

  /**
   * Restores a model saved with {@link toJSON} (the object or its JSON text). Anything that is
   * not a valid, complete model — wrong format or version, bad shapes, non-finite numbers,
   * broken trees — is refused with a {@link ModelFormatError}.
   */
  static fromJSON(json: unknown): GradientBoostingClassifier {
    const data = parseModelJson(gradientBoostingClassifierJsonSchema, json, GRADIENT_BOOSTING_FORMAT);
    const model = new GradientBoostingClassifier(data.options);
    const { trees } = data;
    const ensemble = new TreeEnsemble(
      Int32Array.from(trees.feature),
      Float64Array.from(trees.threshold),
      Int32Array.from(trees.left),
      Int32Array.from(trees.roots),
      data.baseline.length,
    );
    model.fitted = fittedState(
      data.classes,
      data.nFeatures,
      Float64Array.from(data.baseline),
      ensemble,
      Float64Array.from(data.featureImportances),
      data.nIter,
    );
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new NotFittedError('GradientBoostingClassifier');
    return this.fitted;
  }

  private rawScores(X: MatrixLike): { rows: number; raw: Float64Array } {
    const dense = assertMatrix(X, 'X', this.model().nFeatures);
    return { rows: dense.rows, raw: this.denseScores(dense) };
  }

  /** Raw scores (baseline + every tree) of checked, row-major rows. */
  private denseScores(dense: DenseMatrix): Float64Array {
    const m = this.model();
    const nOutputs = m.ensemble.nOutputs;
    const raw = new Float64Array(dense.rows * nOutputs);
    for (let i = 0; i < dense.rows; i++) raw.set(m.baseline, i * nOutputs);
    if (m.compiled) {
      const binned = new Uint8Array(dense.rows * dense.cols);
      m.compiled.binRows(dense.data, dense.rows, dense.cols, binned);
      m.compiled.accumulate(binned, dense.rows, dense.cols, raw);
    } else {
      m.ensemble.accumulate(dense.data, dense.rows, dense.cols, raw);
    }
    return raw;
  }
}

/** Adds each leaf's value to the raw score column `k` of the samples the grower put in it. */
function addLeafValues(grower: HistogramTreeGrower, builder: TreeBuilder, raw: Float64Array, nOutputs: number, k: number): void {
  const { indices, leafNode, leafStart, leafEnd, nLeaves } = grower;
  for (let leaf = 0; leaf < nLeaves; leaf++) {
    const value = builder.value[leafNode[leaf]!]!;
    for (let s = leafStart[leaf]!; s < leafEnd[leaf]!; s++) raw[indices[s]! * nOutputs + k]! += value;
  }
}

/**
 * Adds the output of the builder's tree at `root` to raw score column `k` of binned rows that
 * did not grow it: out-of-bag rows (`skip[i] = 1` marks in-bag ones) or validation rows.
 */
function addTreeOutputs(
  builder: TreeBuilder,
  root: number,
  binned: Uint8Array,
  nFeatures: number,
  skip: Uint8Array | undefined,
  raw: Float64Array,
  nOutputs: number,
  k: number,
): void {
  const rows = binned.length / nFeatures;
  for (let i = 0; i < rows; i++) if (!skip || !skip[i]) raw[i * nOutputs + k]! += binnedTreeOutput(builder, root, binned, i * nFeatures);
}

function fittedState(
  classes: number[],
  nFeatures: number,
  baseline: Float64Array,
  ensemble: TreeEnsemble,
  featureImportances: Float64Array,
  nIter: number,
): Fitted {
  return {
    classes,
    nFeatures,
    baseline,
    logPriors: logPriorsOf(baseline),
    ensemble,
    featureImportances,
    nIter,
    compiled: CompiledEnsemble.from(ensemble, nFeatures),
    scratch: new Float64Array(ensemble.nOutputs),
    rowBins: new Uint8Array(nFeatures),
  };
}

/**
 * Log class priors from the boosting start: normalised log priors (multiclass), or the two
 * classes' log-sigmoids of the log odds (binary).
 */
function logPriorsOf(baseline: Float64Array): Float64Array {
  if (baseline.length === 1) return Float64Array.of(-Math.log1p(Math.exp(baseline[0]!)), -Math.log1p(Math.exp(-baseline[0]!)));
  let max = Number.NEGATIVE_INFINITY;
  for (const b of baseline) max = Math.max(max, b);
  let sum = 0;
  for (const b of baseline) sum += Math.exp(b - max);
  const norm = max + Math.log(sum);
  return baseline.map((b) => b - norm);
}

/** Raw scores of one (validated) row, in the model's scratch buffer. */
function rowScores(m: Fitted, row: ArrayLike<number>): Float64Array {
  const raw = m.scratch;
  raw.set(m.baseline);
  if (m.compiled) {
    m.compiled.binRows(row, 1, m.nFeatures, m.rowBins);
    m.compiled.accumulateRow(m.rowBins, raw);
  } else {
    m.ensemble.accumulateRow(row, raw);
  }
  return raw;
}

function resolveOptions(options: GradientBoostingClassifierOptions): ResolvedGradientBoostingOptions {
  const P = GRADIENT_BOOSTING_PARAMETERS;
  // The defaults are the declared ones too.
  const {
    learningRate = P.learningRate.default,
    maxDepth = P.maxDepth.default,
    maxLeafNodes = P.maxLeafNodes.default,
    nEstimators = P.nEstimators.default,
    randomState = P.randomState.default,
    minSamplesLeaf = P.minSamplesLeaf.default,
    subsample = P.subsample.default,
    maxBins = P.maxBins.default,
    l2Regularization = P.l2Regularization.default,
    earlyStopping = false,
  } = options;
  let stopping: ResolvedGradientBoostingOptions['earlyStopping'] = false;
  if (earlyStopping) {
    const { validationFraction = P.validationFraction.default, nIterNoChange = P.nIterNoChange.default, tol = 1e-4 } = earlyStopping === true ? {} : earlyStopping;
    stopping = {
      validationFraction: checkHyperParameter(P.validationFraction, validationFraction, 'options.earlyStopping.validationFraction'),
      nIterNoChange: checkHyperParameter(P.nIterNoChange, nIterNoChange, 'options.earlyStopping.nIterNoChange'),
      tol: assertNumberOption(tol, 'options.earlyStopping.tol', { min: 0 }),
    };
  }
  // The bounds are the declared ones, which params.yaml is also validated against.
  return {
    learningRate: checkHyperParameter(P.learningRate, learningRate, 'options.learningRate'),
    maxDepth: checkHyperParameter(P.maxDepth, maxDepth, 'options.maxDepth'),
    maxLeafNodes: checkHyperParameter(P.maxLeafNodes, maxLeafNodes, 'options.maxLeafNodes'),
    nEstimators: checkHyperParameter(P.nEstimators, nEstimators, 'options.nEstimators'),
    randomState: checkHyperParameter(P.randomState, randomState, 'options.randomState'),
    minSamplesLeaf: checkHyperParameter(P.minSamplesLeaf, minSamplesLeaf, 'options.minSamplesLeaf'),
    subsample: checkHyperParameter(P.subsample, subsample, 'options.subsample'),
    maxBins: checkHyperParameter(P.maxBins, maxBins, 'options.maxBins'),
    l2Regularization: checkHyperParameter(P.l2Regularization, l2Regularization, 'options.l2Regularization'),
    earlyStopping: stopping,
  };
}

/** Log class priors (multiclass) or log odds of class 1 (binary): the boosting start. */
function priorLogits(codes: Int32Array, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
  const eps = 1e-15;
  const prior = (k: number): number => Math.min(Math.max(counts[k]! / codes.length, eps), 1 - eps);
  if (nClasses === 2) return Float64Array.of(Math.log(prior(1) / prior(0)));
  return Float64Array.from({ length: nClasses }, (_, k) => Math.log(prior(k)));
}

function toProbabilities(raw: Float64Array, from: number, nOutputs: number, out: Float64Array, to = 0): void {
  if (nOutputs === 1) {
    const p = sigmoid(raw[from]!);
    out[to] = 1 - p;
    out[to + 1] = p;
  } else {
    softmax(raw, from, nOutputs, out, to);
  }
}

/** Index of the predicted class from raw scores (argmax; sign of the logit when binary). */
function argmaxRaw(raw: Float64Array, from: number, nOutputs: number): number {
  if (nOutputs === 1) return raw[from]! > 0 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < nOutputs; k++) if (raw[from + k]! > raw[from + best]!) best = k;
  return best;
}

/** The stratified hold-out of early stopping; every class needs two rows to appear on both sides. */
function validationSplit(rows: number, codes: Int32Array, classes: number[], fraction: number, seed: number): SplitIndices {
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
  const rare = counts.findIndex((count) => count < 2);
  if (rare >= 0) {
    throw new InvalidArgumentError('y', `early stopping holds out a stratified part: class ${classes[rare]} needs at least 2 rows, it has 1`);
  }
  const nTest = Math.ceil(fraction * rows);
  if (nTest < classes.length || rows - nTest < classes.length) {
    throw new InvalidArgumentError(
      'options.earlyStopping.validationFraction',
      `holds out ${nTest} of ${rows} rows; both parts need a row of each of the ${classes.length} classes`,
      ERROR_CODES.outOfRange,
    );
  }
  return trainTestSplitIndices(rows, { testSize: fraction, randomState: seed, stratify: codes });
}

function takeRows(X: DenseMatrix, rows: Int32Array): DenseMatrix {
  const data = new Float64Array(rows.length * X.cols);
  for (let r = 0; r < rows.length; r++) data.set(X.data.subarray(rows[r]! * X.cols, (rows[r]! + 1) * X.cols), r * X.cols);
  return { data, rows: rows.length, cols: X.cols };
}

function takeCodes(codes: Int32Array, rows: Int32Array): Int32Array {
  return Int32Array.from(rows, (i) => codes[i]!);
}
