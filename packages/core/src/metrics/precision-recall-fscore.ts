import { encodeLabelPair, type Label, type Labels } from './label-set.js';

/** Precision, recall, F1 and support of each class plus their averages. */
export interface PrecisionRecallFscore {
  /** The classes, in the order of the per-class arrays. */
  labels: Label[];
  precision: number[];
  recall: number[];
  f1: number[];
  /** Number of true samples of each class. */
  support: number[];
  /** Unweighted means over classes. */
  macro: { precision: number; recall: number; f1: number };
  /** Means weighted by support. */
  weighted: { precision: number; recall: number; f1: number };
}

/**
 * Per-class precision, recall, F1 and support with macro and weighted averages, as
 * scikit-learn's `precision_recall_fscore_support` computes them (a 0/0 ratio counts as
 * `zeroDivision`, 0 by default).
 *
 * @example
 * ```ts
 * const { f1, macro } = precisionRecallFscore(yTest, predictions);
 * ```
 */
export function precisionRecallFscore(
  yTrue: Labels,
  yPred: Labels,
  options: { labels?: readonly Label[]; zeroDivision?: 0 | 1 } = {},
): PrecisionRecallFscore {
  const { zeroDivision = 0 } = options;
  const { labels, trueCodes, predCodes } = encodeLabelPair(yTrue, yPred, options.labels);
  // Counted per label over all samples (a true label predicted as an unlisted one still counts).
  const truePositives = new Array<number>(labels.length).fill(0);
  const predictedCounts = new Array<number>(labels.length).fill(0);
  const actualCounts = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < trueCodes.length; i++) {
    const t = trueCodes[i]!;
    const p = predCodes[i]!;
    if (t >= 0) actualCounts[t]!++;
    if (p >= 0) predictedCounts[p]!++;
    if (t >= 0 && t === p) truePositives[t]!++;
  }
  const divide = (a: number, b: number): number => (b === 0 ? zeroDivision : a / b);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  labels.forEach((_, k) => {
    const tp = truePositives[k]!;
    const predicted = predictedCounts[k]!;
    const actual = actualCounts[k]!;
    const p = divide(tp, predicted);
    const r = divide(tp, actual);
    precision.push(p);
    recall.push(r);
    // scikit-learn 1.2: F = 2·P·R / (P + R), 0 when P + R = 0.
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
    support.push(actual);
  });
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const totalSupport = support.reduce((a, b) => a + b, 0);
  const weightedMean = (values: number[]): number =>
    totalSupport === 0 ? zeroDivision : values.reduce((sum, value, k) => sum + value * support[k]!, 0) / totalSupport;
  return {
    labels,
    precision,
    recall,
    f1,
    support,
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    weighted: { precision: weightedMean(precision), recall: weightedMean(recall), f1: weightedMean(f1) },
  };
}
