import type { DenseMatrix, MatrixLike } from '../models/matrix.js';
import { ERROR_CODES } from './error-codes.js';
import { InvalidArgumentError } from './msr-error.js';

/**
 * Checks that `X` is a non-empty rectangular table of finite numbers (with `cols` columns when
 * given) and returns a dense row-major copy. Errors name `X`'s argument, row and column.
 *
 * @param X - Rows of numbers.
 * @param argument - The argument's name for error messages.
 * @param cols - The required number of columns (a fitted model's feature count).
 */
export function assertMatrix(X: MatrixLike, argument = 'X', cols?: number): DenseMatrix {
  if (!Array.isArray(X)) throw new InvalidArgumentError(argument, 'must be an array of rows');
  const rows = X.length;
  if (rows === 0) throw new InvalidArgumentError(argument, 'must have at least one row', ERROR_CODES.emptyData);
  const first = X[0];
  if (first === null || typeof first !== 'object' || typeof first.length !== 'number') {
    throw new InvalidArgumentError(`${argument}[0]`, 'must be an array of numbers');
  }
  const width = first.length;
  if (width === 0) throw new InvalidArgumentError(`${argument}[0]`, 'must have at least one column', ERROR_CODES.emptyData);
  if (cols !== undefined && width !== cols) {
    throw new InvalidArgumentError(
      `${argument}[0]`,
      `has ${width} features, but the model was fitted on ${cols}`,
      ERROR_CODES.featureCountMismatch,
    );
  }
  const data = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    const row = X[i];
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw new InvalidArgumentError(`${argument}[${i}]`, 'must be an array of numbers');
    }
    if (row.length !== width) {
      throw new InvalidArgumentError(
        `${argument}[${i}]`,
        `has ${row.length} values, expected ${width} (the length of ${argument}[0])`,
        ERROR_CODES.raggedRows,
      );
    }
    const offset = i * width;
    for (let j = 0; j < width; j++) {
      const value = row[j]!;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`${argument}[${i}][${j}]`, `must be a finite number, got ${String(value)}`, ERROR_CODES.nonFinite);
      }
      data[offset + j] = value;
    }
  }
  return { data, rows, cols: width };
}

/**
 * Checks one sample of `cols` finite numbers (the single-row fast paths use this; it does not
 * copy).
 */
export function assertRow(row: ArrayLike<number>, cols: number, argument = 'row'): void {
  if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
    throw new InvalidArgumentError(argument, 'must be an array of numbers');
  }
  if (row.length !== cols) {
    throw new InvalidArgumentError(argument, `has ${row.length} features, but the model was fitted on ${cols}`, ERROR_CODES.featureCountMismatch);
  }
  for (let j = 0; j < cols; j++) {
    const value = row[j]!;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${argument}[${j}]`, `must be a finite number, got ${String(value)}`, ERROR_CODES.nonFinite);
    }
  }
}

/**
 * Checks (or allocates) an `output` buffer of exactly `length` numbers.
 */
export function outputBuffer(output: Float64Array | undefined, length: number, argument = 'output'): Float64Array {
  if (output === undefined) return new Float64Array(length);
  if (!(output instanceof Float64Array) || output.length !== length) {
    throw new InvalidArgumentError(argument, `must be a Float64Array of length ${length}`, ERROR_CODES.lengthMismatch);
  }
  return output;
}
