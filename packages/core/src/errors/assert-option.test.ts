import { describe, expect, it } from 'vitest';
import { thrown as thrownMsr } from '../models/__fixtures__/thrown.js';
import { assertChoiceOption, assertIntegerOption, assertNumberOption } from './assert-option.js';
import { InvalidArgumentError } from './msr-error.js';

const thrown = (fn: () => unknown): InvalidArgumentError => thrownMsr(fn, InvalidArgumentError);

describe('assertNumberOption', () => {
  it('returns a finite number without bounds', () => {
    expect(assertNumberOption(-1e300, 'options.x')).toBe(-1e300);
  });

  it.each([NaN, Infinity, '3', null])('refuses %s as not a finite number', (v) => {
    const err = thrown(() => assertNumberOption(v, 'options.x'));
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe(`options.x: must be a finite number, got ${String(v)}`);
  });

  it('inclusive bounds accept the bounds themselves and refuse just outside', () => {
    expect(assertNumberOption(0, 'a', { min: 0, max: 1 })).toBe(0);
    expect(assertNumberOption(1, 'a', { min: 0, max: 1 })).toBe(1);
    const below = thrown(() => assertNumberOption(-0.001, 'a', { min: 0, max: 1 }));
    expect(below.code).toBe('ERR_OUT_OF_RANGE');
    expect(below.message).toBe('a: must be ≥ 0 and ≤ 1, got -0.001');
    const above = thrown(() => assertNumberOption(1.5, 'a', { min: 0, max: 1 }));
    expect(above.code).toBe('ERR_OUT_OF_RANGE');
    expect(above.message).toBe('a: must be ≥ 0 and ≤ 1, got 1.5');
  });

  it('exclusive bounds refuse the bounds themselves', () => {
    const bounds = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
    expect(assertNumberOption(0.5, 'b', bounds)).toBe(0.5);
    expect(thrown(() => assertNumberOption(0, 'b', bounds)).message).toBe('b: must be > 0 and < 1, got 0');
    expect(thrown(() => assertNumberOption(1, 'b', bounds)).message).toBe('b: must be > 0 and < 1, got 1');
  });

  it('one-sided bounds name only that side', () => {
    expect(thrown(() => assertNumberOption(-1, 'c', { min: 0 })).message).toBe('c: must be ≥ 0, got -1');
    expect(thrown(() => assertNumberOption(3, 'c', { max: 2, maxExclusive: true })).message).toBe('c: must be < 2, got 3');
    expect(assertNumberOption(1e9, 'c', { min: 0 })).toBe(1e9);
    expect(assertNumberOption(-1e9, 'c', { max: 2 })).toBe(-1e9);
  });
});

describe('assertIntegerOption', () => {
  it('accepts integers within [min, max], bounds included', () => {
    expect(assertIntegerOption(1, 'n', 1, 3)).toBe(1);
    expect(assertIntegerOption(3, 'n', 1, 3)).toBe(3);
    expect(assertIntegerOption(Number.MAX_SAFE_INTEGER, 'n', 1)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([1.5, NaN, '2'])('refuses a non-integer (%s)', (v) => {
    const err = thrown(() => assertIntegerOption(v, 'n', 1));
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe(`n: must be an integer, got ${String(v)}`);
  });

  it('refuses integers outside the range with ERR_OUT_OF_RANGE', () => {
    expect(thrown(() => assertIntegerOption(0, 'n', 1, 3)).message).toBe('n: must be ≥ 1 and ≤ 3, got 0');
    expect(thrown(() => assertIntegerOption(4, 'n', 1, 3)).code).toBe('ERR_OUT_OF_RANGE');
    expect(thrown(() => assertIntegerOption(Number.MAX_SAFE_INTEGER + 1, 'n', 1)).code).toBe('ERR_OUT_OF_RANGE');
  });
});

describe('assertChoiceOption', () => {
  it('returns a listed choice and refuses others, listing the choices', () => {
    expect(assertChoiceOption('full', 'covariance', ['full', 'diag'] as const)).toBe('full');
    const err = thrown(() => assertChoiceOption('tied', 'covariance', ['full', 'diag']));
    expect(err.code).toBe('ERR_INVALID_ARGUMENT');
    expect(err.message).toBe(`covariance: must be one of 'full', 'diag', got "tied"`);
  });
});
