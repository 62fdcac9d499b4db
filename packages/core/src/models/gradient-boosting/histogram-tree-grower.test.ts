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

type Matrix = { data: Float64Array; rows: number; cols: number };
type Grown = { outputs: number[]; grower: HistogramTreeGrower; builder: TreeBuilder };

/** Grows one tree on every row of `matrix` (one bin per distinct value); `outputs[i]` is row i's. */
function grownOn(matrix: Matrix, g: Float64Array, h: Float64Array, params: Partial<GrowerParams>): Grown {
  const mapper = BinMapper.fit(matrix, 255, createPrng(0));
  const binned = mapper.transform(matrix);
  const n = matrix.rows;
  const grower = new HistogramTreeGrower(mapper, binned, { maxDepth: 10, maxLeafNodes: 0, minSamplesLeaf: 1, l2Regularization: 0, shrinkage: 1, ...params }, n);
  const builder = new TreeBuilder(4);
  grower.grow(builder, Int32Array.from({ length: n }, (_, i) => i), n, g, h);
  const outputs = Array.from({ length: n }, (_, i) => binnedTreeOutput(builder, builder.roots[0]!, binned, i * matrix.cols));
  return { outputs, grower, builder };
}

function grown(params: Partial<GrowerParams>, hessians: Float64Array = unit): Grown {
  return grownOn(X, gradients, hessians, params);
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

  it('depth-wise to depth 2 splits both halves (gains 84.5, then 4 and 9), leaves numbered left to right', () => {
    const { outputs, grower, builder } = grown({ maxDepth: 2 });
    expect(outputs).toEqual([-4, -4, -2, -2, 2, 2, 5, 5]);
    expect(grower.gains[0]).toBe(84.5 + 4 + 9);
    // Root 0, its children 1 and 2, the left's children 3 and 4, the right's 5 and 6.
    expect(Array.from(builder.feature.subarray(0, builder.size))).toEqual([0, 0, 0, -1, -1, -1, -1]);
    expect(Array.from(builder.threshold.subarray(0, 3))).toEqual([3.5, 1.5, 5.5]);
    expect(Array.from(builder.binThreshold.subarray(0, 3))).toEqual([3, 1, 5]);
    expect(Array.from(builder.left.subarray(0, 3))).toEqual([1, 3, 5]);
    expect(grower.nLeaves).toBe(4);
    expect(Array.from(grower.leafNode.subarray(0, 4))).toEqual([3, 4, 5, 6]);
    expect(Array.from(grower.leafStart.subarray(0, 4))).toEqual([0, 2, 4, 6]);
    expect(Array.from(grower.leafEnd.subarray(0, 4))).toEqual([2, 4, 6, 8]);
  });

  it('depth-wise to depth 3 on gradients 7 … 0 makes one leaf per sample, each −g', () => {
    // Root G = 28: x ≤ 3.5 gains 22²/4 + 6²/4 − 28²/8 = 121 + 9 − 98 = 32 (x ≤ 2.5 and x ≤ 4.5
    // gain 30); each half and quarter splits in its middle the same way.
    const g = Float64Array.from([7, 6, 5, 4, 3, 2, 1, 0]);
    const { outputs, grower } = grownOn(X, g, unit, { maxDepth: 3 });
    expect(outputs).toEqual([-7, -6, -5, -4, -3, -2, -1, -0]);
    expect(grower.nLeaves).toBe(8);
    expect(Array.from(grower.leafStart)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(grower.leafEnd)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(grower.indices)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('applies the learning rate and the L2 penalty to leaves: −shrinkage·G/(H + λ)', () => {
    // Depth 1: left G = 12, H = 4; right G = −14, H = 4.
    expect(grown({ maxDepth: 1, shrinkage: 0.5 }).outputs).toEqual([-1.5, -1.5, -1.5, -1.5, 1.75, 1.75, 1.75, 1.75]);
    // Depth-wise gains use counts, so λ = 1 changes no split, only the leaves: the quarters
    // G = 8, 4, −4, −10 over H = 2 + 1.
    const outputs = grown({ maxDepth: 2, l2Regularization: 1 }).outputs;
    [-8 / 3, -8 / 3, -4 / 3, -4 / 3, 4 / 3, 4 / 3, 10 / 3, 10 / 3].forEach((value, i) => expect(outputs[i]).toBeCloseTo(value, 12));
  });

  it('best-first: λ enters the Newton gain, and a split that gains nothing is not made', () => {
    // λ = 1. Root x ≤ 3.5: 12²/5 + 14²/5 − 2²/9 = 68 − 4/9 > 0. Left x ≤ 1.5: 8²/3 + 4²/3 − 12²/5
    // = 26.67 − 28.8 < 0; right x ≤ 5.5: 4²/3 + 10²/3 − 14²/5 = 38.67 − 39.2 < 0. So 31 allowed
    // leaves make 2: −12/5 and 14/5.
    const { outputs, grower } = grown({ maxLeafNodes: 31, l2Regularization: 1 });
    [-2.4, -2.4, -2.4, -2.4, 2.8, 2.8, 2.8, 2.8].forEach((value, i) => expect(outputs[i]).toBeCloseTo(value, 12));
    expect(grower.nLeaves).toBe(2);
    expect(grower.gains[0]).toBeCloseTo(68 - 4 / 9, 12);
  });

  it('splits on the feature that gains most; of equal splits the first (lowest bin, lowest feature) wins', () => {
    // Feature 0 alternates 0, 1: each side sums to −1 over 4 rows, gain 1/4 + 1/4 − 4/8 = 0.
    // Feature 1 is 0 … 7: the 84.5 split above.
    const two = { data: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7].flatMap((x) => [x % 2, x])), rows: 8, cols: 2 };
    const { grower, builder } = grownOn(two, gradients, unit, { maxDepth: 1 });
    expect(builder.feature[0]).toBe(1);
    expect(builder.threshold[0]).toBe(3.5);
    expect(Array.from(grower.gains)).toEqual([0, 84.5]);
    // The same column twice: the tie goes to feature 0 (scikit-learn's splitter keeps the first
    // best with a strict >).
    const twin = { data: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7].flatMap((x) => [x, x])), rows: 8, cols: 2 };
    const tied = grownOn(twin, gradients, unit, { maxDepth: 1 });
    expect(tied.builder.feature[0]).toBe(0);
    expect(Array.from(tied.grower.gains)).toEqual([84.5, 0]);
    // Within a feature: x = 0, 1, 2 with g = 1, 0, −1. x ≤ 0.5 and x ≤ 1.5 both gain
    // 1²/1 + 1²/2 − 0 = 1.5; the first, 0.5, is taken.
    const three = { data: Float64Array.from([0, 1, 2]), rows: 3, cols: 1 };
    const first = grownOn(three, Float64Array.from([1, 0, -1]), new Float64Array(3).fill(1), { maxDepth: 1 });
    expect(first.builder.threshold[0]).toBe(0.5);
    expect(first.outputs).toEqual([-1, 0.5, 0.5]);
  });

  it('grows later trees exactly: the root reuses the first tree’s bin counts, a subset counts its own', () => {
    // Seven rows (not a multiple of the four-row blocks), x = 0 … 6.
    const seven = { data: Float64Array.from([0, 1, 2, 3, 4, 5, 6]), rows: 7, cols: 1 };
    const mapper = BinMapper.fit(seven, 255, createPrng(0));
    const binned = mapper.transform(seven);
    const grower = new HistogramTreeGrower(mapper, binned, { maxDepth: 1, maxLeafNodes: 0, minSamplesLeaf: 1, l2Regularization: 0, shrinkage: 1 }, 7);
    const builder = new TreeBuilder(4);
    const ones = new Float64Array(7).fill(1);
    const tree = (g: number[], count = 7, order = [0, 1, 2, 3, 4, 5, 6]): number[] => {
      grower.grow(builder, Int32Array.from(order), count, Float64Array.from(g), ones);
      return Array.from({ length: 7 }, (_, i) => binnedTreeOutput(builder, builder.roots[builder.roots.length - 1]!, binned, i));
    };
    // g = 4, 4, 2, 2, −2, −2, −5: G = 3. x ≤ 3.5: 12²/4 + 9²/3 − 9/7 = 61.71 beats x ≤ 2.5
    // (10²/3 + 7²/4 = 45.6) and x ≤ 4.5 (10²/5 + 7²/2 = 44.5). Leaves −3 and 3.
    expect(tree([4, 4, 2, 2, -2, -2, -5])).toEqual([-3, -3, -3, -3, 3, 3, 3]);
    // Second tree over all rows, g = −6, 0, 0, 0, 0, 0, 6 (G = 0): x ≤ 0.5 gains 6²/1 + 6²/6 = 42
    // and x ≤ 5.5 the same 42 (the first wins). Left −(−6)/1 = 6, right −6/6 = −1.
    expect(tree([-6, 0, 0, 0, 0, 0, 6])).toEqual([6, -1, -1, -1, -1, -1, -1]);
    // The counts decide the depth-wise gain: g = 3, 3, 3, 3, 3, 3, −18 (G = 0). x ≤ 5.5: 18²/6 +
    // 18²/1 = 378, the only large one; wrong counts would move or lose it.
    expect(tree([3, 3, 3, 3, 3, 3, -18])).toEqual([-3, -3, -3, -3, -3, -3, 18]);
    // A subset root (rows 2 … 6 of 7) counts its own bins: g over rows 2 … 6 = 1, 1, 1, −1, −1:
    // x ≤ 4.5 gains 3²/3 + 2²/2 − 1/5 = 4.8. Rows 0, 1 (not grown on) fall left with x ≤ 4.5.
    expect(tree([50, 50, 1, 1, 1, -1, -1], 5, [2, 3, 4, 5, 6, 0, 1])).toEqual([-1, -1, -1, -1, -1, 1, 1]);
  });

  it('a leaf without curvature (H + λ below 1e-150) does not move, as scikit-learn', () => {
    expect(grown({ maxDepth: 1 }, new Float64Array(8)).outputs).toEqual(new Array(8).fill(0));
    expect(grown({ maxDepth: 1 }, new Float64Array(8).fill(1e-200)).outputs).toEqual(new Array(8).fill(0));
    // 1e-100 is curvature: G/H is huge but finite.
    expect(grown({ maxDepth: 1 }, new Float64Array(8).fill(1e-100)).outputs[0]).toBeCloseTo(-3e100, -88);
  });

  it('grows what a plain reference grower grows, on random data, subsets and several trees', () => {
    // The reference below recomputes every candidate split from the node's rows (no histograms,
    // no subtraction, no reused counts, no pooled buffers) under the documented rules: a
    // threshold is a bin holding a row of the node, not the feature's last bin; both sides keep
    // minSamplesLeaf rows (and, best-first, a hessian sum of 1e-3); the first best split wins on
    // a strict >; leaves are −shrinkage·G/(H+λ).
    const rng = createPrng(11);
    const n = 61;
    const F = 3;
    const data = new Float64Array(n * F);
    for (let i = 0; i < n; i++) {
      data[i * F] = rng.int(5);
      data[i * F + 1] = rng.int(12);
      data[i * F + 2] = rng.normal();
    }
    const matrix = { data, rows: n, cols: F };
    const mapper = BinMapper.fit(matrix, 16, rng);
    const binned = mapper.transform(matrix);
    const nBins = mapper.edges.map((e) => e.length + 1);
    const settings: GrowerParams[] = [
      { maxDepth: 3, maxLeafNodes: 0, minSamplesLeaf: 1, l2Regularization: 0, shrinkage: 1 },
      { maxDepth: 4, maxLeafNodes: 0, minSamplesLeaf: 3, l2Regularization: 0.5, shrinkage: 0.3 },
      { maxDepth: 10, maxLeafNodes: 7, minSamplesLeaf: 2, l2Regularization: 1, shrinkage: 1 },
      { maxDepth: 3, maxLeafNodes: 20, minSamplesLeaf: 1, l2Regularization: 0, shrinkage: 0.5 },
    ];
    for (const params of settings) {
      const grower = new HistogramTreeGrower(mapper, binned, params, n);
      const builder = new TreeBuilder(8);
      const expectedGains = new Float64Array(F);
      // Trees over every row (twice: the second reuses the root's counts) and over a shuffled subset.
      for (const count of [n, n, 45, n]) {
        const g = Float64Array.from({ length: n }, () => rng.normal());
        // A few rows with almost no curvature, for the 1e-3 hessian rule.
        const h = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? 1e-4 : 0.05 + rng.next()));
        const indices = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
        const rows = Array.from(indices.subarray(0, count));
        const reference = referenceTree(binned, F, nBins, rows, g, h, params, expectedGains);
        grower.grow(builder, indices, count, g, h);
        const root = builder.roots[builder.roots.length - 1]!;
        for (let i = 0; i < n; i++) expect(binnedTreeOutput(builder, root, binned, i * F)).toBeCloseTo(reference.output(i), 12);
        expect(grower.nLeaves).toBe(reference.leaves);
        // The grower's leaves hold exactly the grown rows.
        const held: number[] = [];
        for (let l = 0; l < grower.nLeaves; l++) held.push(...grower.indices.subarray(grower.leafStart[l]!, grower.leafEnd[l]!));
        expect(held.sort((a, b) => a - b)).toEqual(rows.sort((a, b) => a - b));
      }
      // The total only: two features can cut a small node into the same two sets (equal gains),
      // and then rounding in the sums decides which one is credited.
      const total = (gains: Float64Array): number => gains.reduce((a, b) => a + b, 0);
      expect(total(grower.gains)).toBeCloseTo(total(expectedGains), 9);
    }
  });

  it('grows one leaf per distinct value when allowed, past the 64 pooled histograms', () => {
    // 255 rows (one bin each) with gradients 0 … 254: a segment of a line gains most from its middle split, and
    // equal-sized segments gain the same, so best-first splits level by level; before the last
    // level over 100 two-row leaves are open at once, each holding a histogram (the grower keeps 64).
    // Every non-constant leaf has a split that gains, so all 255 end as one-row leaves, each −g.
    const rows = 255;
    const many = { data: Float64Array.from({ length: rows }, (_, i) => i), rows, cols: 1 };
    const g = Float64Array.from({ length: rows }, (_, i) => i);
    const { outputs, grower } = grownOn(many, g, new Float64Array(rows).fill(1), { maxLeafNodes: 4096, maxDepth: 64 });
    expect(grower.nLeaves).toBe(rows);
    expect(outputs).toEqual(Array.from(g, (v) => -v));
  });

  it('best-first keeps minSamplesLeaf on both sides of a right child too', () => {
    // g = 3, 3, 3, 3, −1, −1, −1, −9, unit hessians, 2 rows per leaf. Root: x ≤ 3.5 gains
    // 12²/4 + 12²/4 = 72 (x ≤ 6.5 would gain 81/7 + 81 but leaves one row). The right child
    // (rows 4 … 7, G = −12): x ≤ 5.5 gains 2²/2 + 10²/2 − 12²/4 = 16; x ≤ 6.5 would gain
    // 3²/3 + 9²/1 − 36 = 48 but leaves one row. Leaves −3, 1 and 5.
    const g = Float64Array.from([3, 3, 3, 3, -1, -1, -1, -9]);
    expect(grownOn(X, g, unit, { maxLeafNodes: 31, minSamplesLeaf: 2 }).outputs).toEqual([-3, -3, -3, -3, 1, 1, 5, 5]);
  });

  it('best-first allows a side whose hessian sum is exactly 1e-3 (scikit-learn refuses only below it)', () => {
    // x = 0 … 3. Hessians 5e-4, 5e-4 on the left of x ≤ 1.5 sum to exactly 1e-3: allowed, gain
    // 2²/1e-3 + 2²/2 = 4002 (x ≤ 2.5 gains 1/1.001 + 1, x ≤ 0.5 is refused). Leaves
    // −(−2)/1e-3 = 2000 and −2/2 = −1. Mirrored, the right side is allowed too (its sum is the
    // total minus the left's, 2.001 − 2, which lands a rounding above 1e-3).
    const four = { data: Float64Array.from([0, 1, 2, 3]), rows: 4, cols: 1 };
    const left = grownOn(four, Float64Array.from([-1, -1, 1, 1]), Float64Array.from([5e-4, 5e-4, 1, 1]), { maxLeafNodes: 2 });
    expect(left.builder.threshold[0]).toBe(1.5);
    expect(left.outputs[0]).toBeCloseTo(2000, 9);
    expect(left.outputs[3]).toBe(-1);
    const right = grownOn(four, Float64Array.from([1, 1, -1, -1]), Float64Array.from([1, 1, 5e-4, 5e-4]), { maxLeafNodes: 2 });
    expect(right.builder.threshold[0]).toBe(1.5);
    expect(right.outputs[3]).toBeCloseTo(2000, 9);
    expect(right.outputs[0]).toBe(-1);
  });
});

