import { FEATURE_RULES } from '@msr/core';
import { describe, expect, it } from 'vitest';
import { checkCell } from './check-cell.js';

describe('checkCell', () => {
  it('refuses a number that overflows to ±Infinity, with or without a range rule, saying so', () => {
    const overflow = { code: 'out_of_range', message: '1e999 is too large for a number (it overflows to Infinity)' };
    expect(checkCell('1e999', 'float64', FEATURE_RULES.tempo)).toEqual(overflow);
    // No rule (a float column that is not a feature): it was accepted, and became Infinity.
    expect(checkCell(' 1e999 ', 'float64')).toEqual(overflow);
    expect(checkCell('-1e400', 'float64', FEATURE_RULES.loudness)).toEqual({ code: 'out_of_range', message: '-1e400 is too large for a number (it overflows to -Infinity)' });
    expect(checkCell('1e308', 'float64')).toBeUndefined();
    expect(checkCell('Infinity', 'float64')).toEqual({ code: 'wrong_type', message: '"Infinity" is not a finite number (float64)' });
  });
});
