import { describe, expect, it } from 'vitest';
import { MsrError } from '../errors/msr-error.js';
import { LabelEncoder } from './label-encoder.js';

describe('LabelEncoder', () => {
  it('encodes labels by their sorted order, like scikit-learn', () => {
    const encoder = new LabelEncoder();
    expect(Array.from(encoder.fitTransform(['rock', 'r-n-b', 'hip-hop', 'rock', 'edm']))).toEqual([3, 2, 1, 3, 0]);
    expect(encoder.classes).toEqual(['edm', 'hip-hop', 'r-n-b', 'rock']);
    expect(encoder.inverseTransform([0, 3])).toEqual(['edm', 'rock']);
  });

  it('round-trips through JSON; refuses unsorted classes', () => {
    const encoder = new LabelEncoder().fit(['b', 'a']);
    expect(LabelEncoder.fromJSON(encoder.toJSON()).classes).toEqual(['a', 'b']);
    expect(() => LabelEncoder.fromJSON({ format: 'msr.label-encoder', version: 1, classes: ['b', 'a'] })).toThrow(/classes: must be distinct and sorted/);
  });

  it.each([
    ['an unknown label', () => new LabelEncoder().fit(['a']).transform(['a', 'z']), 'ERR_UNKNOWN_LABEL', 'labels[1]'],
    ['a code out of range', () => new LabelEncoder().fit(['a']).inverseTransform([1]), 'ERR_OUT_OF_RANGE', 'codes[0]'],
    ['no labels', () => new LabelEncoder().fit([]), 'ERR_EMPTY_DATA', 'labels'],
    ['use before fit', () => new LabelEncoder().classes, 'ERR_NOT_FITTED', 'LabelEncoder'],
  ] as const)('refuses %s', (_, fn, code, argument) => {
    try {
      fn();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MsrError);
      expect((error as MsrError).code).toBe(code);
      expect((error as MsrError).message).toContain(argument);
    }
  });
});
