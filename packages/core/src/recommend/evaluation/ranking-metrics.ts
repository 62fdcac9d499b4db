/** NDCG@k of a ranked list given which positions are relevant and how many relevant items exist. */
export function ndcgAt(relevant: readonly boolean[], totalRelevant: number, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i++) if (relevant[i]) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Mean pairwise Euclidean distance of `rows` (each `d` wide): how spread a result list is. 0 for fewer than two. */
export function meanPairwiseDistance(rows: readonly ArrayLike<number>[]): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      let d2 = 0;
      for (let f = 0; f < rows[a]!.length; f++) d2 += (rows[a]![f]! - rows[b]![f]!) ** 2;
      sum += Math.sqrt(d2);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/** Linear-interpolated quantile of ascending `sorted`; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}