type Reference = { output: (row: number) => number; leaves: number };

/** The reference grower of the test above; adds each split's gain to `gains[feature]`. */
function referenceTree(binned: Uint8Array, F: number, nBins: number[], rows: number[], g: Float64Array, h: Float64Array, p: GrowerParams, gains: Float64Array): Reference {
  type Node = { rows: number[]; depth: number; value?: number; feature?: number; bin?: number; left?: Node; right?: Node; split?: { gain: number; feature: number; bin: number } };
  const newton = p.maxLeafNodes > 0;
  const sum = (rs: number[], a: Float64Array): number => rs.reduce((t, r) => t + a[r]!, 0);
  const best = (node: Node): Node['split'] => {
    if (!(node.depth < p.maxDepth && node.rows.length >= 2 * p.minSamplesLeaf)) return undefined;
    const G = sum(node.rows, g);
    const H = sum(node.rows, h);
    const n = node.rows.length;
    let found: Node['split'];
    for (let f = 0; f < F; f++) {
      for (let t = 0; t < nBins[f]! - 1; t++) {
        if (!node.rows.some((r) => binned[r * F + f] === t)) continue;
        const left = node.rows.filter((r) => binned[r * F + f]! <= t);
        const right = node.rows.filter((r) => binned[r * F + f]! > t);
        if (left.length < p.minSamplesLeaf || right.length < p.minSamplesLeaf) continue;
        const [gL, gR, hL, hR] = [sum(left, g), sum(right, g), sum(left, h), sum(right, h)];
        let gain: number;
        if (newton) {
          if (hL < 1e-3 || hR < 1e-3) continue;
          gain = gL ** 2 / (hL + p.l2Regularization) + gR ** 2 / (hR + p.l2Regularization) - G ** 2 / (H + p.l2Regularization);
        } else {
          gain = gL ** 2 / left.length + gR ** 2 / right.length - G ** 2 / n;
        }
        if (gain > (found?.gain ?? 0)) found = { gain, feature: f, bin: t };
      }
    }
    return found;
  };
  const apply = (node: Node): [Node, Node] => {
    const { feature, bin, gain } = node.split!;
    gains[feature]! += gain;
    node.feature = feature;
    node.bin = bin;
    node.left = { rows: node.rows.filter((r) => binned[r * F + feature]! <= bin), depth: node.depth + 1 };
    node.right = { rows: node.rows.filter((r) => binned[r * F + feature]! > bin), depth: node.depth + 1 };
    return [node.left, node.right];
  };
  const root: Node = { rows, depth: 0 };
  const leaves: Node[] = [];
  if (newton) {
    root.split = best(root);
    const open = root.split ? [root] : [];
    if (!root.split) leaves.push(root);
    let count = 1;
    while (open.length > 0 && count < p.maxLeafNodes) {
      let i = 0;
      for (let j = 1; j < open.length; j++) if (open[j]!.split!.gain > open[i]!.split!.gain) i = j;
      const [chosen] = open.splice(i, 1);
      count++;
      for (const child of apply(chosen!)) {
        child.split = best(child);
        if (child.split) open.push(child);
        else leaves.push(child);
      }
    }
    leaves.push(...open);
  } else {
    const grow = (node: Node): void => {
      node.split = best(node);
      if (!node.split) return void leaves.push(node);
      apply(node).forEach(grow);
    };
    grow(root);
  }
  for (const leaf of leaves) {
    leaf.feature = undefined;
    const denominator = sum(leaf.rows, h) + p.l2Regularization;
    leaf.value = denominator < 1e-150 ? 0 : (-p.shrinkage * sum(leaf.rows, g)) / denominator;
  }
  const output = (row: number): number => {
    let node = root;
    while (node.feature !== undefined && node.left) node = binned[row * F + node.feature]! <= node.bin! ? node.left : node.right!;
    return node.value!;
  };
  return { output, leaves: leaves.length };
}
