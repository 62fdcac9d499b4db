import type { Song } from '@msr/core';

/** What a {@link FeedSource} is asked for. */
export interface FeedRequest {
  /** The configured genres, in order. */
  genres: readonly string[];
  /** Uris already in the songs base; a source should not return them (they are dropped anyway). */
  knownUris: ReadonlySet<string>;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** A fed song or row that cannot join the songs base, and where it came from when the source knows. */
export interface InvalidFeedRow {
  /** The song's uri, or `file:line` when the id itself was bad. */
  uri: string;
  /** What is wrong, without the location (`energy: Too big: …`). */
  reason: string;
  /** The file it was read from (a drop folder's CSV, by name). */
  file?: string;
  /** Its 1-based line in that file. */
  line?: number;
  /** The field at fault (`energy`, `uri`, …), when known. */
  column?: string;
  /** What was wrong, as the ingestion's quarantine names it (`out_of_range`, `wrong_type`, `missing_value`, `invalid_row`). */
  code?: string;
}

/** Fed songs that were not added, by reason. */
export interface FeedDrops {
  /** Already in the base, or earlier in the batch. */
  duplicates: number;
  /** Of a genre that is not configured. */
  otherGenres: number;
  /** A missing or out-of-range field, a bad id, no features; `uri` may be `file:line` when the id itself was bad. */
  invalid: InvalidFeedRow[];
}

/** What a {@link FeedSource} found. */
export interface FeedBatch {
  /** New songs in the songs-base shape (uri = bare track id, genre, the nine features). */
  songs: readonly Song[];
  /** Candidates looked at, when the source knows (for the history). */
  fetched?: number;
  /** Candidates the source itself left out (a source that reads everything can count them); added to the merge's counts. */
  dropped?: FeedDrops;
  /** New, valid songs held back for a later run by a per-genre limit. */
  deferred?: number;
}

/**
 * Where the feed gets new songs: `@msr/spotify`'s `collectNewSongs` over a track source and a
 * features provider, a drop folder of CSVs, or anything else that returns songs.
 */
export interface FeedSource {
  collect(request: FeedRequest): Promise<FeedBatch>;
}
