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
