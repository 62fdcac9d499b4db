import type { TreeBuilder } from './tree-builder.js';

/**
 * The fitted trees of a boosting model in three flat arrays. Node `n` of any tree is a split
 * when `feature[n] >= 0` (`x[feature] <= threshold[n]` goes to `left[n]`, otherwise to
 * `left[n] + 1`), a leaf when `feature[n] === -1`, and then `threshold[n]` holds its output.
 * Tree `t` starts at node `roots[t]` and adds to raw score column `t % nOutputs`.
 */
export class TreeEnsemble {
  constructor(
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly left: Int32Array,
    readonly roots: Int32Array,
    readonly nOutputs: number,
  ) {}

  /** Copies a builder's trees into exactly-sized arrays, leaf values folded into `threshold`. */
  static fromBuilder(builder: TreeBuilder, nOutputs: number): TreeEnsemble {
    const size = builder.size;
    const feature = builder.feature.slice(0, size);
    const threshold = builder.threshold.slice(0, size);
    for (let node = 0; node < size; node++) if (feature[node] === -1) threshold[node] = builder.value[node]!;
    return new TreeEnsemble(feature, threshold, builder.left.slice(0, size), Int32Array.from(builder.roots), nOutputs);
  }

  /**
   * Adds every tree's output to `out[i * nOutputs + column]` for each of `rows` rows of the
   * row-major `data`. Trees are the outer loop so each tree's nodes stay in the L1 cache.
   */
  accumulate(data: Float64Array, rows: number, cols: number, out: Float64Array): void {
    const { feature, threshold, left, roots, nOutputs } = this;
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      const column = t % nOutputs;
      for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          node = left[node]! + (data[offset + f]! > threshold[node]! ? 1 : 0);
          f = feature[node]!;
        }
        out[i * nOutputs + column]! += threshold[node]!;
      }
    }
  }

  /** Adds every tree's output for one sample to `out[column]`. */
  accumulateRow(row: ArrayLike<number>, out: Float64Array): void {
    const { feature, threshold, left, roots, nOutputs } = this;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t]!;
      let f = feature[node]!;
      while (f >= 0) {
        node = left[node]! + (row[f]! > threshold[node]! ? 1 : 0);
        f = feature[node]!;
      }
      out[t % nOutputs]! += threshold[node]!;
    }
  }
}

/** Output of the builder's tree at `root` for binned row `row` (training-time traversal). */
export function binnedTreeOutput(builder: TreeBuilder, root: number, binned: Uint8Array, row: number): number {
  const { feature, binThreshold, left, value } = builder;
  let node = root;
  let f = feature[node]!;
  while (f >= 0) {
    node = left[node]! + (binned[row + f]! > binThreshold[node]! ? 1 : 0);
    f = feature[node]!;
  }
  return value[node]!;
}
