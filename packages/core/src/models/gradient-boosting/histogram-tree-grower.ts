import type { BinMapper } from './bin-mapper.js';
import type { TreeBuilder } from './tree-builder.js';

/** Histogram slot layout: [sum of gradients, sum of hessians, count] per bin. */
const SLOT = 3;
/** scikit-learn HistGradientBoosting's `min_hessian_to_split`: a side with less curvature is no split. */
const MIN_HESSIAN = 1e-3;

/** Hyper-parameters of one tree. */
export interface GrowerParams {
  maxDepth: number;
  /**
   * 0: grow depth-wise, every node split until `maxDepth` (scikit-learn
   * `GradientBoostingClassifier`), splits scored by the Friedman-MSE gain. Above 0: grow
   * best-first (leaf-wise) up to this many leaves, always splitting the open leaf with the largest
   * gain, scored by the Newton gain GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ) (scikit-learn
   * `HistGradientBoostingClassifier`'s `max_leaf_nodes`).
   */
  maxLeafNodes: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Multiplies every leaf value (the learning rate). */
  shrinkage: number;
}

/**
 * Grows regression trees on pre-binned features, depth-wise or best-first (see
 * {@link GrowerParams.maxLeafNodes}); leaves take the Newton step −G/(H+λ). Per node it
 * builds the histograms of the smaller child only and gets the sibling's by subtracting them
 * from the parent's. All buffers are allocated at construction: growing a tree allocates
 * nothing but nodes.
 *
 * After {@link grow}, the samples of leaf `l` are `indices[leafStart[l] .. leafEnd[l])` and its
 * value is `tree.value[leafNode[l]]`.
 */
export class HistogramTreeGrower {
  private readonly nFeatures: number;
  private readonly offsets: Int32Array;
  private readonly edges: Float64Array[];
  private readonly binned: Uint8Array;
  /** `slots[i * nFeatures + f]`: where sample i's bin of feature f sits in a histogram. */
  private readonly slots: Int32Array;
  private readonly scratch: Int32Array;
  private readonly nSamples: number;
  private rootCounts: Float64Array | undefined;
  private readonly params: GrowerParams;
  /** Free histogram buffers (a path from the root holds about two per level at most). */
  private readonly free: Float64Array[] = [];
  private readonly histogramSize: number;
  /** Per-feature importance: total squared-error reduction of the splits on it. */
  readonly gains: Float64Array;

  indices: Int32Array = new Int32Array(0);
  readonly leafNode: Int32Array;
  readonly leafStart: Int32Array;
  readonly leafEnd: Int32Array;
  nLeaves = 0;

  private gradients: Float64Array = new Float64Array(0);
  private hessians: Float64Array = new Float64Array(0);
  private tree!: TreeBuilder;

  // The best split of the last bestSplit() call, in fields so nothing is allocated per node.
  private splitFeature = -1;
  private splitBin = 0;
  private splitLeftG = 0;
  private splitLeftH = 0;

  constructor(mapper: BinMapper, binned: Uint8Array, params: GrowerParams, nSamples: number) {
    this.nFeatures = mapper.nFeatures;
    this.offsets = mapper.offsets;
    this.edges = mapper.edges;
    this.binned = binned;
    this.slots = new Int32Array(binned.length);
    for (let r = 0; r < binned.length; r += this.nFeatures) {
      for (let f = 0; f < this.nFeatures; f++) this.slots[r + f] = (mapper.offsets[f]! + binned[r + f]!) * SLOT;
    }
    this.scratch = new Int32Array(nSamples);
    this.nSamples = nSamples;
    this.params = params;
    this.gains = new Float64Array(this.nFeatures);
    this.histogramSize = mapper.offsets[this.nFeatures]! * SLOT;
    // Depth-wise, a path from the root holds about two per level; best-first, one per open leaf.
    const held = params.maxLeafNodes > 0 ? params.maxLeafNodes + 1 : 2 * (params.maxDepth + 1);
    for (let i = 0; i < Math.min(held, 64); i++) this.free.push(new Float64Array(this.histogramSize));
    const maxLeaves = Math.min(params.maxLeafNodes > 0 ? params.maxLeafNodes : 2 ** params.maxDepth, nSamples);
    this.leafNode = new Int32Array(maxLeaves);
    this.leafStart = new Int32Array(maxLeaves);
    this.leafEnd = new Int32Array(maxLeaves);
  }

