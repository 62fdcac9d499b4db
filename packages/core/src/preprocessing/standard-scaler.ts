import { parseModelJson } from '../errors/parse-model-json.js';
import type { DenseMatrix } from '../models/matrix.js';
import { FeatureScaler } from './feature-scaler.js';
import { SCALER_FORMATS, standardScalerJsonSchema, type StandardScalerJSON } from './scaler-json.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract each feature's mean. @default true */
  withMean?: boolean;
  /** Divide by each feature's (population) standard deviation. @default true */
  withStd?: boolean;
}

/**
 * Centres each feature and divides it by its standard deviation (scikit-learn's
 * `StandardScaler`, population variance; a constant feature is only centred).
 *
 * @example
 * ```ts
 * const scaler = new StandardScaler().fit(XTrain);
 * const z = scaler.transform(XTest);
 * ```
 */
export class StandardScaler extends FeatureScaler {
  /** The resolved options. */
  readonly options: Readonly<Required<StandardScalerOptions>>;
  private center: Float64Array = new Float64Array(0);
  private spread: Float64Array = new Float64Array(0);

  protected readonly modelName = 'StandardScaler';

  constructor(options: StandardScalerOptions = {}) {
    super();
    this.options = { withMean: options.withMean ?? true, withStd: options.withStd ?? true };
  }

  /** Per-feature mean subtracted (zeros when `withMean` is off). */
  get mean(): Float64Array {
    this.map();
    return this.center.slice();
  }

  /** Per-feature divisor (ones when `withStd` is off). */
  get scale(): Float64Array {
    this.map();
    return this.spread.slice();
  }

  protected learn(X: DenseMatrix): { scale: Float64Array; offset: Float64Array } {
    const { data, rows, cols } = X;
    const mean = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
    for (let j = 0; j < cols; j++) mean[j]! /= rows;
    const variance = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) variance[j]! += (data[i * cols + j]! - mean[j]!) ** 2;
    this.center = this.options.withMean ? mean : new Float64Array(cols);
    this.spread = Float64Array.from(variance, (sum, j) => {
      const v = sum / rows;
      // Constant up to rounding (scikit-learn's _is_constant_feature): scale stays 1.
      const bound = rows * Number.EPSILON * v + (rows * mean[j]! * Number.EPSILON) ** 2;
      return this.options.withStd && v > bound ? Math.sqrt(v) : 1;
    });
    return this.affineFromMoments();
  }

  private affineFromMoments(): { scale: Float64Array; offset: Float64Array } {
    const scale = Float64Array.from(this.spread, (s) => 1 / s);
    const offset = Float64Array.from(this.center, (m, j) => -m * scale[j]!);
    return { scale, offset };
  }

  /** The fitted scaler as versioned JSON. */
  toJSON(): StandardScalerJSON {
    this.map();
    return {
      format: SCALER_FORMATS.standard,
      version: 1,
      withMean: this.options.withMean,
      withStd: this.options.withStd,
      mean: Array.from(this.center),
      scale: Array.from(this.spread),
    };
  }

  /** Restores a scaler saved with {@link toJSON}; anything else throws {@link ModelFormatError}. */
  static fromJSON(json: unknown): StandardScaler {
    const data = parseModelJson(standardScalerJsonSchema, json, SCALER_FORMATS.standard);
    const scaler = new StandardScaler({ withMean: data.withMean, withStd: data.withStd });
    scaler.center = Float64Array.from(data.mean);
    scaler.spread = Float64Array.from(data.scale);
    scaler.affine = scaler.affineFromMoments();
    return scaler;
  }
}
