import { describe, expect, it } from 'vitest';
import { thrown as thrownMsr } from '../models/__fixtures__/thrown.js';
import { assertMatrix, assertRow, outputBuffer } from './assert-matrix.js';
import { InvalidArgumentError } from './msr-error.js';

const thrown = (fn: () => unknown): InvalidArgumentError => thrownMsr(fn, InvalidArgumentError);

describe('assertMatrix', () => {
  it('copies rows into a dense row-major buffer', () => {
    const X = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const m = assertMatrix(X);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect([...m.data]).toEqual([1, 2, 3, 4, 5, 6]);
    X[0]![0] = 99;
    expect(m.data[0]).toBe(1);
  });

  it('accepts typed-array rows and a matching column count', () => {
    const m = assertMatrix([Float64Array.of(0.5, -1), Float64Array.of(2, 3)], 'X', 2);
    expect([...m.data]).toEqual([0.5, -1, 2, 3]);
  });

  it('refuses a non-array', () => {
    const err = thrown(() => assertMatrix({ length: 1, 0: [1] } as never, 'points'));
    expect(err.argument).toBe('points');
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe('points: must be an array of rows');
  });

  it('refuses no rows with ERR_EMPTY_DATA', () => {
    const err = thrown(() => assertMatrix([]));
    expect(err.code).toBe('ERR_EMPTY_DATA');
    expect(err.message).toBe('X: must have at least one row');
  });

  it.each([null, 5, 'ab', { foo: 1 }])('refuses a first row that is not an array (%s)', (row) => {
    const err = thrown(() => assertMatrix([row] as never, 'A'));
    expect(err.argument).toBe('A[0]');
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe('A[0]: must be an array of numbers');
  });

  it('refuses a first row without columns', () => {
    const err = thrown(() => assertMatrix([[]]));
    expect(err.argument).toBe('X[0]');
    expect(err.code).toBe('ERR_EMPTY_DATA');
    expect(err.message).toBe('X[0]: must have at least one column');
  });

  it('refuses a width other than the fitted one', () => {
    const err = thrown(() => assertMatrix([[1, 2]], 'X', 3));
    expect(err.code).toBe('ERR_FEATURE_COUNT');
    expect(err.message).toBe('X[0]: has 2 features, but the model was fitted on 3');
  });

  it.each([null, 7, { bar: 2 }])('refuses a later row that is not an array (%s)', (row) => {
    const err = thrown(() => assertMatrix([[1], [2], row] as never));
    expect(err.argument).toBe('X[2]');
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe('X[2]: must be an array of numbers');
  });

  it('refuses a later row that is text of the right width', () => {
    const err = thrown(() => assertMatrix([[1, 2], 'ab'] as never));
    expect(err.argument).toBe('X[1]');
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
  });

  it('refuses ragged rows, naming the row', () => {
    const err = thrown(() => assertMatrix([[1, 2], [3, 4], [5]]));
    expect(err.argument).toBe('X[2]');
    expect(err.code).toBe('ERR_RAGGED_ROWS');
    expect(err.message).toBe('X[2]: has 1 values, expected 2 (the length of X[0])');
  });

  it.each([NaN, Infinity, -Infinity, '1', undefined])('refuses a non-finite or non-number value (%s), naming row and column', (v) => {
    const err = thrown(() => assertMatrix([[0, 0], [0, v as number]]));
    expect(err.argument).toBe('X[1][1]');
    expect(err.code).toBe('ERR_NON_FINITE');
    expect(err.message).toBe(`X[1][1]: must be a finite number, got ${String(v)}`);
  });
});

describe('assertRow', () => {
  it('accepts a row of the fitted width', () => {
    expect(() => assertRow([1, 2, 3], 3)).not.toThrow();
    expect(() => assertRow(Float64Array.of(1), 1, 'sample')).not.toThrow();
  });

  it.each([null, 3, 'abc', { foo: 1 }])('refuses a non-array (%s)', (row) => {
    const err = thrown(() => assertRow(row as never, 3));
    expect(err.argument).toBe('row');
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe('row: must be an array of numbers');
  });

  it('refuses a different feature count', () => {
    const err = thrown(() => assertRow([1, 2], 3, 'sample'));
    expect(err.code).toBe('ERR_FEATURE_COUNT');
    expect(err.message).toBe('sample: has 2 features, but the model was fitted on 3');
  });

  it.each([NaN, Infinity, '2'])('refuses a non-finite value (%s), naming the column', (v) => {
    const err = thrown(() => assertRow([1, v as number, 3], 3));
    expect(err.argument).toBe('row[1]');
    expect(err.code).toBe('ERR_NON_FINITE');
    expect(err.message).toBe(`row[1]: must be a finite number, got ${String(v)}`);
  });

  it('checks the last column too', () => {
    expect(thrown(() => assertRow([1, 2, NaN], 3)).argument).toBe('row[2]');
  });
});

describe('outputBuffer', () => {
  it('allocates a zeroed buffer of the length when none is given', () => {
    const out = outputBuffer(undefined, 4);
    expect(out).toBeInstanceOf(Float64Array);
    expect([...out]).toEqual([0, 0, 0, 0]);
  });

  it('names the buffer `output` by default', () => {
    expect(thrown(() => outputBuffer(new Float64Array(1), 2)).message).toBe('output: must be a Float64Array of length 2');
  });

  it('returns the given buffer itself when it fits', () => {
    const given = new Float64Array(3);
    expect(outputBuffer(given, 3)).toBe(given);
  });

  it.each([[new Float64Array(2)], [new Float32Array(3)], [[0, 0, 0]]])('refuses a wrong buffer (%s)', (given) => {
    const err = thrown(() => outputBuffer(given as never, 3, 'out'));
    expect(err.argument).toBe('out');
    expect(err.code).toBe('ERR_LENGTH_MISMATCH');
    expect(err.message).toBe('out: must be a Float64Array of length 3');
  });
});