  /**
   * Grows one tree on samples `indices[0 .. count)` (reordered in place) and appends it to
   * `tree`. `gradients[i]` and `hessians[i]` belong to sample `i`.
   */
  grow(tree: TreeBuilder, indices: Int32Array, count: number, gradients: Float64Array, hessians: Float64Array): void {
    this.tree = tree;
    this.indices = indices;
    this.gradients = gradients;
    this.hessians = hessians;
    this.nLeaves = 0;
    const root = tree.allocate(1);
    tree.roots.push(root);
    let sumG = 0;
    let sumH = 0;
    for (let s = 0; s < count; s++) {
      sumG += gradients[indices[s]!]!;
      sumH += hessians[indices[s]!]!;
    }
    let histogram: Float64Array | undefined;
    if (this.canSplit(count, 0)) {
      histogram = this.takeHistogram();
      const counts = count === this.nSamples ? this.rootCounts : undefined;
      this.buildHistogram(histogram, 0, count, counts === undefined);
      if (counts) for (let b = 0; b < counts.length; b++) histogram[b * SLOT + 2] = counts[b]!;
      // A root over every sample has the same counts in every tree: keep them.
      if (count === this.nSamples && !this.rootCounts) this.rootCounts = Float64Array.from({ length: histogram.length / SLOT }, (_, b) => histogram![b * SLOT + 2]!);
    }
    if (this.params.maxLeafNodes > 0) this.growBestFirst(root, count, histogram, sumG, sumH);
    else this.growNode(root, 0, count, 0, histogram, sumG, sumH);
  }

  private canSplit(count: number, depth: number): boolean {
    return depth < this.params.maxDepth && count >= 2 * this.params.minSamplesLeaf;
  }

  private takeHistogram(): Float64Array {
    const histogram = this.free.pop() ?? new Float64Array(this.histogramSize);
    histogram.fill(0);
    return histogram;
  }

  /**
   * Adds samples `indices[start .. end)` to `histogram`. `counted` false leaves the count slots
   * alone (a root over every sample, whose counts are known from the first tree, then written once).
   */
  private buildHistogram(histogram: Float64Array, start: number, end: number, counted: boolean): void {
    const { indices, slots, gradients, hessians, nFeatures: F } = this;
    const blocked = end - ((end - start) % 4);
    // Four samples per pass give the CPU independent work; each bin still receives its
    // samples in order, so the sums are the same as one sample at a time.
    for (let s = start; s < blocked; s += 4) {
      const r0 = indices[s]! * F;
      const r1 = indices[s + 1]! * F;
      const r2 = indices[s + 2]! * F;
      const r3 = indices[s + 3]! * F;
      const g0 = gradients[indices[s]!]!;
      const g1 = gradients[indices[s + 1]!]!;
      const g2 = gradients[indices[s + 2]!]!;
      const g3 = gradients[indices[s + 3]!]!;
      const h0 = hessians[indices[s]!]!;
      const h1 = hessians[indices[s + 1]!]!;
      const h2 = hessians[indices[s + 2]!]!;
      const h3 = hessians[indices[s + 3]!]!;
      for (let f = 0; f < F; f++) {
        const a = slots[r0 + f]!;
        const b = slots[r1 + f]!;
        const c = slots[r2 + f]!;
        const d = slots[r3 + f]!;
        histogram[a]! += g0;
        histogram[a + 1]! += h0;
        histogram[b]! += g1;
        histogram[b + 1]! += h1;
        histogram[c]! += g2;
        histogram[c + 1]! += h2;
        histogram[d]! += g3;
        histogram[d + 1]! += h3;
        if (counted) {
          histogram[a + 2]! += 1;
          histogram[b + 2]! += 1;
          histogram[c + 2]! += 1;
          histogram[d + 2]! += 1;
        }
      }
    }
    for (let s = blocked; s < end; s++) {
      const row = indices[s]! * F;
      const g = gradients[indices[s]!]!;
      const h = hessians[indices[s]!]!;
      for (let f = 0; f < F; f++) {
        const slot = slots[row + f]!;
        histogram[slot]! += g;
        histogram[slot + 1]! += h;
        if (counted) histogram[slot + 2]! += 1;
      }
    }
  }

