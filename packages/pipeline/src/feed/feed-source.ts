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

/** What a {@link FeedSource} found. */
export interface FeedBatch {
  /** New songs in the songs-base shape (uri = bare track id, genre, the nine features). */
  songs: readonly Song[];
  /** Candidates looked at, when the source knows (for the history). */
  fetched?: number;
}

/**
 * Where the feed gets new songs: `@msr/spotify`'s `collectNewSongs` over a track source and a
 * features provider, a drop folder of CSVs, or anything else that returns songs.
 */
export interface FeedSource {
  collect(request: FeedRequest): Promise<FeedBatch>;
}
