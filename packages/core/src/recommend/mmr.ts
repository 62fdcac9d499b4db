/**
 * `recommend()`'s diversity step: maximal marginal relevance over one genre's pool, lazily
 * (decision 1200). A file of its own so its tests can hand it a pool and count the work; not
 * re-exported by the package.
 */

/**
 * One genre's candidates in the order they are offered to the merge: catalog rows and their
 * scores (in [0, 1]), and the centre their distances are measured from.
 */
export interface RankedList {
  readonly genre: number;
  readonly centre: Float64Array;
  readonly rows: Int32Array;
  readonly scores: Float64Array;
  readonly length: number;
}

/** Buffers of {@link maximalMarginalRelevance}, sized for the largest pool. */
export interface MmrWorkspace {
  pool: Float64Array;
  maxSim: Float64Array;
  nearest: Float64Array;
  /** The pool positions not picked yet, in pool order (the first `left` entries). */
  alive: Int32Array;
  /** Per pool entry, how many of the picks its `nearest` has seen. */
  seen: Int32Array;
  /** The pool positions of the picks, in pick order. */
  picked: Int32Array;
}

export function mmrWorkspace(size: number, d: number): MmrWorkspace {
  return {
    pool: new Float64Array(size * d),
    maxSim: new Float64Array(size),
    nearest: new Float64Array(size),
    alive: new Int32Array(size),
    seen: new Int32Array(size),
    picked: new Int32Array(size),
  };
}

/**
 * Greedy maximal marginal relevance: from the pool (`rows` and log-scores, best first), picks
 * `count`, each time the candidate whose log-score minus `lambda ×` its largest similarity to
 * those already picked is highest (the first of equals). Similarity is a Gaussian kernel of half
 * the playlist's bandwidth, so only near duplicates of a pick are pushed down, not the
 * playlist's neighbourhood.
 *
 * Lazily: a candidate's value is at most its log-score, and the pool is in descending log-score
 * order, so each round stops at the first candidate whose log-score cannot beat the best value
 * found, and passes over one whose value with the picks it has already seen cannot (a later
 * pick can only raise its similarity) — also halfway through bringing it up to date, resuming
 * there when it is next looked at. A distance to a pick stops adding up once it is no nearer
 * than the nearest pick's (partial sums only grow). The similarities are the same floats as
 * comparing every candidate with every pick (a minimum does not depend on the order it is taken
 * in), so the picks are too (decision 1200).
 */
export function maximalMarginalRelevance(
  genre: number,
  centre: Float64Array,
  rows: Int32Array,
  logScores: Float64Array,
  pooled: number,
  features: Float64Array,
  d: number,
  count: number,
  lambda: number,
  inv2h2: number,
  { pool, maxSim, nearest, alive, seen, picked }: MmrWorkspace,
): RankedList {
  const length = Math.min(count, pooled);
  const chosenRows = new Int32Array(length);
  const scores = new Float64Array(length);
  // The pool's features side by side.
  for (let p = 0; p < pooled; p++) for (let f = 0; f < d; f++) pool[p * d + f] = features[rows[p]! * d + f]!;
  // The similarity is monotone in the squared distance: track the nearest pick's, and take the
  // exponential only when it changes.
  maxSim.fill(0, 0, pooled);
  nearest.fill(Number.POSITIVE_INFINITY, 0, pooled);
  seen.fill(0, 0, pooled);
  for (let p = 0; p < pooled; p++) alive[p] = p;
  let left = pooled;
  // Before any pick no similarity counts: the best log-score, the first of equals — the pool's first.
  let bestAt = 0;
  for (let chosen = 0; chosen < length; chosen++) {
    const best = alive[bestAt]!;
    alive.copyWithin(bestAt, bestAt + 1, left);
    left--;
    picked[chosen] = best;
    chosenRows[chosen] = rows[best]!;
    scores[chosen] = Math.exp(logScores[best]!);
    if (chosen + 1 === length) break;
    bestAt = -1;
    let bestValue = -Infinity;
    for (let a = 0; a < left; a++) {
      const p = alive[a]!;
      const logScore = logScores[p]!;
      // Neither this candidate nor any after it can beat the best value (value ≤ log-score).
      if (logScore <= bestValue) break;
      // Nor this one if its value with the picks it has seen cannot (more picks only lower it).
      if (logScore - lambda * maxSim[p]! <= bestValue) continue;
      const at = p * d;
      let k = seen[p]!;
      for (; k <= chosen; k++) {
        const b = picked[k]! * d;
        const nearestSoFar = nearest[p]!;
        let d2 = 0;
        let f = 0;
        for (; f < d; f++) {
          // A product, not \`** 2\`: the same float (fdlibm's pow returns x*x for y = 2) without a call.
          const diff = pool[at + f]! - pool[b + f]!;
          d2 += diff * diff;
          if (d2 >= nearestSoFar) break;
        }
        if (f < d) continue;
        nearest[p] = d2;
        maxSim[p] = Math.exp(-4 * d2 * inv2h2);
        if (logScore - lambda * maxSim[p]! <= bestValue) break;
      }
      if (k <= chosen) {
        // Beaten before every pick was seen: the rest wait for its next look.
        seen[p] = k + 1;
        continue;
      }
      seen[p] = chosen + 1;
      const value = logScore - lambda * maxSim[p]!;
      if (value > bestValue) {
        bestValue = value;
        bestAt = a;
      }
    }
  }
  return { genre, centre, rows: chosenRows, scores, length };
}
