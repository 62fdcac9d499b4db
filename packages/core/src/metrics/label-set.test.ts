import { describe, expect, it } from 'vitest';
import { encodeLabelPair, sortLabels } from './label-set.js';

/** The error a call throws, as `code argument: message`. */
const refusal = (call: () => unknown): string => {
  try {
    call();
  } catch (error) {
    const e = error as { code: string; argument: string; message: string };
    return `${e.code} ${e.argument} | ${e.message}`;
  }
  return 'no error';
};

describe('encodeLabelPair', () => {
  it('encodes both arrays against the sorted union, or against given labels with -1 outside them', () => {
    expect(encodeLabelPair(['b', 'a', 'c'], ['a', 'a', 'd'])).toEqual({ labels: ['a', 'b', 'c', 'd'], trueCodes: Int32Array.from([1, 0, 2]), predCodes: Int32Array.from([0, 0, 3]) });
    expect(encodeLabelPair([10, 2, 2], [2, 10, 33])).toEqual({ labels: [2, 10, 33], trueCodes: Int32Array.from([1, 0, 0]), predCodes: Int32Array.from([0, 1, 2]) });
    expect(encodeLabelPair([1, 2], [2, 3], [2, 1])).toEqual({ labels: [2, 1], trueCodes: Int32Array.from([1, 0]), predCodes: Int32Array.from([0, -1]) });
  });

  it('refuses bad input naming the argument and the element', () => {
    expect(refusal(() => encodeLabelPair([1, 2], ['a', 'b']))).toBe('ERR_INVALID_ARGUMENT yPred | yPred: mixes label types with yTrue (number vs string)');
    expect(refusal(() => encodeLabelPair([1], [1], []))).toBe('ERR_EMPTY_DATA options.labels | options.labels: must not be empty');
    expect(refusal(() => encodeLabelPair([], []))).toBe('ERR_EMPTY_DATA yTrue | yTrue: must not be empty');
    expect(refusal(() => encodeLabelPair(null as never, [1]))).toBe('ERR_INVALID_ARGUMENT yTrue | yTrue: must be an array of labels');
    expect(refusal(() => encodeLabelPair(5 as never, [1]))).toBe('ERR_INVALID_ARGUMENT yTrue | yTrue: must be an array of labels');
    expect(refusal(() => encodeLabelPair({ length: 'x' } as never, [1]))).toBe('ERR_INVALID_ARGUMENT yTrue | yTrue: must be an array of labels');
    expect(refusal(() => encodeLabelPair([1, 'a'] as never, [1, 1]))).toBe('ERR_INVALID_ARGUMENT yTrue[1] | yTrue[1]: labels must all be numbers or all strings, got a');
    expect(refusal(() => encodeLabelPair([true, false] as never, [1, 1]))).toBe('ERR_INVALID_ARGUMENT yTrue[0] | yTrue[0]: labels must all be numbers or all strings, got true');
    expect(refusal(() => encodeLabelPair([1, 2], [1, Number.NaN]))).toBe('ERR_NON_FINITE yPred[1] | yPred[1]: must be a finite number, got NaN');
    expect(refusal(() => encodeLabelPair([1, 2], [1]))).toMatch(/^ERR_\w+ yPred /);
  });
});

describe('sortLabels', () => {
  it('sorts numbers numerically and strings by code unit, as numpy.unique', () => {
    expect(sortLabels([10, 9, -1, 100])).toEqual([-1, 9, 10, 100]);
    expect(sortLabels(['b', 'B', 'a', 'ab', 'a'])).toEqual(['B', 'a', 'a', 'ab', 'b']);
  });
});
