import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng.js';
import { BinMapper } from './bin-mapper.js';
import { HistogramTreeGrower, type GrowerParams } from './histogram-tree-grower.js';
import { binnedTreeOutput } from './tree-ensemble.js';
import { TreeBuilder } from './tree-builder.js';

/**
 * One feature x = 0 … 7 (one bin per value), unit hessians, λ = 0, learning rate 1, so every
 * gain and leaf below is hand arithmetic. Gradients g = [4, 4, 2, 2, −2, −2, −5, −5]: G = −2, H = 8.
 * - Root: the best split is x ≤ 3.5: GL = 12, HL = 4, GR = −14, HR = 4, gain
 *   12²/4 + 14²/4 − 2²/8 = 36 + 49 − 0.5 = 84.5 (x ≤ 1.5 gains 64/2 + 100/6 − 0.5 ≈ 48.2).
 * - Left [4, 4, 2, 2] (G = 12): best x ≤ 1.5, gain 8²/2 + 4²/2 − 12²/4 = 32 + 8 − 36 = 4.
 * - Right [−2, −2, −5, −5] (G = −14): best x ≤ 5.5, gain 4²/2 + 10²/2 − 14²/4 = 8 + 50 − 49 = 9.
 * Leaf values are −G/H: left −3; right 3.5; their halves −4, −2 and 2, 5.
 */
const X = { data: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]), rows: 8, cols: 1 };
const gradients = Float64Array.from([4, 4, 2, 2, -2, -2, -5, -5]);
const unit = new Float64Array(8).fill(1);

function grown(params: Partial<GrowerParams>, hessians: Float64Array = unit): { outputs: number[]; grower: HistogramTreeGrower; builder: TreeBuilder } {
  const mapper = BinMapper.fit(X, 255, createPrng(0));
  const binned = mapper.transform(X);
  const grower = new HistogramTreeGrower(mapper, binned, { maxDepth: 10, maxLeafNodes: 0, minSamplesLeaf: 1, l2Regularization: 0, shrinkage: 1, ...params }, 8);
  const builder = new TreeBuilder(4);
  grower.grow(builder, Int32Array.from({ length: 8 }, (_, i) => i), 8, gradients, hessians);
  const outputs = Array.from({ length: 8 }, (_, i) => binnedTreeOutput(builder, builder.roots[0]!, binned, i));
  return { outputs, grower, builder };
}

describe('HistogramTreeGrower', () => {
  it('best-first: with 3 leaves the second split goes to the side that gains more (9 > 4)', () => {
    const { outputs, grower } = grown({ maxLeafNodes: 3 });
    expect(outputs).toEqual([-3, -3, -3, -3, 2, 2, 5, 5]);
    expect(grower.nLeaves).toBe(3);
    expect(grower.gains[0]).toBeCloseTo(84.5 + 9, 12);
  });

  it('best-first: 2 leaves is a stump, 4 leaves splits both sides, more leaves than gains change nothing', () => {
    expect(grown({ maxLeafNodes: 2 }).outputs).toEqual([-3, -3, -3, -3, 3.5, 3.5, 3.5, 3.5]);
    const four = [-4, -4, -2, -2, 2, 2, 5, 5];
    expect(grown({ maxLeafNodes: 4 }).outputs).toEqual(four);
    // Each quarter is constant: no split gains anything, so 31 allowed leaves still make 4.
    const many = grown({ maxLeafNodes: 31 });
    expect(many.outputs).toEqual(four);
    expect(many.grower.nLeaves).toBe(4);
    expect(many.grower.gains[0]).toBeCloseTo(84.5 + 9 + 4, 12);
  });

  it('best-first respects maxDepth and minSamplesLeaf too', () => {
    expect(grown({ maxLeafNodes: 31, maxDepth: 1 }).outputs).toEqual([-3, -3, -3, -3, 3.5, 3.5, 3.5, 3.5]);
    // 3 rows per leaf: the 4 | 4 root split is allowed, splitting a half of 4 rows is not.
    expect(grown({ maxLeafNodes: 31, minSamplesLeaf: 3 }).outputs).toEqual([-3, -3, -3, -3, 3.5, 3.5, 3.5, 3.5]);
    // 5 rows per leaf: no split keeps both sides that large, the root is the only leaf (−G/H = 0.25).
    expect(grown({ maxLeafNodes: 31, minSamplesLeaf: 5 }).outputs).toEqual(new Array(8).fill(0.25));
  });

  it('best-first scores splits with hessians (Newton gain), depth-wise with counts', () => {
    // Hessians 1 on x ≤ 3, 4 on x ≥ 4. Newton: the root's x ≤ 3.5 gains 12²/4 + 14²/16 − 2²/20
    // = 36 + 12.25 − 0.2 = 48.05; right [−2, −2, −5, −5] over H = 16 gains 4²/8 + 10²/8 − 14²/16
    // = 2 + 12.5 − 12.25 = 2.25 < the left's 4, so the third leaf splits the left: leaves −4,
    // −2 (left halves) and 14/16 = 0.875.
    const hessians = Float64Array.from([1, 1, 1, 1, 4, 4, 4, 4]);
    expect(grown({ maxLeafNodes: 3 }, hessians).outputs).toEqual([-4, -4, -2, -2, 0.875, 0.875, 0.875, 0.875]);
    // Depth-wise ignores the hessians in the gain (counts), not in the leaf values.
    expect(grown({ maxDepth: 1 }, hessians).outputs).toEqual([-3, -3, -3, -3, 0.875, 0.875, 0.875, 0.875]);
  });

  it('best-first does not split off a side with (almost) no curvature', () => {
    // Hessians of 1e-4 on x ≤ 1 and on x ≥ 6 (sums 2e-4 < scikit-learn's min_hessian_to_split
    // 1e-3): no split may leave either pair alone, so x ≤ 1.5 and x ≤ 5.5 are refused
    // everywhere; with unit hessians both are taken (the four-leaf tree above).
    const thresholds = (builder: TreeBuilder): number[] => Array.from({ length: builder.size }, (_, n) => n).filter((n) => builder.feature[n]! >= 0).map((n) => builder.threshold[n]!);
    const flat = grown({ maxLeafNodes: 31 }, Float64Array.from([1e-4, 1e-4, 1, 1, 1, 1, 1e-4, 1e-4])).builder;
    expect(thresholds(flat)).not.toContain(1.5);
    expect(thresholds(flat)).not.toContain(5.5);
    expect(thresholds(grown({ maxLeafNodes: 31 }).builder).sort()).toEqual([1.5, 3.5, 5.5]);
  });
});
