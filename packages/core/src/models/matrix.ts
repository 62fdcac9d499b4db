/**
 * A table of numbers given row by row: an array of rows, each an array or typed array of the
 * same length (`number[][]`, `Float64Array[]`, …). Every model and metric in `@msr/core` takes
 * its samples in this shape, features in columns.
 */
export type MatrixLike = ReadonlyArray<ArrayLike<number>>;

/**
 * A validated, row-major copy of a {@link MatrixLike}: `data[i * cols + j]` is row `i`,
 * column `j`. Internal hot loops work on this.
 */
export interface DenseMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}
