import { describe, expect, it } from 'vitest';
import { minMaxScalerJsonSchema, SCALER_FORMATS, standardScalerJsonSchema } from './scaler-json.js';

/** The issues of a failed parse as `path: message`, for exact comparison. */
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] =>
  result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('scaler JSON schemas', () => {
  const minMax = { format: SCALER_FORMATS.minMax, version: 1, featureRange: [0, 1], dataMin: [0, -5], dataMax: [1, -5] };
  const standard = { format: SCALER_FORMATS.standard, version: 1, withMean: true, withStd: true, mean: [0, 2], scale: [1, 0.5] };

  it('accept a valid scaler (a constant feature is dataMin = dataMax)', () => {
    expect(issues(minMaxScalerJsonSchema.safeParse(minMax))).toEqual([]);
    expect(issues(standardScalerJsonSchema.safeParse(standard))).toEqual([]);
  });

  it('name the field and the rule a damaged min-max scaler breaks', () => {
    expect(issues(minMaxScalerJsonSchema.safeParse({ ...minMax, featureRange: [1, 1] }))).toEqual(['featureRange: must be [min, max] with min < max']);
    expect(issues(minMaxScalerJsonSchema.safeParse({ ...minMax, featureRange: [2, 1] }))).toEqual(['featureRange: must be [min, max] with min < max']);
    // (a missing maximum is also not ≥ its minimum: both rules report)
    expect(issues(minMaxScalerJsonSchema.safeParse({ ...minMax, dataMax: [1] }))).toEqual(['dataMax: must have as many values as dataMin', 'dataMax: must be ≥ dataMin']);
    expect(issues(minMaxScalerJsonSchema.safeParse({ ...minMax, dataMax: [1, -6] }))).toEqual(['dataMax: must be ≥ dataMin']);
  });

  it('name the field and the rule a damaged standard scaler breaks', () => {
    expect(issues(standardScalerJsonSchema.safeParse({ ...standard, scale: [1] }))).toEqual(['scale: must have as many values as mean']);
    expect(issues(standardScalerJsonSchema.safeParse({ ...standard, scale: [1, 0] }))).toEqual(['scale.1: Too small: expected number to be >0']);
  });
});
