import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from './min-max-scaler.js';
import { StandardScaler } from './standard-scaler.js';
import { thrown } from '../models/__fixtures__/thrown.js';

const X = [
  [1, -10, 5],
  [3, 0, 5],
  [2, 10, 5],
  [6, 20, 5],
];


describe('MinMaxScaler', () => {
  it('maps each feature’s training range onto [0, 1]; a constant feature onto 0', () => {
    const scaler = new MinMaxScaler().fit(X);
    expect(Array.from(scaler.dataMin)).toEqual([1, -10, 5]);
    expect(Array.from(scaler.dataMax)).toEqual([6, 20, 5]);
    const expected = [
      [0, 0, 0],
      [0.4, 1 / 3, 0],
      [0.2, 2 / 3, 0],
      [1, 1, 0],
    ];
    scaler.transform(X).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 14)));
  });

  it('supports another featureRange and inverts exactly enough', () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(X);
    // As scikit-learn: x · scale + min, so 6 → 1.0000000000000004 in both.
    const scaled = scaler.transform([[6, -10, 5]]);
    [1, -1, -1].forEach((v, j) => expect(scaled[0]![j]).toBeCloseTo(v, 14));
    scaler.inverseTransform(scaler.transform(X)).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(X[i]![j]!, 12)));
  });

  it('transformRow writes into the output buffer without allocating another', () => {
    const scaler = new MinMaxScaler().fit(X);
    const out = new Float64Array(3);
    expect(scaler.transformRow([3.5, 5, 5], out)).toBe(out);
    expect(Array.from(out)).toEqual([0.5, 0.5, 0]);
    expect(Array.from(scaler.transformRow([3.5, 5, 5]))).toEqual([0.5, 0.5, 0]);
  });

  it('round-trips through JSON and refuses a corrupted one', () => {
    const scaler = new MinMaxScaler().fit(X);
    expect(MinMaxScaler.fromJSON(JSON.stringify(scaler.toJSON())).transform(X)).toEqual(scaler.transform(X));
    const bad = { ...scaler.toJSON(), dataMax: [0, 0, 0] };
    expect(thrown(() => MinMaxScaler.fromJSON(bad)).code).toBe('ERR_MODEL_FORMAT');
  });
});

