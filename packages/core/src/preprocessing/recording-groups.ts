/** A song as {@link recordingGroups} reads it. */
export interface RecordingSong {
  /** The audio features, in any fixed order (the same for every song). */
  features: ArrayLike<number>;
  /** Track name, when known. */
  name?: string | undefined;
  /** Artists, when known. */
  artist?: string | undefined;
}

/**
 * Groups songs by recording, for splits where a test song must have no twin in training
 * (`trainTestSplitIndices(n, { groups })`). Two songs are one recording when their feature
 * vectors are identical (a re-release under another track id: a third of the Kaggle rows), or
 * when both have a non-empty name and artists and those match (a remaster whose analysis
 * drifted). Groups are transitive (union-find), numbered by first appearance.
 *
 * @example
 * ```ts
 * const groups = recordingGroups(songs.map((s) => ({ features: FEATURE_NAMES.map((f) => s[f]), name: s.name, artist: s.artist })));
 * const { train, test } = trainTestSplitIndices(songs.length, { testSize: 0.2, groups, stratify: labels });
 * ```
 */
export function recordingGroups(songs: readonly RecordingSong[]): Int32Array {
  const n = songs.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    // The lower index is the root, so numbering follows first appearance.
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  };
  const byFeatures = new Map<string, number>();
  const byName = new Map<string, number>();
  songs.forEach((song, i) => {
    // Number → string round-trips exactly, so equal keys mean bit-identical values (−0 and 0 aside).
    const key = Array.from(song.features).join(',');
    const first = byFeatures.get(key);
    if (first === undefined) byFeatures.set(key, i);
    else union(first, i);
    const name = song.name?.trim().toLowerCase();
    const artist = song.artist?.trim().toLowerCase();
    if (name && artist) {
      const nameKey = `${name}\u0000${artist}`;
      const same = byName.get(nameKey);
      if (same === undefined) byName.set(nameKey, i);
      else union(same, i);
    }
  });
  const out = new Int32Array(n);
  const number = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let g = number.get(root);
    if (g === undefined) number.set(root, (g = number.size));
    out[i] = g;
  }
  return out;
}
