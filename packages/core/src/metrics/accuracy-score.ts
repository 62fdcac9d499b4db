import { encodeLabelPair, type Labels } from './label-set.js';

/**
 * Share of predictions equal to the true labels.
 *
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 2], [0, 2, 2, 2]); // 0.75
 * ```
 */
export function accuracyScore(yTrue: Labels, yPred: Labels): number {
  // encodeLabelPair checks yTrue is an array of labels before comparing lengths.
  const { trueCodes, predCodes } = encodeLabelPair(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < trueCodes.length; i++) if (trueCodes[i] === predCodes[i]) correct++;
  return correct / trueCodes.length;
}
