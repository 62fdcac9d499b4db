import { describe, expect, it } from 'vitest';
import { MlflowValidationError } from '../errors/mlflow-error.js';
import { validateKey, validateMetricPoint, validateName, validateParamValue, validateRunId, validateTagValue } from './validate.js';

function ruleOf(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MlflowValidationError);
    expect((error as MlflowValidationError).code).toBe('INVALID_PARAMETER_VALUE');
    return (error as MlflowValidationError).rule;
  }
  throw new Error('expected a validation error');
}

describe('validateKey', () => {
  it('accepts what MLflow accepts', () => {
    for (const key of ['accuracy', 'val/loss', 'a.b-c_d', 'with space', 'ns:key', 'précision', '精度', 'x'.repeat(250)]) {
      expect(() => validateKey('k', key)).not.toThrow();
    }
  });

  it('names the rule each bad key breaks', () => {
    expect(ruleOf(() => validateKey('k', ''))).toBe('key is a non-empty string');
    expect(ruleOf(() => validateKey('k', 42))).toBe('key is a non-empty string');
    expect(ruleOf(() => validateKey('k', 'x'.repeat(251)))).toBe('key ≤ 250 characters');
    expect(ruleOf(() => validateKey('k', 'semi;colon'))).toMatch(/only letters, digits/);
    expect(ruleOf(() => validateKey('k', 'line\nbreak'))).toMatch(/only letters, digits/);
    for (const key of ['../up', 'a/../b', '/abs', 'a//b', 'trailing/', '.', './a']) {
      expect(ruleOf(() => validateKey('k', key))).toMatch(/normalised relative path/);
    }
  });

  it('says which argument was wrong', () => {
    expect(() => validateKey('metrics[3].key', 'a..b/../c')).toThrow(/^metrics\[3\]\.key: /);
  });
});

describe('values, run ids, metric points, names', () => {
  it('limits param values to 6000 and tag values to 8000 characters', () => {
    expect(() => validateParamValue('p', 'x'.repeat(6000))).not.toThrow();
    expect(ruleOf(() => validateParamValue('p', 'x'.repeat(6001)))).toBe('param value ≤ 6000 characters');
    expect(ruleOf(() => validateParamValue('p', 5))).toBe('param value is a string');
    expect(() => validateTagValue('t', 'x'.repeat(8000))).not.toThrow();
    expect(ruleOf(() => validateTagValue('t', 'x'.repeat(8001)))).toBe('tag value ≤ 8000 characters');
  });

  it('checks run ids against MLflow’s pattern', () => {
    expect(() => validateRunId('r', '0123456789abcdef0123456789abcdef')).not.toThrow();
    for (const bad of ['', '-lead', '../x', 'a b', 'x'.repeat(257)]) expect(ruleOf(() => validateRunId('r', bad))).toMatch(/run id matches/);
  });

  it('accepts NaN and ±Infinity values but not bad timestamps or steps', () => {
    expect(() => validateMetricPoint('m', { key: 'a', value: Number.NaN, timestamp: 0, step: -3 })).not.toThrow();
    expect(() => validateMetricPoint('m', { key: 'a', value: Infinity, timestamp: 1, step: 0 })).not.toThrow();
    expect(ruleOf(() => validateMetricPoint('m', { key: 'a', value: '1', timestamp: 1, step: 0 }))).toBe('metric value is a number');
    expect(ruleOf(() => validateMetricPoint('m', { key: 'a', value: 1, timestamp: -1, step: 0 }))).toMatch(/timestamp/);
    expect(ruleOf(() => validateMetricPoint('m', { key: 'a', value: 1, timestamp: 1.5, step: 0 }))).toMatch(/timestamp/);
    expect(ruleOf(() => validateMetricPoint('m', { key: 'a', value: 1, timestamp: 1, step: 0.5 }))).toBe('step is an integer');
  });

  it('checks registered model names and aliases', () => {
    expect(() => validateName('n', 'msr-classifier')).not.toThrow();
    expect(ruleOf(() => validateName('n', 'a/b'))).toMatch(/no "\/" or ":"/);
    expect(() => validateName('a', 'champion', 'alias')).not.toThrow();
    expect(ruleOf(() => validateName('a', 'latest', 'alias'))).toMatch(/not "latest"/);
    expect(ruleOf(() => validateName('a', 'v3', 'alias'))).toMatch(/not "latest" or "v<N>"/);
  });
});