describe('StandardScaler', () => {
  it('centres and divides by the population standard deviation; a constant feature keeps scale 1', () => {
    const scaler = new StandardScaler().fit(X);
    expect(Array.from(scaler.mean)).toEqual([3, 5, 5]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(3.5), 12);
    expect(scaler.scale[2]).toBe(1);
    const z = scaler.transform(X);
    for (let j = 0; j < 2; j++) {
      const column = z.map((row) => row[j]!);
      expect(column.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(column.reduce((a, b) => a + b * b, 0) / column.length).toBeCloseTo(1, 12);
    }
    expect(z.map((row) => row[2])).toEqual([0, 0, 0, 0]);
  });

  it('honours withMean / withStd and round-trips through JSON', () => {
    const scaler = new StandardScaler({ withMean: false }).fit(X);
    expect(Array.from(scaler.mean)).toEqual([0, 0, 0]);
    const restored = StandardScaler.fromJSON(scaler.toJSON());
    expect(restored.options).toEqual({ withMean: false, withStd: true });
    expect(restored.transform(X)).toEqual(scaler.transform(X));
  });

  it.each([
    ['transform before fit', () => new StandardScaler().transform(X), 'ERR_NOT_FITTED', 'StandardScaler'],
    ['a row of the wrong width', () => new StandardScaler().fit(X).transformRow([1, 2]), 'ERR_FEATURE_COUNT', 'row'],
    ['a NaN feature', () => new MinMaxScaler().fit([[1], [NaN]]), 'ERR_NON_FINITE', 'X[1][0]'],
    ['an empty range', () => new MinMaxScaler({ featureRange: [1, 1] }), 'ERR_INVALID_ARGUMENT', 'options.featureRange'],
    ['a zero scale in JSON', () => StandardScaler.fromJSON({ format: 'msr.standard-scaler', version: 1, withMean: true, withStd: true, mean: [0], scale: [0] }), 'ERR_MODEL_FORMAT', 'scale[0]'],
  ] as const)('refuses %s', (_, fn, code, argument) => {
    const error = thrown(fn);
    expect(error.code).toBe(code);
    expect(error.message).toContain(argument);
  });
});

describe('scalers, exact behaviour', () => {
  it('MinMaxScaler defaults to [0, 1] and names a non-finite or inverted range', () => {
    expect(new MinMaxScaler().featureRange).toEqual([0, 1]);
    expect(thrown(() => new MinMaxScaler({ featureRange: [NaN, 1] })).message).toContain('options.featureRange[0]');
    expect(thrown(() => new MinMaxScaler({ featureRange: [0, Infinity] })).message).toContain('options.featureRange[1]');
    const inverted = thrown(() => new MinMaxScaler({ featureRange: [2, 1] }));
    expect(inverted.code).toBe('ERR_INVALID_ARGUMENT');
    expect(inverted.message).toBe('options.featureRange: must be [min, max] with min < max, got [2, 1]');
  });

  it('MinMaxScaler treats a range under 10·ε as constant (scale 1), as scikit-learn’s _handle_zeros_in_scale', () => {
    // Range 2^-50 ≈ 8.9e-16 < 10·ε ≈ 2.2e-15: the feature is shifted to 0, not stretched to [0, 1].
    const tiny = new MinMaxScaler().fit([[1], [1 + 2 ** -50]]);
    const [low, high] = tiny.transform([[1], [1 + 2 ** -50]]).map((row) => row[0]!);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0, 14);
    // Range 1e-14 > 10·ε: a real range, mapped onto [0, 1].
    const small = new MinMaxScaler().fit([[0], [1e-14]]);
    expect(small.transform([[1e-14]])[0]![0]).toBeCloseTo(1, 12);
  });

  it('MinMaxScaler finds minima and maxima anywhere in the column, negative ones included', () => {
    const scaler = new MinMaxScaler().fit([
      [-5, 9],
      [-7, -2],
      [-6, 4],
    ]);
    expect(Array.from(scaler.dataMin)).toEqual([-7, -2]);
    expect(Array.from(scaler.dataMax)).toEqual([-5, 9]);
  });

  it('MinMaxScaler.toJSON is the versioned format with the range and the data bounds', () => {
    expect(new MinMaxScaler({ featureRange: [-1, 2] }).fit(X).toJSON()).toEqual({
      format: 'msr.min-max-scaler',
      version: 1,
      featureRange: [-1, 2],
      dataMin: [1, -10, 5],
      dataMax: [6, 20, 5],
    });
  });

  it('StandardScaler.toJSON is the versioned format with the moments', () => {
    const json = new StandardScaler().fit(X).toJSON();
    expect(json).toEqual({ format: 'msr.standard-scaler', version: 1, withMean: true, withStd: true, mean: [3, 5, 5], scale: [Math.sqrt(3.5), Math.sqrt(125), 1] });
  });

  it('StandardScaler with withStd: false only centres', () => {
    const scaler = new StandardScaler({ withStd: false }).fit(X);
    expect(scaler.options).toEqual({ withMean: true, withStd: false });
    expect(Array.from(scaler.scale)).toEqual([1, 1, 1]);
    expect(scaler.transform(X).map((row) => Array.from(row))).toEqual([
      [-2, -15, 0],
      [0, -5, 0],
      [-1, 5, 0],
      [3, 15, 0],
    ]);
  });

  it('StandardScaler keeps scale 1 for a feature constant up to rounding, as scikit-learn’s _is_constant_feature', () => {
    // 0.1 three times has a mean of 0.10000000000000002 and a variance of ~1e-34, not 0.
    const scaler = new StandardScaler().fit([[0.1], [0.1], [0.1]]);
    expect(scaler.scale[0]).toBe(1);
    // A tiny but real spread is divided by: population std of [0, 1e-6] is 5e-7.
    expect(new StandardScaler().fit([[0], [1e-6]]).scale[0]).toBeCloseTo(5e-7, 18);
  });

  it('StandardScaler inverts transform and scales one row', () => {
    const scaler = new StandardScaler().fit(X);
    scaler.inverseTransform(scaler.transform(X)).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(X[i]![j]!, 12)));
    const row = scaler.transformRow([3, 5 + Math.sqrt(125), 7]);
    expect(row[0]).toBe(0);
    expect(row[1]).toBeCloseTo(1, 12);
    expect(row[2]).toBe(2);
  });

  it('fitTransform is fit then transform; nFeatures and isFitted follow fit', () => {
    const scaler = new MinMaxScaler();
    expect(scaler.isFitted).toBe(false);
    expect(scaler.fitTransform(X)).toEqual(new MinMaxScaler().fit(X).transform(X));
    expect(scaler.isFitted).toBe(true);
    expect(scaler.nFeatures).toBe(3);
  });

  it('transform leaves X as it was and refuses rows of another width', () => {
    const scaler = new MinMaxScaler().fit(X);
    const input = [[2, 0, 5]];
    scaler.transform(input);
    expect(input).toEqual([[2, 0, 5]]);
    expect(thrown(() => scaler.transform([[1, 2]])).code).toBe('ERR_FEATURE_COUNT');
    expect(thrown(() => scaler.inverseTransform([[1, 2]])).code).toBe('ERR_FEATURE_COUNT');
  });

  it.each([
    ['MinMaxScaler.dataMin', () => new MinMaxScaler().dataMin, 'MinMaxScaler'],
    ['MinMaxScaler.dataMax', () => new MinMaxScaler().dataMax, 'MinMaxScaler'],
    ['MinMaxScaler.toJSON', () => new MinMaxScaler().toJSON(), 'MinMaxScaler'],
    ['StandardScaler.mean', () => new StandardScaler().mean, 'StandardScaler'],
    ['StandardScaler.scale', () => new StandardScaler().scale, 'StandardScaler'],
    ['StandardScaler.toJSON', () => new StandardScaler().toJSON(), 'StandardScaler'],
    ['transformRow', () => new MinMaxScaler().transformRow([1]), 'MinMaxScaler'],
    ['nFeatures', () => new StandardScaler().nFeatures, 'StandardScaler'],
  ] as const)('%s before fit throws NotFittedError naming the class', (_, fn, model) => {
    const error = thrown(fn);
    expect(error.code).toBe('ERR_NOT_FITTED');
    expect(error.message.startsWith(`${model} is not fitted`)).toBe(true);
  });

  it('the bounds getters return copies', () => {
    const scaler = new MinMaxScaler().fit(X);
    scaler.dataMin[0] = 100;
    scaler.dataMax[0] = 100;
    expect([scaler.dataMin[0], scaler.dataMax[0]]).toEqual([1, 6]);
    const standard = new StandardScaler().fit(X);
    standard.mean[0] = 100;
    standard.scale[0] = 100;
    expect([standard.mean[0], standard.scale[0]]).toEqual([3, Math.sqrt(3.5)]);
  });

  it('MinMaxScaler.fromJSON keeps the saved featureRange', () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 2] }).fit(X);
    const restored = MinMaxScaler.fromJSON(scaler.toJSON());
    expect(restored.featureRange).toEqual([-1, 2]);
    expect(restored.transform(X)).toEqual(scaler.transform(X));
  });

  it('MinMaxScaler divides by a range of exactly 10·ε (scikit-learn sets scale 1 only below it)', () => {
    const scaler = new MinMaxScaler().fit([[0], [10 * Number.EPSILON]]);
    expect(scaler.transform([[10 * Number.EPSILON]])[0]![0]).toBeCloseTo(1, 12);
  });

  it('StandardScaler keeps scale 1 for an all-zero feature (variance 0 is not above its bound 0)', () => {
    const scaler = new StandardScaler().fit([[0], [0]]);
    expect(scaler.scale[0]).toBe(1);
    expect(Array.from(scaler.transformRow([0]))).toEqual([0]);
  });

  it('StandardScaler counts a one-ulp spread around a large mean as constant: the (n·mean·ε)² term', () => {
    // 1e8 lies in [2^26, 2^27), so its ulp is 2^-26. Variance ≈ 5e-17 is below (3·1e8·ε)² ≈ 4.4e-15.
    const scaler = new StandardScaler().fit([[1e8], [1e8], [1e8 + 2 ** -26]]);
    expect(scaler.scale[0]).toBe(1);
  });

  it('transform names X in its errors', () => {
    const scaler = new MinMaxScaler().fit(X);
    expect(thrown(() => scaler.transform([[1, NaN, 3]])).message).toContain('X[0][1]');
  });
});