  private growNode(node: number, start: number, end: number, depth: number, histogram: Float64Array | undefined, sumG: number, sumH: number): void {
    const gain = histogram ? this.bestSplit(histogram, sumG, sumH, end - start) : 0;
    if (gain <= 0) {
      if (histogram) this.free.push(histogram);
      this.makeLeaf(node, start, end, sumG);
      return;
    }
    const [left, right] = this.split({ node, start, end, depth, histogram: histogram!, sumG, sumH, gain, feature: this.splitFeature, bin: this.splitBin, leftG: this.splitLeftG, leftH: this.splitLeftH });
    this.growNode(left.node, left.start, left.end, depth + 1, left.histogram, left.sumG, left.sumH);
    this.growNode(right.node, right.start, right.end, depth + 1, right.histogram, right.sumG, right.sumH);
  }

  /**
   * Best-first growth: the open leaf whose best split gains most is split next, until
   * `maxLeafNodes` leaves; the leaves still open then stay leaves. Nodes are numbered in the
   * order they are split, so a tree's layout differs from depth-wise growth's, not its meaning.
   */
  private growBestFirst(root: number, count: number, histogram: Float64Array | undefined, sumG: number, sumH: number): void {
    const open: OpenNode[] = [];
    const consider = (child: ChildNode, depth: number): void => {
      const gain = child.histogram ? this.bestSplit(child.histogram, child.sumG, child.sumH, child.end - child.start) : 0;
      if (gain <= 0) {
        if (child.histogram) this.free.push(child.histogram);
        this.makeLeaf(child.node, child.start, child.end, child.sumG);
        return;
      }
      open.push({ ...child, depth, histogram: child.histogram!, gain, feature: this.splitFeature, bin: this.splitBin, leftG: this.splitLeftG, leftH: this.splitLeftH });
    };
    consider({ node: root, start: 0, end: count, histogram, sumG, sumH }, 0);
    let leaves = 1;
    while (open.length > 0 && leaves < this.params.maxLeafNodes) {
      let best = 0;
      for (let i = 1; i < open.length; i++) if (open[i]!.gain > open[best]!.gain) best = i;
      const chosen = open[best]!;
      open.splice(best, 1);
      const [left, right] = this.split(chosen);
      leaves += 1;
      consider(left, chosen.depth + 1);
      consider(right, chosen.depth + 1);
    }
    for (const leaf of open) {
      this.free.push(leaf.histogram);
      this.makeLeaf(leaf.node, leaf.start, leaf.end, leaf.sumG);
    }
  }

  /**
   * Applies `chosen`'s split: records it in the tree, partitions its samples and returns both
   * children, with a histogram for each child that may split further (the smaller child's is
   * built, the larger's is the parent's minus it).
   */
  private split(chosen: OpenNode): [ChildNode, ChildNode] {
    const { tree } = this;
    const { node, start, end, depth, feature, bin, leftG, leftH, sumG, sumH } = chosen;
    tree.feature[node] = feature;
    tree.binThreshold[node] = bin;
    tree.threshold[node] = this.edges[feature]![bin]!;
    this.gains[feature]! += chosen.gain;
    const mid = this.partition(start, end, feature, bin);
    const child = tree.allocate(2);
    tree.left[node] = child;
    const leftCount = mid - start;
    const rightCount = end - mid;
    const leftSplits = this.canSplit(leftCount, depth + 1);
    const rightSplits = this.canSplit(rightCount, depth + 1);
    const parent = chosen.histogram;
    let leftHistogram: Float64Array | undefined;
    let rightHistogram: Float64Array | undefined;
    if (leftSplits || rightSplits) {
      // Build the smaller child's histogram; the parent's minus it is the larger child's.
      const small = this.takeHistogram();
      const leftIsSmall = leftCount <= rightCount;
      if (leftIsSmall) this.buildHistogram(small, start, mid, true);
      else this.buildHistogram(small, mid, end, true);
      subtract(parent, small);
      leftHistogram = leftIsSmall ? small : parent;
      rightHistogram = leftIsSmall ? parent : small;
      if (!leftSplits) this.free.push(leftHistogram);
      if (!rightSplits) this.free.push(rightHistogram);
    } else {
      this.free.push(parent);
    }
    return [
      { node: child, start, end: mid, histogram: leftSplits ? leftHistogram : undefined, sumG: leftG, sumH: leftH },
      { node: child + 1, start: mid, end, histogram: rightSplits ? rightHistogram : undefined, sumG: sumG - leftG, sumH: sumH - leftH },
    ];
  }

