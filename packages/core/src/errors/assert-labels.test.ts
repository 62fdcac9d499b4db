import { describe, expect, it } from 'vitest';
import { thrown as thrownMsr } from '../models/__fixtures__/thrown.js';
import { assertClassLabels, assertLength } from './assert-labels.js';
import { InvalidArgumentError } from './msr-error.js';

const thrown = (fn: () => unknown): InvalidArgumentError => thrownMsr(fn, InvalidArgumentError);

describe('assertClassLabels', () => {
  it('encodes labels as indices into their sorted distinct values (numeric order, not text)', () => {
    const { classes, codes } = assertClassLabels([10, -2, 10, 9, -2], 5);
    expect(classes).toEqual([-2, 9, 10]);
    expect([...codes]).toEqual([2, 0, 2, 1, 0]);
    expect(codes).toBeInstanceOf(Int32Array);
  });

  it('accepts one class when minClasses is 1', () => {
    const { classes, codes } = assertClassLabels(Int32Array.of(4, 4), 2, 'y', 1);
    expect(classes).toEqual([4]);
    expect([...codes]).toEqual([0, 0]);
  });

  it('refuses fewer distinct classes than required, listing them', () => {
    const err = thrown(() => assertClassLabels([3, 3, 3], 3, 'labels'));
    expect(err.code).toBe('ERR_SINGLE_CLASS');
    expect(err.argument).toBe('labels');
    expect(err.message).toBe('labels: needs at least 2 distinct classes, got 1 (3)');
    expect(thrown(() => assertClassLabels([1, 2], 2, 'y', 3)).message).toBe('y: needs at least 3 distinct classes, got 2 (1, 2)');
  });

  it('refuses a fractional label with ERR_INVALID_ARGUMENT and a non-finite one with ERR_NON_FINITE', () => {
    const frac = thrown(() => assertClassLabels([0, 1.5], 2));
    expect(frac.argument).toBe('y[1]');
    expect(frac.code).toBe('ERR_INVALID_ARGUMENT');
    expect(frac.message).toBe('y[1]: class labels must be integers (encode strings with LabelEncoder), got 1.5');
    const nan = thrown(() => assertClassLabels([NaN, 1], 2));
    expect(nan.argument).toBe('y[0]');
    expect(nan.code).toBe('ERR_NON_FINITE');
    expect(thrown(() => assertClassLabels([0, 'a' as never], 2)).code).toBe('ERR_NON_FINITE');
  });

  it('refuses labels whose count differs from the rows', () => {
    const err = thrown(() => assertClassLabels([0, 1, 0], 2));
    expect(err.code).toBe('ERR_LENGTH_MISMATCH');
    expect(err.message).toBe('y: has 3 elements but X has 2 rows');
  });
});

describe('assertLength', () => {
  it('accepts arrays and typed arrays of the expected length', () => {
    expect(() => assertLength([1, 2], 2, 'w')).not.toThrow();
    expect(() => assertLength(new Float64Array(0), 0, 'w')).not.toThrow();
  });

  it.each([null, undefined, 'ab', 3, { foo: 1 }])('refuses a non-array (%s)', (v) => {
    const err = thrown(() => assertLength(v as never, 2, 'weights'));
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe('weights: must be an array');
  });

  it('names what the length is compared with', () => {
    const err = thrown(() => assertLength([1], 2, 'b', 'a has'));
    expect(err.code).toBe('ERR_LENGTH_MISMATCH');
    expect(err.message).toBe('b: has 1 elements but a has 2 rows');
  });
});
