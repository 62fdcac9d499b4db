import { createPrng } from '@msr/core';

/** Options of {@link splitIndices}. */
export interface SplitIndicesOptions {
  /** Fraction held out for testing, in (0, 1). */
  testSize: number;
  /** Seed of the shuffle. */
  randomState: number;
  /** Class label of each item; when given, each class is split in the same proportion. */
  stratifyBy?: ArrayLike<number>;
}

/**
 * Splits `0 … n-1` into shuffled train and test index lists, seeded, optionally stratified
 * (each class contributes `round(size × testSize)` items to the test set).
 */
export function splitIndices(n: number, options: SplitIndicesOptions): { train: number[]; test: number[] } {
  const rng = createPrng(options.randomState);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = options.stratifyBy ? options.stratifyBy[i]! : 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = rng.shuffle(groups.get(key)!);
    const k = Math.round(group.length * options.testSize);
    test.push(...group.slice(0, k));
    train.push(...group.slice(k));
  }
  // Interleave the classes again so row order carries no label information.
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}
