import { countBelow } from './bin-mapper.js';
import { SimdTreeWalk } from './simd-tree-walk.js';
import type { TreeEnsemble } from './tree-ensemble.js';

/** Deepest trees laid out completely (2^depth leaves each); deeper ensembles are not compiled. */
const MAX_COMPILED_DEPTH = 8;
/** Bin index of padding nodes: every bin is ≤ it, so they always go left. */
const ALWAYS_LEFT = 255;
/** Smallest batch given to the SIMD walk: it pads to 16 rows, below this the scalar walk wins. */
const MIN_SIMD_ROWS = 8;

/**
 * A prediction-only form of a {@link TreeEnsemble}, several times faster on batches:
 * - each feature's distinct split thresholds become bin edges, so a row is binned once
 *   (a binary search per feature) and nodes compare bytes;
 * - every tree is laid out as a complete binary tree of the ensemble's depth (shallower leaves
 *   padded with always-left nodes), so a walk is `depth` steps with no leaf test, and node
 *   `n`'s children are `2n+1`, `2n+2`;
 * - a node is one int (`feature << 8 | bin`) and the step is branch-free arithmetic, so
 *   unpredictable splits cost no mispredictions; eight rows (for one row, four trees) walk
 *   together to overlap their memory latencies;
 * - batches of depth ≤ 5 run in WebAssembly SIMD where the engine has it ({@link SimdTreeWalk},
 *   built on the first batch), sixteen rows a vector: bit-identical and about four times faster.
 */
export class CompiledEnsemble {
  /** The SIMD walk: undefined until the first batch, null where it is unavailable. */
  private simd: SimdTreeWalk | null | undefined;

  private constructor(
    private readonly edges: Float64Array[],
    private readonly nodes: Int32Array,
    private readonly leaves: Float64Array,
    private readonly depth: number,
    private readonly nTrees: number,
    private readonly nOutputs: number,
  ) {}

  /** Compiles `ensemble`, or returns undefined when it is too deep or has too many thresholds. */
  static from(ensemble: TreeEnsemble, nFeatures: number): CompiledEnsemble | undefined {
    const { feature, threshold, left, roots, nOutputs } = ensemble;
    let depth = 1;
    for (let t = 0; t < roots.length && depth <= MAX_COMPILED_DEPTH; t++) depth = Math.max(depth, treeDepth(feature, left, roots[t]!, MAX_COMPILED_DEPTH + 1));
    if (depth > MAX_COMPILED_DEPTH) return undefined;
    const distinct = Array.from({ length: nFeatures }, () => new Set<number>());
    for (let node = 0; node < feature.length; node++) if (feature[node]! >= 0) distinct[feature[node]!]!.add(threshold[node]!);
    if (distinct.some((set) => set.size > ALWAYS_LEFT)) return undefined;
    const edges = distinct.map((set) => Float64Array.from(set).sort());
    const internal = (1 << depth) - 1;
    const nodes = new Int32Array(roots.length * internal).fill(ALWAYS_LEFT);
    const leaves = new Float64Array(roots.length * (internal + 1));
    const place = (tree: number, node: number, slot: number, level: number): void => {
      const f = feature[node]!;
      if (f < 0) {
        // A leaf above the bottom: padding routes everything to its leftmost descendant.
        let bottom = slot;
        for (let l = level; l < depth; l++) bottom = 2 * bottom + 1;
        leaves[tree * (internal + 1) + bottom - internal] = threshold[node]!;
        return;
      }
      nodes[tree * internal + slot] = (f << 8) | countBelow(edges[f]!, threshold[node]!);
      place(tree, left[node]!, 2 * slot + 1, level + 1);
      place(tree, left[node]! + 1, 2 * slot + 2, level + 1);
    };
    for (let t = 0; t < roots.length; t++) place(t, roots[t]!, 0, 0);
    return new CompiledEnsemble(edges, nodes, leaves, depth, roots.length, nOutputs);
  }

  /** Bins `rows` rows of row-major `data` against the split thresholds. */
  binRows(data: ArrayLike<number>, rows: number, cols: number, out: Uint8Array): void {
    for (let f = 0; f < cols; f++) {
      const e = this.edges[f]!;
      for (let i = 0; i < rows; i++) out[i * cols + f] = countBelow(e, data[i * cols + f]!);
    }
  }

  /** Whether batches run in WebAssembly SIMD (builds the walk on first use). */
  get usesSimd(): boolean {
    if (this.simd === undefined) {
      this.simd = SimdTreeWalk.from(this.nodes, this.leaves, this.depth, this.nTrees, this.nOutputs, this.edges.length) ?? null;
    }
    return this.simd !== null;
  }

  /** Adds every tree's output to `out[i * nOutputs + column]` for the binned rows. */
  accumulate(binned: Uint8Array, rows: number, cols: number, out: Float64Array): void {
    if (rows >= MIN_SIMD_ROWS && this.usesSimd) this.simd!.accumulate(binned, rows, cols, out);
    else this.accumulateScalar(binned, rows, cols, out);
  }

