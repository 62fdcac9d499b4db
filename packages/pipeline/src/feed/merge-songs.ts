import { songSchema, type Song } from '@msr/core';

/** What {@link mergeSongs} did. */
export interface MergeResult {
  /** The base followed by the new songs it did not already hold. */
  merged: Song[];
  /** New songs added. */
  added: Song[];
  /** Songs dropped because their uri was already in the base or earlier in the batch. */
  duplicates: number;
  /** Songs dropped because their genre is not configured. */
  otherGenres: number;
  /** Songs dropped because a field was missing or out of range, with the reason. */
  invalid: { uri: string; reason: string }[];
}

/**
 * Merges fed songs into the base: drops those with a uri already present (the base wins, as
 * the original's `drop_duplicates` on the concatenation), of unconfigured genres, or that fail
 * the song schema (missing or out-of-range features), and appends the rest.
 */
export function mergeSongs(base: readonly Song[], incoming: readonly Song[], genres: readonly string[]): MergeResult {
  const seen = new Set(base.map((s) => s.uri));
  const wanted = new Set(genres);
  const added: Song[] = [];
  const invalid: { uri: string; reason: string }[] = [];
  let duplicates = 0;
  let otherGenres = 0;
  for (const song of incoming) {
    const parsed = songSchema.safeParse(song);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      invalid.push({ uri: String(song.uri), reason: `${issue.path.join('.')}: ${issue.message}` });
      continue;
    }
    if (!wanted.has(parsed.data.genre)) {
      otherGenres++;
      continue;
    }
    if (seen.has(parsed.data.uri)) {
      duplicates++;
      continue;
    }
    seen.add(parsed.data.uri);
    added.push(parsed.data);
  }
  return { merged: [...base, ...added], added, duplicates, otherGenres, invalid };
}
