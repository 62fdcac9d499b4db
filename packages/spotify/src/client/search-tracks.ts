import { InvalidOptionError } from '../errors/input-errors.js';
import type { SpotifyClient } from './spotify-client.js';
import { summariseTrack, type TrackSummary } from './track-summary.js';
import { wireTrackSearch } from './wire-schemas.js';

/** Largest `limit` `/search` accepts since the 2026 changes (it was 50). */
export const SPOTIFY_SEARCH_PAGE_SIZE = 10;
/** Largest `offset` `/search` accepts. */
export const SPOTIFY_SEARCH_MAX_OFFSET = 1000;

/** Options of {@link searchTracks}. */
export interface SearchTracksOptions {
  /** The query, e.g. `genre:"hip-hop"` or `genre:"jazz" year:2024`. */
  query: string;
  /** How many tracks to collect (several pages of 10). */
  limit: number;
  /**
   * Where to start in the result list (0..1000); rotate it to get fresh tracks on each run.
   * @default 0
   */
  offset?: number;
  /** ISO 3166-1 market. */
  market?: string;
  signal?: AbortSignal;
}

/**
 * `GET /search?type=track`, 10 results a page, following `next` until `limit` tracks are
 * collected or the results (or the 1000 offset cap) run out. Open to every app.
 */
export async function searchTracks(client: SpotifyClient, options: SearchTracksOptions): Promise<TrackSummary[]> {
  const { limit, offset = 0 } = options;
  if (!options.query.trim()) throw new InvalidOptionError('query', 'must not be empty');
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidOptionError('limit', `a positive integer, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0 || offset > SPOTIFY_SEARCH_MAX_OFFSET) {
    throw new InvalidOptionError('offset', `an integer from 0 to ${SPOTIFY_SEARCH_MAX_OFFSET}, got ${offset}`);
  }
  const out: TrackSummary[] = [];
  const pages = client.paginate('/search', {
    query: { q: options.query, type: 'track', limit: Math.min(SPOTIFY_SEARCH_PAGE_SIZE, limit), offset, market: options.market },
    schema: wireTrackSearch,
    page: (body) => body.tracks,
    signal: options.signal,
  });
  for await (const items of pages) {
    for (const item of items) {
      const summary = summariseTrack(item);
      if (typeof summary !== 'string') out.push(summary);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
