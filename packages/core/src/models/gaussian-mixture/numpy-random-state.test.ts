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
});
