import { assertLength } from '../errors/assert-labels.js';
import { assertIntegerOption, assertNumberOption } from '../errors/assert-option.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { createPrng, type Prng } from '../random/prng.js';

/** Options of {@link trainTestSplit} and {@link trainTestSplitIndices}. */
export interface TrainTestSplitOptions {
  /**
   * The test part: a fraction in (0, 1) of the samples (rounded up, like scikit-learn) or, when
   * ≥ 1, a number of samples.
   * @default 0.25
   */
  testSize?: number;
  /** Seed of the shuffle. @default 0 */
  randomState?: number;
  /** Shuffle before splitting; without it the test part is the last rows. @default true */
  shuffle?: boolean;
  /**
   * Labels to stratify on (one per sample): each class keeps its share in both parts, every
   * class needs at least two samples. Requires `shuffle`.
   */
  stratify?: ArrayLike<number> | readonly string[];
}

/** Row indices of the two parts of a split. */
export interface SplitIndices {
  /** Training rows, in drawn (shuffled) order. */
  readonly train: Int32Array;
  /** Test rows, in drawn (shuffled) order. */
  readonly test: Int32Array;
}

/**
 * Splits `nSamples` row indices into a train and a test part, seeded and optionally
 * stratified. Use it to split several aligned arrays the same way.
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplitIndices(y.length, { testSize: 0.2, randomState: 42, stratify: y });
 * ```
 */
export function trainTestSplitIndices(nSamples: number, options: TrainTestSplitOptions = {}): SplitIndices {
  const n = assertIntegerOption(nSamples, 'nSamples', 2);
  const { testSize = 0.25, randomState = 0, shuffle = true, stratify } = options;
  assertNumberOption(testSize, 'options.testSize', { min: 0, minExclusive: true });
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : assertIntegerOption(testSize, 'options.testSize', 1);
  const nTrain = n - nTest;
  if (nTrain < 1) {
    throw new InvalidArgumentError('options.testSize', `leaves no training rows (${nTest} of ${n} rows to test)`, ERROR_CODES.outOfRange);
  }
  const rng = createPrng(assertIntegerOption(randomState, 'options.randomState', -(2 ** 31), 2 ** 32));
  if (stratify !== undefined) {
    if (!shuffle) throw new InvalidArgumentError('options.stratify', 'needs shuffle: true');
    assertLength(stratify, n, 'options.stratify', 'nSamples is');
    return stratifiedSplit(stratify, nTrain, nTest, rng);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (shuffle) rng.shuffle(order);
  return { train: order.slice(0, nTrain), test: order.slice(nTrain) };
}

/** The four parts of {@link trainTestSplit}. */
export interface TrainTestSplit<T, L> {
  XTrain: T[];
  XTest: T[];
  yTrain: L[];
  yTest: L[];
}

/**
 * Splits aligned samples and labels into train and test parts (scikit-learn's
 * `train_test_split` for one `X` and one `y`).
 *
 * @example
 * ```ts
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
 * ```
 */
export function trainTestSplit<T, L>(X: readonly T[], y: ArrayLike<L>, options: TrainTestSplitOptions = {}): TrainTestSplit<T, L> {
  assertLength(y, X.length, 'y');
  const { train, test } = trainTestSplitIndices(X.length, options);
  const pick = <V>(values: ArrayLike<V>, rows: Int32Array): V[] => Array.from(rows, (i) => values[i]!);
  return { XTrain: pick(X, train), XTest: pick(X, test), yTrain: pick(y, train), yTest: pick(y, test) };
}

function stratifiedSplit(labels: ArrayLike<number | string>, nTrain: number, nTest: number, rng: Prng): SplitIndices {
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    let group = groups.get(label);
    if (!group) groups.set(label, (group = []));
    group.push(i);
  }
  const members = [...groups.values()];
  for (const [label, group] of groups) {
    if (group.length < 2) {
      throw new InvalidArgumentError('options.stratify', `class ${JSON.stringify(label)} has only 1 sample; each needs at least 2`);
    }
  }
  if (nTest < members.length || nTrain < members.length) {
    throw new InvalidArgumentError(
      'options.testSize',
      `each part needs at least one sample per class (${members.length} classes, ${nTrain} train, ${nTest} test)`,
      ERROR_CODES.outOfRange,
    );
  }
  const counts = members.map((group) => group.length);
  const trainCounts = apportion(counts, nTrain);
  const testCounts = apportion(
    counts.map((count, c) => count - trainCounts[c]!),
    nTest,
  );
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let t = 0;
  let s = 0;
  members.forEach((group, c) => {
    rng.shuffle(group);
    for (let j = 0; j < trainCounts[c]!; j++) train[t++] = group[j]!;
    for (let j = 0; j < testCounts[c]!; j++) test[s++] = group[trainCounts[c]! + j]!;
  });
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/**
 * Splits `draws` over classes in proportion to `counts` (largest remainder; ties to the earlier
 * class), never more than a class holds — scikit-learn's `_approximate_mode` without the
 * random tie-break.
 */
function apportion(counts: number[], draws: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((count) => (draws * count) / total);
  const result = exact.map(Math.floor);
  let left = draws - result.reduce((a, b) => a + b, 0);
  const order = exact.map((_, c) => c).sort((a, b) => exact[b]! - result[b]! - (exact[a]! - result[a]!) || a - b);
  for (let r = 0; left > 0; r = (r + 1) % order.length) {
    const c = order[r]!;
    if (result[c]! < counts[c]!) {
      result[c]!++;
      left--;
    }
  }
  return result;
}
