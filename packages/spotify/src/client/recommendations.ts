import { RecommendationsUnavailable } from '../errors/access-errors.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { HttpStatusError } from '../errors/spotify-error.js';
import type { SpotifyClient } from './spotify-client.js';
import { summariseTrack, type TrackSummary } from './track-summary.js';
import { wireRecommendations } from './wire-schemas.js';

/** Options of {@link getRecommendations}. */
export interface RecommendationsOptions {
  /** Genre seeds (Spotify's seed names, e.g. `r-n-b`, `hip-hop`); 1 to 5. */
  seedGenres: readonly string[];
  /**
   * Tracks wanted, 1..100.
   * @default 20
   */
  limit?: number;
  /** ISO 3166-1 market. */
  market?: string;
  signal?: AbortSignal;
}

/**
 * `GET /recommendations?seed_genres=…`, what the original feed called. Closed to apps without
 * extended access since 2024-11-27: a 404 or 403 becomes {@link RecommendationsUnavailable}.
 */
export async function getRecommendations(client: SpotifyClient, options: RecommendationsOptions): Promise<TrackSummary[]> {
  const { seedGenres, limit = 20 } = options;
  if (seedGenres.length < 1 || seedGenres.length > 5) throw new InvalidOptionError('seedGenres', `1 to 5 seeds, got ${seedGenres.length}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidOptionError('limit', `an integer from 1 to 100, got ${limit}`);
  try {
    const body = await client.get('/recommendations', {
      query: { seed_genres: seedGenres.join(','), limit, market: options.market },
      schema: wireRecommendations,
      signal: options.signal,
    });
    return body.tracks.map(summariseTrack).filter((t): t is TrackSummary => typeof t !== 'string');
  } catch (error) {
    if (error instanceof HttpStatusError && (error.status === 404 || error.status === 403)) throw new RecommendationsUnavailable(error);
    throw error;
  }
}
