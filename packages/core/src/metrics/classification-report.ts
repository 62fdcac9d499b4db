import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { formatFixed } from './format-fixed.js';
import { encodeLabelPair, type Label, type Labels } from './label-set.js';
import { precisionRecallFscore } from './precision-recall-fscore.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Classes to report, in this order. @default the sorted union of both label arrays */
  labels?: readonly Label[];
  /** Display names of `labels` (e.g. genre names for integer codes). */
  targetNames?: readonly string[];
  /** Decimals of the figures. @default 2 */
  digits?: number;
}

/**
 * A text table of per-class precision, recall, F1 and support with accuracy and macro/weighted
 * averages, laid out character for character like scikit-learn's `classification_report`.
 *
 * @example
 * ```ts
 * classificationReport(yTest, predictions, { targetNames: encoder.classes });
 * ```
 */
export function classificationReport(yTrue: Labels, yPred: Labels, options: ClassificationReportOptions = {}): string {
  const { digits = 2 } = options;
  const scores = precisionRecallFscore(yTrue, yPred, options.labels ? { labels: options.labels } : {});
  const names = options.targetNames ? [...options.targetNames] : scores.labels.map(String);
  if (names.length !== scores.labels.length) {
    throw new InvalidArgumentError('options.targetNames', `has ${names.length} names for ${scores.labels.length} labels`, ERROR_CODES.lengthMismatch);
  }
  const heading = 'weighted avg';
  const width = Math.max(...names.map((name) => name.length), heading.length, digits);
  const right = (text: string, size: number): string => text.padStart(size);
  const figure = (value: number): string => right(formatFixed(value, digits), 9);
  const row = (name: string, p: number, r: number, f: number, support: number): string =>
    `${right(name, width)}  ${figure(p)} ${figure(r)} ${figure(f)} ${right(String(support), 9)}\n`;

  let report = `${right('', width)}  ${['precision', 'recall', 'f1-score', 'support'].map((h) => right(h, 9)).join(' ')}\n\n`;
  names.forEach((name, k) => {
    report += row(name, scores.precision[k]!, scores.recall[k]!, scores.f1[k]!, scores.support[k]!);
  });
  report += '\n';
  const total = scores.support.reduce((a, b) => a + b, 0);
  // With every present label reported, micro-averaged P = R = F1 = accuracy: shown as such.
  const { labels: present } = encodeLabelPair(yTrue, yPred);
  const covered = !options.labels || present.every((label) => options.labels!.includes(label));
  if (covered) {
    const micro = microF1(yTrue, yPred, options.labels);
    report += `${right('accuracy', width)}  ${right('', 9)} ${right('', 9)} ${figure(micro)} ${right(String(total), 9)}\n`;
  } else {
    const micro = microAverages(yTrue, yPred, scores.labels);
    report += row('micro avg', micro.precision, micro.recall, micro.f1, total);
  }
  report += row('macro avg', scores.macro.precision, scores.macro.recall, scores.macro.f1, total);
  report += row(heading, scores.weighted.precision, scores.weighted.recall, scores.weighted.f1, total);
  return report;
}

function microF1(yTrue: Labels, yPred: Labels, labels?: readonly Label[]): number {
  return microAverages(yTrue, yPred, labels ?? encodeLabelPair(yTrue, yPred).labels).f1;
}

/** Micro-averaged precision, recall and F1 over `labels` (pooled counts). */
function microAverages(yTrue: Labels, yPred: Labels, labels: readonly Label[]): { precision: number; recall: number; f1: number } {
  const { trueCodes, predCodes } = encodeLabelPair(yTrue, yPred, labels);
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < trueCodes.length; i++) {
    if (predCodes[i]! >= 0) predicted++;
    if (trueCodes[i]! >= 0) actual++;
    if (trueCodes[i]! >= 0 && trueCodes[i] === predCodes[i]) tp++;
  }
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
