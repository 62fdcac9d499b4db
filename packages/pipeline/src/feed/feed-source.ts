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

/** Fed songs that were not added, by reason. */
export interface FeedDrops {
  /** Already in the base, or earlier in the batch. */
  duplicates: number;
  /** Of a genre that is not configured. */
  otherGenres: number;
  /** A missing or out-of-range field, a bad id, no features; `uri` may be `file:line` when the id itself was bad. */
  invalid: { uri: string; reason: string }[];
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