  /** Sets the Newton value −shrinkage·G/(H+λ) of a leaf and records its samples. */
  private makeLeaf(node: number, start: number, end: number, sumG: number): void {
    const { indices, hessians, params } = this;
    let sumH = 0;
    for (let s = start; s < end; s++) sumH += hessians[indices[s]!]!;
    const denominator = sumH + params.l2Regularization;
    // As scikit-learn: a leaf with (numerically) no curvature does not move.
    this.tree.value[node] = denominator < 1e-150 ? 0 : (-params.shrinkage * sumG) / denominator;
    const leaf = this.nLeaves++;
    this.leafNode[leaf] = node;
    this.leafStart[leaf] = start;
    this.leafEnd[leaf] = end;
  }

  /**
   * Finds the split with the largest gain (each side keeping `minSamplesLeaf` samples); returns
   * it (details in the split fields), 0 for none. Depth-wise: the squared-error reduction
   * GL²/nL + GR²/nR − G²/n. Best-first: the Newton gain GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ),
   * each side keeping a hessian sum of at least {@link MIN_HESSIAN}.
   */
  private bestSplit(histogram: Float64Array, sumG: number, sumH: number, count: number): number {
    const { nFeatures, offsets } = this;
    const { minSamplesLeaf, maxLeafNodes, l2Regularization: lambda } = this.params;
    const newton = maxLeafNodes > 0;
    const parentScore = newton ? (sumG * sumG) / (sumH + lambda) : (sumG * sumG) / count;
    let bestGain = 0;
    for (let f = 0; f < nFeatures; f++) {
      const first = offsets[f]! * SLOT;
      const last = (offsets[f + 1]! - 1) * SLOT; // the last bin cannot be a left side
      let gL = 0;
      let hL = 0;
      let nL = 0;
      for (let slot = first; slot < last; slot += SLOT) {
        const n = histogram[slot + 2]!;
        if (n === 0) continue;
        gL += histogram[slot]!;
        hL += histogram[slot + 1]!;
        nL += n;
        if (nL < minSamplesLeaf) continue;
        const nR = count - nL;
        if (nR < minSamplesLeaf) break;
        const gR = sumG - gL;
        let gain: number;
        if (newton) {
          const hR = sumH - hL;
          if (hL < MIN_HESSIAN || hR < MIN_HESSIAN) continue;
          gain = (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
        } else {
          // GL²/nL + GR²/nR over one division: the scan's cost is mostly its divisions.
          gain = (gL * gL * nR + gR * gR * nL) / (nL * nR) - parentScore;
        }
        if (gain > bestGain) {
          bestGain = gain;
          this.splitFeature = f;
          this.splitBin = ((slot - first) / SLOT) | 0;
          this.splitLeftG = gL;
          this.splitLeftH = hL;
        }
      }
    }
    return bestGain;
  }

  /**
   * Moves the samples with `bin <= threshold` to the front of the range, keeping their order
   * (later passes then read memory in order); returns the boundary. Branch-free: the side a
   * sample goes to is as unpredictable as a coin.
   */
  private partition(start: number, end: number, feature: number, threshold: number): number {
    const { indices, binned, nFeatures, scratch } = this;
    let left = start;
    let right = 0;
    for (let s = start; s < end; s++) {
      const i = indices[s]!;
      const goesRight = (threshold - binned[i * nFeatures + feature]!) >>> 31;
      indices[left] = i;
      scratch[right] = i;
      left += 1 - goesRight;
      right += goesRight;
    }
    for (let r = 0; r < right; r++) indices[left + r] = scratch[r]!;
    return left;
  }
}

function subtract(parent: Float64Array, child: Float64Array): void {
  const n = parent.length;
  const blocked = n - (n % 4);
  for (let b = 0; b < blocked; b += 4) {
    parent[b]! -= child[b]!;
    parent[b + 1]! -= child[b + 1]!;
    parent[b + 2]! -= child[b + 2]!;
    parent[b + 3]! -= child[b + 3]!;
  }
  for (let b = blocked; b < n; b++) parent[b]! -= child[b]!;
}

/** A node whose samples are `indices[start .. end)`, with its histogram when it may split. */
interface ChildNode {
  node: number;
  start: number;
  end: number;
  histogram: Float64Array | undefined;
  sumG: number;
  sumH: number;
}

/** A node that will split if chosen: its best split and what it gains. */
interface OpenNode extends ChildNode {
  depth: number;
  histogram: Float64Array;
  gain: number;
  feature: number;
  bin: number;
  leftG: number;
  leftH: number;
}
