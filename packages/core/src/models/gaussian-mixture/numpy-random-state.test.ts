import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from './numpy-random-state.js';

describe('NumpyRandomState', () => {
  // Expected values printed by numpy 1.24: np.random.RandomState(seed).…
  it('draws what numpy.random.RandomState(42) draws', () => {
    const random = new NumpyRandomState(42);
    expect(random.randint(1098)).toBe(860);
    expect(random.randomSample()).toBe(0.1834347898661638);
    expect(random.randomSample()).toBe(0.7796910002727693);
    expect(random.nextUint32()).toBe(2563451924);
    expect(random.randint(10)).toBe(6);
  });

  it('is the reference MT19937 (first output for seed 5489) and handles randint(1)', () => {
    const random = new NumpyRandomState(5489);
    expect(random.nextUint32()).toBe(3499211612);
    expect(random.randint(1)).toBe(0);
  });

  it('draws small ranges as NumPy does (masked rejection keeps the top value)', () => {
    // np.random.RandomState(0): randint(2) ×12, then randint(3) ×8, then randint(5) ×8.
    const random = new NumpyRandomState(0);
    expect(Array.from({ length: 12 }, () => random.randint(2))).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from({ length: 8 }, () => random.randint(3))).toEqual([0, 2, 0, 0, 0, 2, 1, 2]);
    expect(Array.from({ length: 8 }, () => random.randint(5))).toEqual([0, 1, 1, 0, 1, 4, 3, 0]);
  });

  it('draws nothing for randint(1), as NumPy', () => {
    // np.random.RandomState(5489): random_sample() is 0.8147236863931789 with or without a randint(1) first.
    const random = new NumpyRandomState(5489);
    expect(random.randint(1)).toBe(0);
    expect(random.randomSample()).toBe(0.8147236863931789);
  });
});
