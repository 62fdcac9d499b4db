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
  /**
   * Group labels (one per sample): every sample of a group lands in the same part, so a test
   * sample never has a twin in training. With groups, `testSize` counts groups, not rows, and
   * `stratify` is applied per group (a group's class is its first sample's). Use
   * {@link recordingGroups} to group songs by recording.
   */
  groups?: ArrayLike<number> | readonly string[];
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
  if (options.groups !== undefined) return groupedSplit(n, options.groups, options);
  return splitIndices(n, options, 'sample');
}

function splitIndices(n: number, options: TrainTestSplitOptions, unit: string): SplitIndices {
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
    return stratifiedSplit(stratify, nTrain, nTest, rng, unit);
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

/** A stratified split refused: a class too small to split, or a split that would leave a class out of a part. */
export class SplitError extends InvalidArgumentError {
  /** The class (label) that could not be split. */
  readonly label: number | string;
  /** What that class holds (samples, or groups when grouped) and what each part would get. */
  readonly counts: { total: number; train?: number; test?: number; rows?: number };

  constructor(label: number | string, counts: SplitError['counts'], message: string, code: string) {
    super('options.stratify', message, code);
    this.label = label;
    this.counts = counts;
  }
}

/** Splits whole groups, then expands them to their rows. */
function groupedSplit(n: number, groups: ArrayLike<number> | readonly string[], options: TrainTestSplitOptions): SplitIndices {
  assertLength(groups, n, 'options.groups', 'nSamples is');
  const { stratify } = options;
  if (stratify !== undefined) assertLength(stratify, n, 'options.stratify', 'nSamples is');
  // Groups in order of first appearance, so the split does not depend on how labels are spelt.
  const index = new Map<number | string, number>();
  const members: number[][] = [];
  for (let i = 0; i < n; i++) {
    const key = groups[i]!;
    let g = index.get(key);
    if (g === undefined) {
      index.set(key, (g = members.length));
      members.push([]);
    }
    members[g]!.push(i);
  }
  if (members.length < 2) throw new InvalidArgumentError('options.groups', `holds ${members.length} group; a split needs at least 2`, ERROR_CODES.outOfRange);
  const { groups: _, ...rest } = options;
  const perGroup = stratify === undefined ? rest : { ...rest, stratify: members.map((rows) => stratify[rows[0]!]!) as readonly string[] };
  let parts: SplitIndices;
  try {
    parts = splitIndices(members.length, perGroup, 'group');
  } catch (error) {
    if (!(error instanceof SplitError) || stratify === undefined) throw error;
    // Say how many rows the refused class's groups hold, too.
    let rows = 0;
    for (let i = 0; i < n; i++) if (stratify[i] === error.label) rows++;
    throw new SplitError(error.label, { ...error.counts, rows }, `${error.message.replace(/^options\.stratify: /, '')} (${rows} rows)`, error.code);
  }
  const { train, test } = parts;
  const expand = (part: Int32Array): Int32Array => Int32Array.from(Array.from(part).flatMap((g) => members[g]!));
  return { train: expand(train), test: expand(test) };
}

function stratifiedSplit(labels: ArrayLike<number | string>, nTrain: number, nTest: number, rng: Prng, unit: string): SplitIndices {
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
      throw new SplitError(label, { total: group.length }, `class ${JSON.stringify(label)} has only 1 ${unit}; each needs at least 2`, ERROR_CODES.splitClassTooSmall);
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
  const labelOf = [...groups.keys()];
  counts.forEach((total, c) => {
    const train = trainCounts[c]!;
    const test = testCounts[c]!;
    if (train === 0 || test === 0) {
      throw new SplitError(
        labelOf[c]!,
        { total, train, test },
        `class ${JSON.stringify(labelOf[c])} would have ${train} ${unit}s in train and ${test} in test (of ${total}); change testSize or add ${unit}s`,
        ERROR_CODES.splitClassEmpty,
      );
    }
  });
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
