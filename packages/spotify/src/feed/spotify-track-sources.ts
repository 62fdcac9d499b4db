import { getRecommendations } from '../client/recommendations.js';
import { searchTracks, SPOTIFY_SEARCH_MAX_OFFSET } from '../client/search-tracks.js';
import type { SpotifyClient } from '../client/spotify-client.js';
import type { TrackSource } from './track-source.js';

/**
 * New tracks from `GET /recommendations?seed_genres=<genre>` — what the original feed did. Only
 * apps with extended access granted before 2024-11-27 still have it; others get
 * {@link RecommendationsUnavailable}.
 *
 * @example
 * ```ts
 * const source = spotifyRecommendationsSource(createSpotifyClient({ token: clientCredentialsToken({ clientId, clientSecret }) }));
 * ```
 */
export function spotifyRecommendationsSource(client: SpotifyClient, options: { market?: string; name?: string } = {}): TrackSource {
  return {
    name: options.name ?? 'spotify-recommendations',
    async fetchTracks(genre, { limit, signal }) {
      const tracks = await getRecommendations(client, { seedGenres: [genre], limit: Math.min(100, limit), market: options.market, signal });
      return tracks.map((t) => ({ ...t, genre }));
    },
  };
}

/** Options of {@link spotifySearchSource}. */
export interface SpotifySearchSourceOptions {
  /**
   * The search query for a genre.
   * @default (genre) => `genre:"${genre}"`
   */
  query?: (genre: string) => string;
  /**
   * Where to start in the results for a genre (0..1000). Rotate it between runs (e.g. from the
   * run number) or every run sees the same first results.
   * @default () => 0
   */
  offset?: (genre: string) => number;
  /** ISO 3166-1 market. */
  market?: string;
  /**
   * Source name.
   * @default 'spotify-search'
   */
  name?: string;
}

/**
 * New tracks from `GET /search?q=genre:"<genre>"&type=track` — open to every app, including
 * client-credentials tokens of new apps. The genre filter matches the *artist's* genres, so
 * labels are approximate.
 *
 * @example
 * ```ts
 * const source = spotifySearchSource(client, { offset: () => (runNumber * 20) % 1000 });
 * ```
 */
export function spotifySearchSource(client: SpotifyClient, options: SpotifySearchSourceOptions = {}): TrackSource {
  const query = options.query ?? ((genre: string) => `genre:"${genre}"`);
  const offset = options.offset ?? (() => 0);
  return {
    name: options.name ?? 'spotify-search',
    async fetchTracks(genre, { limit, signal }) {
      const start = Math.min(SPOTIFY_SEARCH_MAX_OFFSET, Math.max(0, Math.floor(offset(genre))));
      const tracks = await searchTracks(client, { query: query(genre), limit, offset: start, market: options.market, signal });
      return tracks.map((t) => ({ ...t, genre }));
    },
  };
}
