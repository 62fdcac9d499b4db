import { ERROR_CODES } from './error-codes.js';
import { InvalidArgumentError } from './msr-error.js';

/** Integer class labels re-indexed to `0..classes.length-1`. */
export interface EncodedClasses {
  /** The distinct labels, ascending. */
  readonly classes: number[];
  /** `codes[i]` is the index of `y[i]` in `classes`. */
  readonly codes: Int32Array;
}

/**
 * Checks integer class labels (one per row of an `rows`-row matrix) and encodes them as indices
 * into their sorted distinct values. At least `minClasses` distinct labels are required.
 */
export function assertClassLabels(y: ArrayLike<number>, rows: number, argument = 'y', minClasses = 2): EncodedClasses {
  assertLength(y, rows, argument);
  const seen = new Set<number>();
  for (let i = 0; i < rows; i++) {
    const label = y[i]!;
    if (typeof label !== 'number' || !Number.isInteger(label)) {
      throw new InvalidArgumentError(
        `${argument}[${i}]`,
        `class labels must be integers (encode strings with LabelEncoder), got ${String(label)}`,
        Number.isFinite(label) ? ERROR_CODES.invalidArgument : ERROR_CODES.nonFinite,
      );
    }
    seen.add(label);
  }
  if (seen.size < minClasses) {
    throw new InvalidArgumentError(
      argument,
      `needs at least ${minClasses} distinct classes, got ${seen.size} (${[...seen].join(', ')})`,
      ERROR_CODES.singleClass,
    );
  }
  const classes = [...seen].sort((a, b) => a - b);
  const index = new Map(classes.map((label, k) => [label, k]));
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) codes[i] = index.get(y[i]!)!;
  return { classes, codes };
}

/** Checks that an array-like argument has `expected` elements (the number of rows of `X`). */
export function assertLength(values: ArrayLike<unknown>, expected: number, argument: string, of = 'X has'): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvalidArgumentError(argument, 'must be an array');
  }
  if (values.length !== expected) {
    throw new InvalidArgumentError(
      argument,
      `has ${values.length} elements but ${of} ${expected} rows`,
      ERROR_CODES.lengthMismatch,
    );
  }
}
