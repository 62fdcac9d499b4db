import { encodeLabelPair, type Label, type Labels } from './label-set.js';

/** A confusion matrix and the labels of its rows and columns. */
export interface ConfusionMatrix {
  /** Row and column labels, sorted (or as given). */
  labels: Label[];
  /** `matrix[t][p]`: samples of true label `labels[t]` predicted as `labels[p]`. */
  matrix: number[][];
}

/**
 * Counts true-vs-predicted label pairs (scikit-learn's `confusion_matrix`): rows are true
 * labels, columns predictions. Samples whose labels are not in `options.labels` are ignored.
 *
 * @example
 * ```ts
 * confusionMatrix(['a', 'b', 'b'], ['a', 'a', 'b']).matrix; // [[1, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(yTrue: Labels, yPred: Labels, options: { labels?: readonly Label[] } = {}): ConfusionMatrix {
  const { labels, trueCodes, predCodes } = encodeLabelPair(yTrue, yPred, options.labels);
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < trueCodes.length; i++) {
    const t = trueCodes[i]!;
    const p = predCodes[i]!;
    if (t >= 0 && p >= 0) matrix[t]![p]!++;
  }
  return { labels, matrix };
}
