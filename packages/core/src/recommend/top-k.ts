/**
 * Keeps the `k` best (highest score; ties → lowest index) of a stream of (score, index) pairs
 * in a fixed-size min-heap: O(n log k) time, O(k) memory, no allocation per item.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly indices: Int32Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.indices = new Int32Array(capacity);
  }

  /** How many candidates are kept. */
  get size(): number {
    return this.count;
  }

  /** `a` ranks below `b`: lower score, or equal score and higher index. */
  private worse(aScore: number, aIndex: number, bScore: number, bIndex: number): boolean {
    return aScore < bScore || (aScore === bScore && aIndex > bIndex);
  }

  /** The lowest kept score once the heap is full (a candidate must reach it), else `-Infinity`. */
  get threshold(): number {
    return this.count < this.capacity || this.capacity === 0 ? Number.NEGATIVE_INFINITY : this.scores[0]!;
  }

  /** Whether {@link push} would keep this candidate now (so costlier checks can wait for it). */
  admits(score: number, index: number): boolean {
    return this.count < this.capacity || (this.capacity > 0 && this.worse(this.scores[0]!, this.indices[0]!, score, index));
  }

  /** Offers a candidate; kept if it beats the current worst or the heap is not full. */
  push(score: number, index: number): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, index, this.scores[parent]!, this.indices[parent]!)) break;
        this.scores[i] = this.scores[parent]!;
        this.indices[i] = this.indices[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.indices[i] = index;
      return;
    }
    if (!this.worse(this.scores[0]!, this.indices[0]!, score, index)) return;
    this.replaceWorst(score, index);
  }

  private replaceWorst(score: number, index: number): void {
    let i = 0;
    const n = this.count;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.worse(this.scores[right]!, this.indices[right]!, this.scores[left]!, this.indices[left]!)) child = right;
      if (!this.worse(this.scores[child]!, this.indices[child]!, score, index)) break;
      this.scores[i] = this.scores[child]!;
      this.indices[i] = this.indices[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.indices[i] = index;
  }

  /**
   * Moves the kept candidates into `indices` and `scores`, best first (the order of
   * {@link sorted}, without an object per candidate), and empties the heap. Returns how many.
   */
  drain(indices: Int32Array, scores: Float64Array): number {
    const n = this.count;
    for (let k = n - 1; k >= 0; k--) {
      indices[k] = this.indices[0]!;
      scores[k] = this.scores[0]!;
      const last = --this.count;
      if (last > 0) this.replaceWorst(this.scores[last]!, this.indices[last]!);
    }
    return n;
  }

  /** The kept candidates, best first. */
  sorted(): { index: number; score: number }[] {
    const out = Array.from({ length: this.count }, (_, i) => ({ index: this.indices[i]!, score: this.scores[i]! }));
    return out.sort((a, b) => (this.worse(a.score, a.index, b.score, b.index) ? 1 : -1));
  }
}
