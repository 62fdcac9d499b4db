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

  it('formats numbers like Python: exact binary ties round to even', () => {
    expect([0.125, 0.375, 0.3, 1.005, 2.5, 0.625].map((x, i) => formatFixed(x, i === 4 ? 0 : 2))).toEqual(['0.12', '0.38', '0.30', '1.00', '2', '0.62']);
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
  });

  it.each([
    ['labels of different lengths', () => accuracyScore([0, 1], [0]), /yPred: has 1 elements but yTrue has 2/],
    ['mixed label types', () => accuracyScore([0, 1], ['a', 'b']), /yPred: mixes label types/],
    ['a NaN label', () => accuracyScore([0, NaN], [0, 1]), /yTrue\[1\]: must be a finite number/],
    ['no labels', () => accuracyScore([], []), /yTrue: must not be empty/],
    ['too few target names', () => classificationReport([0, 1], [0, 1], { targetNames: ['a'] }), /options.targetNames: has 1 names for 2 labels/],
  ])('refuses %s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});