  /** {@link accumulate} without SIMD: eight rows walk each tree together. */
  accumulateScalar(binned: Uint8Array, rows: number, cols: number, out: Float64Array): void {
    const { nodes, leaves, depth, nTrees, nOutputs } = this;
    const internal = (1 << depth) - 1;
    const blocked = rows - (rows % 8);
    for (let t = 0; t < nTrees; t++) {
      const base = t * internal;
      const leafBase = t * (internal + 1) - internal;
      const column = t % nOutputs;
      // Eight rows walk the tree together: eight independent chains of loads keep the CPU busy.
      for (let i = 0; i < blocked; i += 8) {
        const o0 = i * cols;
        const o1 = o0 + cols;
        const o2 = o1 + cols;
        const o3 = o2 + cols;
        const o4 = o3 + cols;
        const o5 = o4 + cols;
        const o6 = o5 + cols;
        const o7 = o6 + cols;
        let n0 = 0;
        let n1 = 0;
        let n2 = 0;
        let n3 = 0;
        let n4 = 0;
        let n5 = 0;
        let n6 = 0;
        let n7 = 0;
        for (let level = depth; level !== 0; level--) {
          const p0 = nodes[base + n0]!;
          const p1 = nodes[base + n1]!;
          const p2 = nodes[base + n2]!;
          const p3 = nodes[base + n3]!;
          const p4 = nodes[base + n4]!;
          const p5 = nodes[base + n5]!;
          const p6 = nodes[base + n6]!;
          const p7 = nodes[base + n7]!;
          // (bin of node − bin of row) >>> 31 is 1 exactly when the row goes right.
          n0 = (n0 << 1) + 1 + (((p0 & 255) - binned[o0 + (p0 >> 8)]!) >>> 31);
          n1 = (n1 << 1) + 1 + (((p1 & 255) - binned[o1 + (p1 >> 8)]!) >>> 31);
          n2 = (n2 << 1) + 1 + (((p2 & 255) - binned[o2 + (p2 >> 8)]!) >>> 31);
          n3 = (n3 << 1) + 1 + (((p3 & 255) - binned[o3 + (p3 >> 8)]!) >>> 31);
          n4 = (n4 << 1) + 1 + (((p4 & 255) - binned[o4 + (p4 >> 8)]!) >>> 31);
          n5 = (n5 << 1) + 1 + (((p5 & 255) - binned[o5 + (p5 >> 8)]!) >>> 31);
          n6 = (n6 << 1) + 1 + (((p6 & 255) - binned[o6 + (p6 >> 8)]!) >>> 31);
          n7 = (n7 << 1) + 1 + (((p7 & 255) - binned[o7 + (p7 >> 8)]!) >>> 31);
        }
        const at = i * nOutputs + column;
        out[at]! += leaves[leafBase + n0]!;
        out[at + nOutputs]! += leaves[leafBase + n1]!;
        out[at + 2 * nOutputs]! += leaves[leafBase + n2]!;
        out[at + 3 * nOutputs]! += leaves[leafBase + n3]!;
        out[at + 4 * nOutputs]! += leaves[leafBase + n4]!;
        out[at + 5 * nOutputs]! += leaves[leafBase + n5]!;
        out[at + 6 * nOutputs]! += leaves[leafBase + n6]!;
        out[at + 7 * nOutputs]! += leaves[leafBase + n7]!;
      }
      for (let i = blocked; i < rows; i++) out[i * nOutputs + column]! += this.walk(base, leafBase, binned, i * cols);
    }
  }

  /**
   * Adds every tree's output for one binned row (at `binned[0 .. cols)`) to `out[column]`.
   * Four trees are walked together so their memory latencies overlap.
   */
  accumulateRow(binned: Uint8Array, out: Float64Array): void {
    const { nodes, leaves, depth, nTrees, nOutputs } = this;
    const internal = (1 << depth) - 1;
    const stride = internal + 1;
    const blocked = nTrees - (nTrees % 4);
    for (let t = 0; t < blocked; t += 4) {
      const b0 = t * internal;
      const b1 = b0 + internal;
      const b2 = b1 + internal;
      const b3 = b2 + internal;
      let n0 = 0;
      let n1 = 0;
      let n2 = 0;
      let n3 = 0;
      for (let level = depth; level !== 0; level--) {
        const p0 = nodes[b0 + n0]!;
        const p1 = nodes[b1 + n1]!;
        const p2 = nodes[b2 + n2]!;
        const p3 = nodes[b3 + n3]!;
        n0 = (n0 << 1) + 1 + (((p0 & 255) - binned[p0 >> 8]!) >>> 31);
        n1 = (n1 << 1) + 1 + (((p1 & 255) - binned[p1 >> 8]!) >>> 31);
        n2 = (n2 << 1) + 1 + (((p2 & 255) - binned[p2 >> 8]!) >>> 31);
        n3 = (n3 << 1) + 1 + (((p3 & 255) - binned[p3 >> 8]!) >>> 31);
      }
      const leafBase = t * stride - internal;
      out[t % nOutputs]! += leaves[leafBase + n0]!;
      out[(t + 1) % nOutputs]! += leaves[leafBase + stride + n1]!;
      out[(t + 2) % nOutputs]! += leaves[leafBase + 2 * stride + n2]!;
      out[(t + 3) % nOutputs]! += leaves[leafBase + 3 * stride + n3]!;
    }
    for (let t = blocked; t < nTrees; t++) out[t % nOutputs]! += this.walk(t * internal, t * stride - internal, binned, 0);
  }

  private walk(base: number, leafBase: number, binned: Uint8Array, offset: number): number {
    const { nodes, depth } = this;
    let n = 0;
    for (let level = depth; level !== 0; level--) {
      const p = nodes[base + n]!;
      n = (n << 1) + 1 + (((p & 255) - binned[offset + (p >> 8)]!) >>> 31);
    }
    return this.leaves[leafBase + n]!;
  }
}

/** Depth of the tree at `node`, or `limit` once it reaches it (a loaded model may be deep). */
function treeDepth(feature: Int32Array, left: Int32Array, node: number, limit: number): number {
  if (feature[node]! < 0) return 0;
  if (limit === 0) return 0;
  return 1 + Math.max(treeDepth(feature, left, left[node]!, limit - 1), treeDepth(feature, left, left[node]! + 1, limit - 1));
}
