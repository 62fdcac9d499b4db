/**
 * Growable flat storage for the nodes of many regression trees. A node is a split when
 * `feature[node] >= 0`: samples with `x[feature] <= threshold` go to `left[node]`, the others to
 * `left[node] + 1` (siblings are adjacent). A leaf has `feature = -1` and its output in `value`.
 */
export class TreeBuilder {
  feature: Int32Array;
  threshold: Float64Array;
  /** Split bin (training only): `bin <= binThreshold` goes left. */
  binThreshold: Uint8Array;
  left: Int32Array;
  value: Float64Array;
  size = 0;
  /** Index of each tree's root node. */
  roots: number[] = [];

  constructor(capacity = 1024) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.binThreshold = new Uint8Array(capacity);
    this.left = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
  }

  /** Reserves `count` consecutive nodes (initialised as leaves) and returns the first. */
  allocate(count: number): number {
    const first = this.size;
    if (first + count > this.feature.length) this.grow(first + count);
    this.size += count;
    for (let node = first; node < first + count; node++) {
      this.feature[node] = -1;
      this.value[node] = 0;
    }
    return first;
  }

  private grow(minimum: number): void {
    const capacity = Math.max(minimum, this.feature.length * 2);
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.feature = copy(this.feature, new Int32Array(capacity));
    this.threshold = copy(this.threshold, new Float64Array(capacity));
    this.binThreshold = copy(this.binThreshold, new Uint8Array(capacity));
    this.left = copy(this.left, new Int32Array(capacity));
    this.value = copy(this.value, new Float64Array(capacity));
  }

  /** Removes the trees from index `nTrees` on (early stopping keeps a prefix). */
  truncate(nTrees: number): void {
    if (nTrees >= this.roots.length) return;
    this.size = this.roots[nTrees]!;
    this.roots.length = nTrees;
  }
}
