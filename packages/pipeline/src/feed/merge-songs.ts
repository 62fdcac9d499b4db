import { songSchema, type Song } from '@msr/core';
import type { FeedBatch, FeedDrops, InvalidFeedRow } from './feed-source.js';

/** What {@link mergeSongs} did. */
export interface MergeResult extends FeedDrops {
  /** The base followed by the new songs it did not already hold. */
  merged: Song[];
  /** New songs added. */
  added: Song[];
}

/** Where one fed song goes: into the base, or dropped and why. */
export type SongVerdict =
  | { kind: 'new'; song: Song }
  | { kind: 'duplicate' }
  | { kind: 'other-genre' }
  | { kind: 'invalid'; reason: string; column: string; code: string };

/** The ingestion's problem code for a song-schema issue (see `checkCell`). */
function problemCode(zodCode: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'missing_value';
  if (zodCode === 'too_big' || zodCode === 'too_small') return 'out_of_range';
  return zodCode === 'invalid_type' ? 'wrong_type' : 'invalid_value';
}

/**
 * Sorts one fed song: invalid (fails the song schema: a missing or out-of-range feature), of an
 * unconfigured genre, already `seen` (in the base or earlier in the batch), or new — then it is
 * added to `seen`. The one rule both the merge and a source's census use, so their counts agree.
 */
export function judgeSong(song: unknown, seen: Set<string>, genres: ReadonlySet<string>): SongVerdict {
  const parsed = songSchema.safeParse(song);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const column = issue.path.join('.');
    const value = typeof song === 'object' && song !== null ? (song as Record<string, unknown>)[column] : undefined;
    return { kind: 'invalid', reason: `${column}: ${issue.message}`, column, code: problemCode(issue.code, value) };
  }
  if (!genres.has(parsed.data.genre)) return { kind: 'other-genre' };
  if (seen.has(parsed.data.uri)) return { kind: 'duplicate' };
  seen.add(parsed.data.uri);
  return { kind: 'new', song: parsed.data };
}

/**
 * Merges a fed batch into the base: drops songs with a uri already present (the base wins, as
 * the original's `drop_duplicates` on the concatenation), of unconfigured genres, or that fail
 * the song schema, and appends the rest. The counts include what the source itself dropped
 * (`batch.dropped`), so they describe everything the feed looked at.
 */
export function mergeSongs(base: readonly Song[], batch: Pick<FeedBatch, 'songs' | 'dropped'>, genres: readonly string[]): MergeResult {
  const seen = new Set(base.map((s) => s.uri));
  const wanted = new Set(genres);
  const added: Song[] = [];
  const invalid: InvalidFeedRow[] = [...(batch.dropped?.invalid ?? [])];
  let duplicates = batch.dropped?.duplicates ?? 0;
  let otherGenres = batch.dropped?.otherGenres ?? 0;
  for (const song of batch.songs) {
    const verdict = judgeSong(song, seen, wanted);
    if (verdict.kind === 'new') added.push(verdict.song);
    else if (verdict.kind === 'duplicate') duplicates++;
    else if (verdict.kind === 'other-genre') otherGenres++;
    else invalid.push({ uri: String((song as { uri?: unknown }).uri), reason: verdict.reason, column: verdict.column, code: verdict.code });
  }
  return { merged: [...base, ...added], added, duplicates, otherGenres, invalid };
}
