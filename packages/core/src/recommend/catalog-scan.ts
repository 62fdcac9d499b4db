/**
 * A genre's catalog laid out so `recommend()` can find its best-scored songs without measuring
 * every one (decision 1200). The heap that keeps them ({@link TopK}) is a total order on
 * (score, row), so the order songs are offered in does not change what it keeps: the scan is
 * free to start near the centre and to leave out the songs a bound proves too far.
 */
import type { RecordingMarks } from './serving-index.js';
import type { TopK } from './top-k.js';

/**
 * Each recording's first song of one genre's catalog, sorted by distance to the songs' mean
 * `μ`. A song `x` is at least `|‖x − μ‖ − ‖c − μ‖|` from any centre `c` (triangle inequality),
 * so a walk outward from `‖c − μ‖` meets the songs in the order of that bound and stops once
 * it passes the distance the heap still admits.
 */
export interface CatalogScanIndex {
  /** Catalog row of each scan position. */
  readonly rows: Int32Array;
  /** Scaled features by scan position, row-major (a copy: the walk reads them in order). */
  readonly features: Float64Array;
  /** Per scan position, its distance to `mean`, ascending. */
  readonly radius: Float64Array;
  /** The mean of the scanned songs. */
  readonly mean: Float64Array;
}

/**
 * Builds the scan layout of a catalog of `size` rows (`scaled`, row-major, `d` wide). Only the
 * rows that are their `recording`'s first (the first row with identical features) are kept: the
 * others are never recommended.
 */
export function catalogScanIndex(scaled: Float64Array, size: number, d: number, recording: Int32Array): CatalogScanIndex {
  const kept: number[] = [];
  for (let j = 0; j < size; j++) if (recording[j] === j) kept.push(j);
  const mean = new Float64Array(d);
  for (const j of kept) for (let f = 0; f < d; f++) mean[f]! += scaled[j * d + f]!;
  for (let f = 0; f < d; f++) mean[f]! /= Math.max(kept.length, 1);
  const radiusOf = new Float64Array(size);
  for (const j of kept) radiusOf[j] = Math.sqrt(squaredDistance(scaled, j * d, mean, d));
  // Equal radii by row, so the layout does not depend on the sort's stability.
  const rows = Int32Array.from(kept).sort((a, b) => radiusOf[a]! - radiusOf[b]! || a - b);
  const features = new Float64Array(rows.length * d);
  const radius = new Float64Array(rows.length);
  rows.forEach((j, p) => {
    features.set(scaled.subarray(j * d, (j + 1) * d), p * d);
    radius[p] = radiusOf[j]!;
  });
  return { rows, features, radius, mean };
}

/**
 * Offers `top` every song of `index` whose recording (`recordingOf`, per catalog row) is not
 * `excluded`, scored `offset − d² × inv2h2` around `centre`: `top` ends up holding exactly what
 * offering each of them in catalog order would leave it. Nearest to the centre's own distance
 * from the mean first, outward on both sides, until both sides' bounds are past what the heap
 * admits. A function of its own, small enough for the optimising compiler to inline the heap's
 * methods (not inlined, `threshold` comes back boxed: garbage on every change of the list).
 */
export function scanCatalog(index: CatalogScanIndex, centre: Float64Array, offset: number, inv2h2: number, recordingOf: Int32Array, excluded: RecordingMarks, top: TopK): void {
  const { rows, features, radius, mean } = index;
  const d = mean.length;
  const n = rows.length;
  const q = Math.sqrt(squaredDistance(mean, 0, centre, d));
  // The bound is |r − q| from rounded distances; widen what it is compared with by far more than
  // their roundings, so a song it rules out would have had a computed d² past `limit` too.
  const margin = 1e-7 * (q + (n > 0 ? radius[n - 1]! : 0));
  // The first position at or beyond the centre's distance: below it the bound is q − r, from it r − q.
  let up = 0;
  for (let span = n; span > 0; ) {
    const half = span >> 1;
    if (radius[up + half]! < q) {
      up += half + 1;
      span -= half + 1;
    } else span = half;
  }
  let down = up - 1;
  let limit = Number.POSITIVE_INFINITY;
  let reach = Number.POSITIVE_INFINITY;
  while (down >= 0 || up < n) {
    const downGap = down >= 0 ? q - radius[down]! : Number.POSITIVE_INFINITY;
    const upGap = up < n ? radius[up]! - q : Number.POSITIVE_INFINITY;
    let p: number;
    if (downGap <= upGap) {
      // Every song further on either side is at least this far.
      if (downGap > reach) break;
      p = down--;
    } else {
      if (upGap > reach) break;
      p = up++;
    }
    const at = p * d;
    let d2 = 0;
    let f = 0;
    // Most songs fall short of the list: stop adding up a distance once it is past what the
    // heap admits (partial sums only grow).
    for (; f < d; f++) {
      const diff = features[at + f]! - centre[f]!;
      d2 += diff * diff;
      if (d2 > limit) break;
    }
    if (f < d) continue;
    const j = rows[p]!;
    const score = offset - d2 * inv2h2;
    // Exclusions only for songs that would enter the list.
    if (!top.admits(score, j) || excluded.has(recordingOf[j]!)) continue;
    top.push(score, j);
    limit = distanceLimit(offset, top.threshold, inv2h2);
    reach = limit === Number.POSITIVE_INFINITY ? limit : Math.sqrt(limit) * (1 + 1e-7) + margin;
  }
}

/**
 * A squared distance beyond which `offset − d² × inv2h2` is surely below `threshold`: the exact
 * bound widened by far more than the few roundings of either side.
 */
function distanceLimit(offset: number, threshold: number, inv2h2: number): number {
  if (threshold === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  const slack = 1e-9 * (Math.abs(offset) + Math.abs(threshold)) + 1e-300;
  return ((offset - threshold + slack) / inv2h2) * (1 + 1e-9);
}

/** The squared distance between the row of `rows` at `offset` and `point`, summed feature by feature. */
export function squaredDistance(rows: Float64Array, offset: number, point: Float64Array, d: number): number {
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const diff = rows[offset + f]! - point[f]!;
    sum += diff * diff;
  }
  return sum;
}
