import { collectNewSongs, type AudioFeaturesProvider, type FeedProgress, type TrackSource } from '@msr/spotify';
import type { FeedSource } from './feed-source.js';

/** Options of {@link spotifyFeedSource}. */
export interface SpotifyFeedSourceOptions {
  /** Where new tracks come from: Spotify search or recommendations, or a drop folder of CSVs (no account). */
  source: TrackSource;
  /** Features for candidates the source gives none for (a features chain: ReccoBeats, a dataset…). */
  features?: AudioFeaturesProvider;
  /** Candidates asked per genre. @default 20 (the original's) */
  perGenre?: number;
  /** Per-genre progress of the feed. */
  onProgress?: (event: FeedProgress) => void;
}

/**
 * The feed step over `@msr/spotify`'s `collectNewSongs`: asks `source` for new tracks of every
 * configured genre, skips uris already in the base, looks up missing features, and hands the
 * new songs to {@link runFeed} for merging.
 *
 * @example
 * ```ts
 * await runFeed({ rootDir, source: spotifyFeedSource({ source: dropFolderSource({ dir: 'data/new' }) }) });
 * ```
 */
export function spotifyFeedSource(options: SpotifyFeedSourceOptions): FeedSource {
  return {
    collect: async (request) => {
      const result = await collectNewSongs({
        genres: request.genres,
        source: options.source,
        knownIds: request.knownUris,
        ...(options.features ? { features: options.features } : {}),
        ...(options.perGenre !== undefined ? { perGenre: options.perGenre } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return { songs: result.songs, fetched: result.genres.reduce((n, g) => n + g.fetched, 0) };
    },
  };
}
