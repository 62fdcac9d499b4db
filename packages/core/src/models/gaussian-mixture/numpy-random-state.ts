/**
 * The part of NumPy's legacy `RandomState` (MT19937) that scikit-learn's k-means++ draws from:
 * `randint(n)` and `random_sample()`, bit for bit. Seeded like `RandomState(seed)`, it lets
 * {@link GaussianMixture} start from the same k-means++ centres as scikit-learn's
 * `GaussianMixture(random_state=seed)`, so both reach the same local optimum.
 */
export class NumpyRandomState {
  private readonly state = new Uint32Array(624);
  private position = 624;

  /** `RandomState(seed)` for an integer seed in [0, 2³²). */
  constructor(seed: number) {
    const { state } = this;
    state[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const previous = state[i - 1]!;
      state[i] = (Math.imul(1812433253, previous ^ (previous >>> 30)) + i) >>> 0;
    }
  }

  /** The next 32-bit output of MT19937 (genrand_int32). */
  nextUint32(): number {
    const { state } = this;
    if (this.position >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = (state[i]! & 0x80000000) | (state[(i + 1) % 624]! & 0x7fffffff);
        state[i] = state[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.position = 0;
    }
    let y = state[this.position++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: a double in [0, 1) from two 32-bit outputs (53 bits). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `randint(n)`: an integer in [0, n) by masked rejection, as NumPy does for ranges < 2³². */
  randint(n: number): number {
    const range = n - 1;
    if (range === 0) return 0;
    let mask = range;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > range);
    return value;
  }
}
