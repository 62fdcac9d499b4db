/** Cosine of the angle between two vectors, in [−1, 1]; 0 when either is the zero vector. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let a2 = 0;
  let b2 = 0;
  for (let f = 0; f < a.length; f++) {
    dot += a[f]! * b[f]!;
    a2 += a[f]! * a[f]!;
    b2 += b[f]! * b[f]!;
  }
  return a2 === 0 || b2 === 0 ? 0 : dot / Math.sqrt(a2 * b2);
}
