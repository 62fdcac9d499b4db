import { assertNumberOption } from '../errors/assert-option.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { parseModelJson } from '../errors/parse-model-json.js';
import type { DenseMatrix } from '../models/matrix.js';
import { FeatureScaler } from './feature-scaler.js';
import { minMaxScalerJsonSchema, SCALER_FORMATS, type MinMaxScalerJSON } from './scaler-json.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range every feature is mapped to. @default [0, 1] */
  featureRange?: readonly [number, number];
}

/**
 * Scales each feature linearly so its training minimum and maximum map to `featureRange`
 * (scikit-learn's `MinMaxScaler`; a constant feature maps to the range's lower end).
 *
 * @example
 * ```ts
 * const scaler = new MinMaxScaler().fit(XTrain);
 * const scaled = scaler.transformRow(song, buffer);
 * ```
 */
export class MinMaxScaler extends FeatureScaler {
  /** The resolved target range. */
  readonly featureRange: readonly [number, number];
  private lows: Float64Array = new Float64Array(0);
  private highs: Float64Array = new Float64Array(0);

  protected readonly modelName = 'MinMaxScaler';

  constructor(options: MinMaxScalerOptions = {}) {
    super();
    const [low, high] = options.featureRange ?? [0, 1];
    assertNumberOption(low, 'options.featureRange[0]');
    assertNumberOption(high, 'options.featureRange[1]');
    if (!(low < high)) throw new InvalidArgumentError('options.featureRange', `must be [min, max] with min < max, got [${low}, ${high}]`);
    this.featureRange = [low, high];
  }

  /** Per-feature training minimum. */
  get dataMin(): Float64Array {
    this.map();
    return this.lows.slice();
  }

  /** Per-feature training maximum. */
  get dataMax(): Float64Array {
    this.map();
    return this.highs.slice();
  }

  protected learn(X: DenseMatrix): { scale: Float64Array; offset: Float64Array } {
    const { data, rows, cols } = X;
    this.lows = new Float64Array(cols).fill(Infinity);
    this.highs = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const value = data[i * cols + j]!;
        if (value < this.lows[j]!) this.lows[j] = value;
        if (value > this.highs[j]!) this.highs[j] = value;
      }
    }
    return this.affineFromRange();
  }

  private affineFromRange(): { scale: Float64Array; offset: Float64Array } {
    const [low, high] = this.featureRange;
    const cols = this.lows.length;
    const scale = new Float64Array(cols);
    const offset = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const range = this.highs[j]! - this.lows[j]!;
      // A constant feature: scikit-learn treats its range as 1.
      scale[j] = (high - low) / (range < 10 * Number.EPSILON ? 1 : range);
      offset[j] = low - this.lows[j]! * scale[j]!;
    }
    return { scale, offset };
  }

  /** The fitted scaler as versioned JSON. */
  toJSON(): MinMaxScalerJSON {
    this.map();
    return {
      format: SCALER_FORMATS.minMax,
      version: 1,
      featureRange: [this.featureRange[0], this.featureRange[1]],
      dataMin: Array.from(this.lows),
      dataMax: Array.from(this.highs),
    };
  }

  /** Restores a scaler saved with {@link toJSON}; anything else throws {@link ModelFormatError}. */
  static fromJSON(json: unknown): MinMaxScaler {
    const data = parseModelJson(minMaxScalerJsonSchema, json, SCALER_FORMATS.minMax);
    const scaler = new MinMaxScaler({ featureRange: data.featureRange });
    scaler.lows = Float64Array.from(data.dataMin);
    scaler.highs = Float64Array.from(data.dataMax);
    scaler.affine = scaler.affineFromRange();
    return scaler;
  }
}
