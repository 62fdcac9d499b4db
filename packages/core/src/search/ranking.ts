/**
 * The best `limit` songs by score (ties: lower song index), as a sorted array: inserts are
 * O(limit), which at limit ≤ 100 beats a heap, and the worst kept score is always at hand for
 * the search's early stop.
 */
export class Ranking {
  readonly songs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.songs.length >= this.limit;
  }

  /** The lowest score kept (only meaningful when {@link full}). */
  get worst(): number {
    return this.scores[this.scores.length - 1] ?? -Infinity;
  }

  push(score: number, song: number): void {
    const n = this.songs.length;
    if (n >= this.limit && !(score > this.worst || (score === this.worst && song < this.songs[n - 1]!))) return;
    let i = n;
    while (i > 0 && (this.scores[i - 1]! < score || (this.scores[i - 1] === score && this.songs[i - 1]! > song))) i--;
    this.scores.splice(i, 0, score);
    this.songs.splice(i, 0, song);
    if (this.songs.length > this.limit) {
      this.scores.pop();
      this.songs.pop();
    }
  }
}
