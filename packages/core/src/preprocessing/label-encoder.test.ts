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

  it('sorts by UTF-16 code unit, as scikit-learn (numpy) sorts strings: capitals before lower case, accents last', () => {
    expect(new LabelEncoder().fit(['b', 'é', 'a', 'B', 'a b', 'a']).classes).toEqual(['B', 'a', 'a b', 'b', 'é']);
  });

  it('serialises exactly its format, version and classes; a refit forgets the old classes', () => {
    const encoder = new LabelEncoder().fit(['rock', 'jazz']);
    expect(encoder.toJSON()).toEqual({ format: 'msr.label-encoder', version: 1, classes: ['jazz', 'rock'] });
    encoder.fit(['pop']);
    expect(Array.from(encoder.transform(['pop']))).toEqual([0]);
    expect(() => encoder.transform(['jazz'])).toThrow('labels[0]: unknown label "jazz" (known: pop)');
    expect(() => new LabelEncoder().fit(['b', 'a']).transform(['a', 'z'])).toThrow('labels[1]: unknown label "z" (known: a, b)');
  });

  it('restored from JSON, encodes and decodes as the encoder it came from', () => {
    const encoder = LabelEncoder.fromJSON({ format: 'msr.label-encoder', version: 1, classes: ['a', 'b', 'c'] });
    expect(Array.from(encoder.transform(['c', 'a']))).toEqual([2, 0]);
    expect(encoder.inverseTransform(Int32Array.from([1]))).toEqual(['b']);
  });

  it.each([
    ['duplicate classes', { format: 'msr.label-encoder', version: 1, classes: ['a', 'a'] }, 'classes'],
    ['no classes', { format: 'msr.label-encoder', version: 1, classes: [] }, 'classes'],
    ['another format', { format: 'msr.scaler', version: 1, classes: ['a'] }, 'format'],
    ['another version', { format: 'msr.label-encoder', version: 2, classes: ['a'] }, 'version'],
  ])('fromJSON refuses %s with ERR_MODEL_FORMAT', (_, json, path) => {
    try {
      LabelEncoder.fromJSON(json);
      expect.unreachable();
    } catch (error) {
      expect((error as MsrError).code).toBe('ERR_MODEL_FORMAT');
      expect((error as MsrError).message).toContain(path);
    }
  });

  it.each([
    ['a code below 0', () => new LabelEncoder().fit(['a', 'b']).inverseTransform([0, -1]), 'codes[1]: must be an integer in [0, 1], got -1'],
    ['a fractional code', () => new LabelEncoder().fit(['a', 'b']).inverseTransform([0.5]), 'codes[0]: must be an integer in [0, 1], got 0.5'],
    ['a label that is not a string', () => new LabelEncoder().fit(['a', 3 as unknown as string]), 'labels[1]: must be a string, got 3'],
    ['labels that are not an array', () => new LabelEncoder().fit('ab' as unknown as string[]), 'labels: must be a non-empty array of strings'],
    ['transform before fit', () => new LabelEncoder().transform(['a']), 'LabelEncoder'],
    ['inverseTransform before fit', () => new LabelEncoder().inverseTransform([0]), 'LabelEncoder'],
    ['toJSON before fit', () => new LabelEncoder().toJSON(), 'LabelEncoder'],
  ])('refuses %s, saying which', (_, fn, message) => {
    expect(fn).toThrow(expect.objectContaining({ message: expect.stringContaining(message) }));
  });
});
