import { describe, expect, it } from 'vitest';
import { accuracyScore } from './accuracy-score.js';
import { classificationReport } from './classification-report.js';
import { confusionMatrix } from './confusion-matrix.js';
import { formatFixed } from './format-fixed.js';
import { precisionRecallFscore } from './precision-recall-fscore.js';

const yTrue = ['cat', 'dog', 'dog', 'bird', 'cat', 'bird', 'dog', 'cat'];
const yPred = ['cat', 'dog', 'cat', 'bird', 'dog', 'dog', 'dog', 'cat'];

describe('classification metrics', () => {
  it('accuracy, confusion matrix (rows true, columns predicted, sorted labels)', () => {
    expect(accuracyScore(yTrue, yPred)).toBe(5 / 8);
    expect(confusionMatrix(yTrue, yPred)).toEqual({
      labels: ['bird', 'cat', 'dog'],
      matrix: [
        [1, 0, 1],
        [0, 2, 1],
        [0, 1, 2],
      ],
    });
    expect(confusionMatrix([0, 1, 2], [2, 1, 0], { labels: [2, 0] }).matrix).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('per-class precision, recall, F1 and support with macro and weighted averages', () => {
    const scores = precisionRecallFscore(yTrue, yPred);
    expect(scores.precision).toEqual([1, 2 / 3, 0.5]);
    expect(scores.recall).toEqual([0.5, 2 / 3, 2 / 3]);
    expect(scores.f1[0]).toBeCloseTo(2 / 3, 15);
    expect(scores.support).toEqual([2, 3, 3]);
    expect(scores.macro.precision).toBeCloseTo((1 + 2 / 3 + 0.5) / 3, 15);
    expect(scores.weighted.recall).toBeCloseTo(5 / 8, 15);
    // A class never predicted: precision 0/0 counts as zeroDivision.
    expect(precisionRecallFscore([0, 0, 1, 1], [1, 1, 1, 1]).precision).toEqual([0, 0.5]);
    expect(precisionRecallFscore([0, 0, 1, 1], [1, 1, 1, 1], { zeroDivision: 1 }).precision).toEqual([1, 0.5]);
  });

  // Expected strings printed by scikit-learn 1.2.1's classification_report.
  it('prints the report character for character like scikit-learn', () => {
    expect(classificationReport(yTrue, yPred)).toBe(
      '              precision    recall  f1-score   support\n\n        bird       1.00      0.50      0.67         2\n         cat       0.67      0.67      0.67         3\n         dog       0.50      0.67      0.57         3\n\n    accuracy                           0.62         8\n   macro avg       0.72      0.61      0.63         8\nweighted avg       0.69      0.62      0.63         8\n',
    );
    // A subset of labels: micro average instead of accuracy.
    expect(classificationReport([0, 1, 2, 2, 1, 0, 1, 1], [0, 2, 2, 2, 1, 0, 0, 1], { labels: [1, 2], digits: 3 })).toBe(
      '              precision    recall  f1-score   support\n\n           1      1.000     0.500     0.667         4\n           2      0.667     1.000     0.800         2\n\n   micro avg      0.800     0.667     0.727         6\n   macro avg      0.833     0.750     0.733         6\nweighted avg      0.889     0.667     0.711         6\n',
    );
    expect(classificationReport([0, 0, 1, 1], [1, 1, 1, 1])).toBe(
      '              precision    recall  f1-score   support\n\n           0       0.00      0.00      0.00         2\n           1       0.50      1.00      0.67         2\n\n    accuracy                           0.50         4\n   macro avg       0.25      0.50      0.33         4\nweighted avg       0.25      0.50      0.33         4\n',
    );
    expect(classificationReport([0, 1], [0, 1], { targetNames: ['a-very-long-genre-name', 'b'] }).split('\n')[2]).toBe(
      'a-very-long-genre-name       1.00      1.00      1.00         1',
    );
  });

  it('counts labels outside a given list against the listed ones (scikit-learn’s labels=)', () => {
    // Label 0: 1 true, predicted once, right: P = R = F1 = 1. Label 1: its one sample predicted as the
    // unlisted 2, never predicted: P = 0/0 → 0, R = 0/1 = 0.
    const scores = precisionRecallFscore([0, 1, 2], [0, 2, 2], { labels: [0, 1] });
    expect(scores).toEqual({
      labels: [0, 1],
      precision: [1, 0],
      recall: [1, 0],
      f1: [1, 0],
      support: [1, 1],
      macro: { precision: 0.5, recall: 0.5, f1: 0.5 },
      weighted: { precision: 0.5, recall: 0.5, f1: 0.5 },
    });
    // A listed label nobody has: support 0, every ratio 0/0 → zeroDivision, weighted averages too.
    const absent = precisionRecallFscore([0, 1], [0, 1], { labels: [7], zeroDivision: 1 });
    expect(absent).toMatchObject({ precision: [1], recall: [1], support: [0], weighted: { precision: 1, recall: 1, f1: 1 } });
  });

  it('sorts numeric labels by value and string labels by code unit, like numpy.unique', () => {
    expect(confusionMatrix([10, 9, 100], [10, 9, 100]).labels).toEqual([9, 10, 100]);
    expect(confusionMatrix(['b', 'B', 'a'], ['b', 'B', 'a']).labels).toEqual(['B', 'a', 'b']);
    // Samples with a label outside the list are left out of the matrix.
    expect(confusionMatrix([0, 1, 2, 2], [0, 2, 1, 2], { labels: [1, 2] }).matrix).toEqual([
      [0, 1],
      [1, 1],
    ]);
    // Also when only one of its two labels is outside the list.
    expect(confusionMatrix([0, 1, 2, 1], [1, 2, 1, 0], { labels: [1, 2] }).matrix).toStrictEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('shows accuracy when the given labels cover every label present, in the given order (scikit-learn)', () => {
    expect(classificationReport([0, 0, 1, 1], [1, 1, 1, 1], { labels: [1, 0] })).toBe(
      '              precision    recall  f1-score   support\n\n           1       0.50      1.00      0.67         2\n           0       0.00      0.00      0.00         2\n\n    accuracy                           0.50         4\n   macro avg       0.25      0.50      0.33         4\nweighted avg       0.25      0.50      0.33         4\n',
    );
  });

  it('prints 0, not NaN, for a micro average with nothing predicted or nothing true among the labels', () => {
    // No prediction among [0, 1]: micro precision 0/0 → 0, recall 0/2, F1 0.
    expect(classificationReport([0, 1, 2], [2, 2, 2], { labels: [0, 1] })).toBe(
      '              precision    recall  f1-score   support\n\n           0       0.00      0.00      0.00         1\n           1       0.00      0.00      0.00         1\n\n   micro avg       0.00      0.00      0.00         2\n   macro avg       0.00      0.00      0.00         2\nweighted avg       0.00      0.00      0.00         2\n',
    );
    // No true sample of label 1: micro recall 0/0 → 0, precision 0/2.
    expect(classificationReport([0, 0], [1, 1], { labels: [1] })).toBe(
      '              precision    recall  f1-score   support\n\n           1       0.00      0.00      0.00         0\n\n   micro avg       0.00      0.00      0.00         0\n   macro avg       0.00      0.00      0.00         0\nweighted avg       0.00      0.00      0.00         0\n',
    );
  });

  it('formats numbers like Python: exact binary ties round to even', () => {
    // Not a tie (a digit after the 5): rounds up, as format(0.1250000001, '.2f') == '0.13'.
    expect(formatFixed(0.1250000001, 2)).toBe('0.13');
    // Ties with no decimals: Python's format(2.5, '.0f') is '2', format(1.5, '.0f') '2', format(-2.5, '.0f') '-2'.
    expect([2.5, 1.5, 0.5, -2.5, -3.5].map((x) => formatFixed(x, 0))).toEqual(['2', '2', '0', '-2', '-4']);
    expect([0.25, 0.75, 1.0625].map((x, i) => formatFixed(x, i === 2 ? 3 : 1))).toEqual(['0.2', '0.8', '1.062']);
    expect([0.125, 0.375, 0.3, 1.005, 2.5, 0.625].map((x, i) => formatFixed(x, i === 4 ? 0 : 2))).toEqual(['0.12', '0.38', '0.30', '1.00', '2', '0.62']);
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
  });

  it.each([
    ['labels of different lengths', () => accuracyScore([0, 1], [0]), /yPred: has 1 elements but yTrue has 2/],
    ['mixed label types', () => accuracyScore([0, 1], ['a', 'b']), /yPred: mixes label types/],
    ['a NaN label', () => accuracyScore([0, NaN], [0, 1]), /yTrue\[1\]: must be a finite number/],
    ['no labels', () => accuracyScore([], []), /yTrue: must not be empty/],
    ['labels of both kinds in one array', () => accuracyScore([0, 'a' as unknown as number], [0, 1]), 'yTrue[1]: labels must all be numbers or all strings, got a'],
    ['an empty labels list', () => confusionMatrix([0, 1], [0, 1], { labels: [] }), 'options.labels: must not be empty'],
    ['labels that are not an array', () => confusionMatrix(3 as unknown as number[], [0]), 'yTrue: must be an array of labels'],
    // accuracyScore compared lengths first and said "yTrue has undefined rows" for a number.
    ['accuracy of labels that are not an array', () => accuracyScore(3 as unknown as number[], [0]), 'yTrue: must be an array of labels'],
    ['accuracy of null labels', () => accuracyScore(null as unknown as number[], [0]), 'yTrue: must be an array of labels'],
    ['null labels', () => confusionMatrix(null as unknown as number[], [0]), 'yTrue: must be an array of labels'],
    ['predictions of another length', () => confusionMatrix([0, 1], [0]), 'yPred: has 1 elements but yTrue has 2 rows'],
    ['too few target names', () => classificationReport([0, 1], [0, 1], { targetNames: ['a'] }), /options.targetNames: has 1 names for 2 labels/],
  ])('refuses %s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});
