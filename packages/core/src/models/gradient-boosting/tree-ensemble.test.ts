import { describe, expect, it } from 'vitest';
import { TreeBuilder } from './tree-builder.js';
import { binnedTreeOutput, TreeEnsemble } from './tree-ensemble.js';

/**
 * Three hand-built trees, two outputs (tree t adds to column t % 2):
 * - tree 0 (nodes 0–4): x1 ≤ 0.5 → −1; else x0 ≤ 2 → 10, else 20 (bins: x1 bin ≤ 0, x0 bin ≤ 3);
 * - tree 1 (node 5): the leaf 100;
 * - tree 2 (nodes 6–8): x0 ≤ −1 → 1000, else 3000 (x0 bin ≤ 1).
 */
function builder(): TreeBuilder {
  const b = new TreeBuilder(2);
  const split = (node: number, feature: number, threshold: number, bin: number, left: number): void => {
    b.feature[node] = feature;
    b.threshold[node] = threshold;
    b.binThreshold[node] = bin;
    b.left[node] = left;
  };
  b.roots.push(b.allocate(1));
  const c = b.allocate(2);
  split(0, 1, 0.5, 0, c);
  b.value[c] = -1;
  const d = b.allocate(2);
  split(c + 1, 0, 2, 3, d);
  b.value[d] = 10;
  b.value[d + 1] = 20;
  b.roots.push(b.allocate(1));
  b.value[5] = 100;
  b.roots.push(b.allocate(1));
  const e = b.allocate(2);
  split(6, 0, -1, 1, e);
  b.value[e] = 1000;
  b.value[e + 1] = 3000;
  return b;
}

describe('TreeEnsemble', () => {
  it('copies a builder into exactly-sized arrays, leaf values in threshold', () => {
    const b = builder();
    const ensemble = TreeEnsemble.fromBuilder(b, 2);
    expect(b.feature.length).toBeGreaterThan(9);
    expect(Array.from(ensemble.feature)).toEqual([1, -1, 0, -1, -1, -1, 0, -1, -1]);
    expect(Array.from(ensemble.threshold)).toEqual([0.5, -1, 2, 10, 20, 100, -1, 1000, 3000]);
    expect(Array.from(ensemble.left)).toEqual([1, 0, 3, 0, 0, 0, 7, 0, 0]);
    expect(Array.from(ensemble.roots)).toEqual([0, 5, 6]);
    expect(ensemble.nOutputs).toBe(2);
  });

  it('adds every tree to its output column for a batch; x equal to a threshold goes left', () => {
    const ensemble = TreeEnsemble.fromBuilder(builder(), 2);
    // Rows (x0, x1): (0, 0.5) → −1 + 3000 | 100; (2, 1) → 10 + 3000 | 100; (2.5, 7) → 20 + 3000 | 100;
    // (−1, 9) → 10 + 1000 | 100.
    const data = Float64Array.of(0, 0.5, 2, 1, 2.5, 7, -1, 9);
    const out = Float64Array.of(0.5, 0, 0, 1, 0, 0, 0, -100);
    ensemble.accumulate(data, 4, 2, out);
    expect(Array.from(out)).toEqual([2999.5, 100, 3010, 101, 3020, 100, 1010, 0]);
  });

  it('adds every tree for one row', () => {
    const ensemble = TreeEnsemble.fromBuilder(builder(), 2);
    for (const [x, expected] of [
      [[0, 0.5], [2999, 100]],
      [[2, 1], [3010, 100]],
      [[2.5, 7], [3020, 100]],
      [[-1, 9], [1010, 100]],
    ] as const) {
      const out = Float64Array.of(1, -1);
      ensemble.accumulateRow(x, out);
      expect(Array.from(out)).toEqual([expected[0] + 1, expected[1] - 1]);
    }
  });

  it('binnedTreeOutput walks one tree on bins: bin ≤ binThreshold goes left', () => {
    const b = builder();
    // Two binned rows of two features, row-major: (3, 1) and (4, 0).
    const binned = Uint8Array.of(3, 1, 4, 0);
    expect(binnedTreeOutput(b, 0, binned, 0)).toBe(10);
    expect(binnedTreeOutput(b, 0, binned, 2)).toBe(-1);
    expect(binnedTreeOutput(b, 5, binned, 2)).toBe(100);
    expect(binnedTreeOutput(b, 6, binned, 0)).toBe(3000);
    expect(binnedTreeOutput(b, 6, Uint8Array.of(1, 1), 0)).toBe(1000);
  });
});
