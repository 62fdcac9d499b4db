import { assertMatrix, assertRow, outputBuffer } from '../errors/assert-matrix.js';
import { NotFittedError } from '../errors/msr-error.js';
import type { DenseMatrix, MatrixLike } from '../models/matrix.js';

/**
 * What the two scalers share: a per-feature affine map `x' = x · scale + offset`, applied to
 * whole matrices or to one row into an output buffer.
 */
export abstract class FeatureScaler {
  /** Per-feature multiplier and addend of the fitted map; `undefined` before `fit`. */
  protected affine: { scale: Float64Array; offset: Float64Array } | undefined;

  /** Learns the per-feature map from the rows of `X`. */
  fit(X: MatrixLike): this {
    this.affine = this.learn(assertMatrix(X, 'X'));
    return this;
  }

  /** Scales every row of `X` (a new array of `Float64Array` rows; `X` is not modified). */
  transform(X: MatrixLike): Float64Array[] {
    return this.mapRows(X, (value, scale, offset) => value * scale + offset);
  }

  /** {@link fit}, then {@link transform} of the same rows. */
  fitTransform(X: MatrixLike): Float64Array[] {
    return this.fit(X).transform(X);
  }

  /**
   * Scales one sample into `output` when given (length = number of features); allocates
   * nothing else, for per-request use.
   */
  transformRow(row: ArrayLike<number>, output?: Float64Array): Float64Array {
    const { scale, offset } = this.map();
    assertRow(row, scale.length);
    const out = outputBuffer(output, scale.length);
    for (let j = 0; j < scale.length; j++) out[j] = row[j]! * scale[j]! + offset[j]!;
    return out;
  }

  /** Maps scaled rows back to the original units. */
  inverseTransform(X: MatrixLike): Float64Array[] {
    return this.mapRows(X, (value, scale, offset) => (value - offset) / scale);
  }

  private mapRows(X: MatrixLike, fn: (value: number, scale: number, offset: number) => number): Float64Array[] {
    const { scale, offset } = this.map();
    const dense = assertMatrix(X, 'X', scale.length);
    return Array.from({ length: dense.rows }, (_, i) => {
      const row = new Float64Array(dense.cols);
      for (let j = 0; j < dense.cols; j++) row[j] = fn(dense.data[i * dense.cols + j]!, scale[j]!, offset[j]!);
      return row;
    });
  }

  /** The number of features the scaler was fitted on. */
  get nFeatures(): number {
    return this.map().scale.length;
  }

  /** Whether {@link fit} (or `fromJSON`) has run. */
  get isFitted(): boolean {
    return this.affine !== undefined;
  }

  protected map(): { scale: Float64Array; offset: Float64Array } {
    if (!this.affine) throw new NotFittedError(this.modelName);
    return this.affine;
  }

  /** The class name, for error messages. */
  protected abstract readonly modelName: string;

  /** Computes the affine map from validated data. */
  protected abstract learn(X: DenseMatrix): { scale: Float64Array; offset: Float64Array };
}
