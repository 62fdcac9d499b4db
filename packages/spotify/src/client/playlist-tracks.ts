import { PlaylistAccessDenied, PlaylistNotFound } from '../errors/access-errors.js';
import { HttpStatusError } from '../errors/spotify-error.js';
import type { SpotifyClient } from './spotify-client.js';
import { summariseTrack, type SkipReason, type TrackSummary } from './track-summary.js';
import { paging, wirePlaylist, wirePlaylistItem } from './wire-schemas.js';

/** A playlist's usable tracks, plus what was skipped and why. */
export interface SpotifyPlaylistContents {
  readonly id: string;
  readonly name: string | undefined;
  /** Tracks in playlist order (duplicates kept: a playlist may list a song twice). */
  readonly tracks: TrackSummary[];
  /** Entries that gave no track (local files, episodes, unavailable tracks), by position. */
  readonly skipped: { position: number; reason: SkipReason }[];
  /** Which endpoint listed the items: `/items` (2026) or the older `/tracks`. */
  readonly endpoint: 'items' | 'tracks';
  /** Set when `maxTracks` stopped the reading early: the entries the playlist has in all. */
  readonly truncated?: { readonly total: number | undefined };
}

/** Options of {@link getPlaylistTracks}. */
export interface PlaylistTracksOptions {
  /**
   * When `/items` answers 403 or 404, try the pre-2026 `/tracks` endpoint (extended-quota apps
   * and older servers still serve it).
   * @default true
   */
  fallbackToTracks?: boolean;
  /** ISO 3166-1 market, for track relinking. */
  market?: string;
  /**
   * Stop reading after this many usable tracks (a 10,000-track playlist is 200 requests); the
   * result then says `truncated` with the playlist's total.
   * @default Infinity
   */
  maxTracks?: number;
  signal?: AbortSignal;
}

const itemsPage = paging(wirePlaylistItem);

/**
 * Reads a playlist's name and tracks: `GET /playlists/{id}` for the name, then
 * `GET /playlists/{id}/items` 50 at a time following `next`, falling back to `/tracks` (100 at a
 * time) when `/items` is refused or missing.
 *
 * Throws {@link PlaylistNotFound} (404 on the playlist) and {@link PlaylistAccessDenied} (403 on
 * its contents, explained for the token kind used).
 *
 * @example
 * ```ts
 * const { name, tracks } = await getPlaylistTracks(client, '3cEYpjA9oz9GiPac4AsH4n');
 * ```
 */
export async function getPlaylistTracks(client: SpotifyClient, playlistId: string, options: PlaylistTracksOptions = {}): Promise<SpotifyPlaylistContents> {
  const { signal, market } = options;
  let name: string | undefined;
  try {
    name = (await client.get(`/playlists/${playlistId}`, { query: { fields: 'id,name', market }, schema: wirePlaylist, signal })).name;
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 404) throw new PlaylistNotFound(playlistId, error);
    if (error instanceof HttpStatusError && error.status === 403) throw new PlaylistAccessDenied(playlistId, client.tokenKind, error);
    throw error;
  }

  const read = async (endpoint: 'items' | 'tracks'): Promise<SpotifyPlaylistContents> => {
    const tracks: TrackSummary[] = [];
    const skipped: { position: number; reason: SkipReason }[] = [];
    let position = 0;
    let total: number | undefined;
    const maxTracks = options.maxTracks ?? Infinity;
    const pages = client.paginate(`/playlists/${playlistId}/${endpoint}`, {
      query: { limit: endpoint === 'items' ? 50 : 100, market, additional_types: 'track' },
      schema: itemsPage,
      page: (body) => ({ items: [{ items: body.items, total: body.total }], next: body.next }),
      signal,
    });
    for await (const [page] of pages) {
      const { items, total: all } = page!;
      total = all ?? total;
      for (const entry of items) {
        const summary = summariseTrack(entry.item ?? entry.track);
        if (typeof summary === 'string') skipped.push({ position, reason: entry.is_local ? 'local-file' : summary });
        else tracks.push(summary);
        position++;
        if (tracks.length >= maxTracks) {
          // Leaving the loop ends the generator: no further page is asked for.
          return position < (total ?? Infinity) ? { id: playlistId, name, tracks, skipped, endpoint, truncated: { total } } : { id: playlistId, name, tracks, skipped, endpoint };
        }
      }
    }
    return { id: playlistId, name, tracks, skipped, endpoint };
  };

  try {
    return await read('items');
  } catch (error) {
    if (!(error instanceof HttpStatusError) || (error.status !== 403 && error.status !== 404)) throw error;
    if (options.fallbackToTracks ?? true) {
      try {
        return await read('tracks');
      } catch (fallback) {
        if (!(fallback instanceof HttpStatusError) || fallback.status >= 500 || fallback.status === 429) throw fallback;
        // The fallback is gone too (2026 rules): report the first, more telling, refusal.
      }
    }
    if (error.status === 403) throw new PlaylistAccessDenied(playlistId, client.tokenKind, error);
    throw new PlaylistNotFound(playlistId, error);
  }
}
