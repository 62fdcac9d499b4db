import { assertLength } from '../errors/assert-labels.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';

/** Class labels: numbers (integer codes) or strings (names). */
export type Labels = ArrayLike<number> | ArrayLike<string>;

/** A class label. */
export type Label = number | string;

/** Two label arrays encoded against one sorted label list. */
export interface EncodedLabelPair {
  /** The labels, sorted (numbers ascending, strings by code unit), like `numpy.unique`. */
  labels: Label[];
  trueCodes: Int32Array;
  predCodes: Int32Array;
}

/**
 * Encodes `yTrue` and `yPred` as indices into `labels` (given, or the sorted union of both), like
 * scikit-learn's `unique_labels`. Labels outside a given `labels` list get code -1.
 */
export function encodeLabelPair(yTrue: Labels, yPred: Labels, labels?: readonly Label[]): EncodedLabelPair {
  checkLabels(yTrue, 'yTrue');
  assertLength(yPred, yTrue.length, 'yPred', 'yTrue has');
  checkLabels(yPred, 'yPred');
  if (yTrue.length > 0 && yPred.length > 0 && typeof yTrue[0] !== typeof yPred[0]) {
    throw new InvalidArgumentError('yPred', `mixes label types with yTrue (${typeof yTrue[0]} vs ${typeof yPred[0]})`);
  }
  let sorted: Label[];
  if (labels) {
    if (labels.length === 0) throw new InvalidArgumentError('options.labels', 'must not be empty', ERROR_CODES.emptyData);
    sorted = [...labels];
  } else {
    const union = new Set<Label>();
    for (let i = 0; i < yTrue.length; i++) union.add(yTrue[i]!);
    for (let i = 0; i < yPred.length; i++) union.add(yPred[i]!);
    sorted = sortLabels([...union]);
  }
  const index = new Map<Label, number>(sorted.map((label, k) => [label, k]));
  const encode = (values: Labels): Int32Array => Int32Array.from({ length: values.length }, (_, i) => index.get(values[i]!) ?? -1);
  return { labels: sorted, trueCodes: encode(yTrue), predCodes: encode(yPred) };
}

/** Sorts labels as `numpy.unique` would (numbers numerically, strings by code unit). */
export function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0));
}

function checkLabels(values: Labels, argument: string): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvalidArgumentError(argument, 'must be an array of labels');
  }
  if (values.length === 0) throw new InvalidArgumentError(argument, 'must not be empty', ERROR_CODES.emptyData);
  const kind = typeof values[0];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== kind || (typeof value !== 'string' && typeof value !== 'number')) {
      throw new InvalidArgumentError(`${argument}[${i}]`, `labels must all be numbers or all strings, got ${String(value)}`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${argument}[${i}]`, `must be a finite number, got ${value}`, ERROR_CODES.nonFinite);
    }
  }
}
