import { PLAYLIST_READ_SCOPES } from '../auth/pkce.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { PlaylistSaveError } from '../errors/save-errors.js';
import { chunk, isSpotifyId } from '../ids/spotify-id.js';
import type { SpotifyClient } from './spotify-client.js';
import { wireCreatedPlaylist, wireSnapshot } from './account-wire-schemas.js';
import { anyBody } from './wire-schemas.js';

/** Scopes of "Sign in with Spotify" that reads the user's playlists and saves private ones. */
export const PLAYLIST_SAVE_SCOPES: readonly string[] = [...PLAYLIST_READ_SCOPES, 'playlist-modify-private'];

/** Most items one `POST /playlists/{id}/items` takes (the spec's limit). */
export const ADD_ITEMS_PAGE = 100;
/** Most items a Spotify playlist holds. */
export const MAX_PLAYLIST_ITEMS = 10_000;

/** Options of {@link savePlaylist}. */
export interface SavePlaylistOptions {
  /** The new playlist's name, 1..100 characters. */
  name: string;
  /** Shown under the name in Spotify. */
  description?: string;
  /** Bare track ids, in order; at most {@link MAX_PLAYLIST_ITEMS}. */
  trackIds: readonly string[];
  /**
   * Make it public. Private needs the `playlist-modify-private` scope.
   * @default false
   */
  public?: boolean;
  /** Called after each page of items is added, with the count so far. */
  onProgress?: (added: number, total: number) => void;
  signal?: AbortSignal;
}

/** A playlist {@link savePlaylist} made. */
export interface SavedPlaylist {
  readonly id: string;
  readonly name: string;
  /** `https://open.spotify.com/playlist/ID` */
  readonly url: string;
  /** Items added. */
  readonly added: number;
}

function checkSave(options: SavePlaylistOptions): void {
  const name = options.name?.trim() ?? '';
  if (name.length === 0 || name.length > 100) throw new InvalidOptionError('name', `must be 1 to 100 characters, got ${name.length}`);
  if (options.trackIds.length > MAX_PLAYLIST_ITEMS) throw new InvalidOptionError('trackIds', `a playlist holds at most ${MAX_PLAYLIST_ITEMS} items, got ${options.trackIds.length}`);
  const bad = options.trackIds.findIndex((id) => !isSpotifyId(id));
  if (bad >= 0) throw new InvalidOptionError(`trackIds[${bad}]`, `not a track id: ${JSON.stringify(options.trackIds[bad])}`);
}

/**
 * Adds tracks to a playlist the user may modify: `POST /playlists/{id}/items` with at most
 * {@link ADD_ITEMS_PAGE} URIs per request, in order. A 429 is waited out within the client's
 * retry policy; a 5xx is not repeated (the items could be added twice). Returns the count added.
 *
 * @example
 * ```ts
 * await addPlaylistItems(client, playlistId, ids);
 * ```
 */
export async function addPlaylistItems(
  client: SpotifyClient,
  playlistId: string,
  trackIds: readonly string[],
  options: { signal?: AbortSignal; onProgress?: (added: number, total: number) => void } = {},
): Promise<number> {
  let added = 0;
  for (const page of chunk(trackIds, ADD_ITEMS_PAGE)) {
    await client.send('POST', `/playlists/${encodeURIComponent(playlistId)}/items`, {
      json: { uris: page.map((id) => `spotify:track:${id}`) },
      schema: wireSnapshot,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    added += page.length;
    options.onProgress?.(added, trackIds.length);
  }
  return added;
}

/**
 * Creates a playlist in the signed-in user's library (`POST /me/playlists`, private unless
 * `public`) and adds the tracks in pages of 100. If adding fails, the half-filled playlist is
 * removed again (`DELETE /playlists/{id}/followers`) and a {@link PlaylistSaveError} says how far
 * it got: the user never finds a playlist that looks saved but is not.
 *
 * @example
 * ```ts
 * const saved = await savePlaylist(client, { name: 'msr: like my jazz', trackIds });
 * console.log(saved.url);
 * ```
 */
export async function savePlaylist(client: SpotifyClient, options: SavePlaylistOptions): Promise<SavedPlaylist> {
  checkSave(options);
  const signal = options.signal ? { signal: options.signal } : {};
  const created = await client.send('POST', '/me/playlists', {
    json: { name: options.name.trim(), public: options.public ?? false, ...(options.description ? { description: options.description } : {}) },
    schema: wireCreatedPlaylist,
    ...signal,
  });
  let added = 0;
  try {
    added = await addPlaylistItems(client, created.id, options.trackIds, {
      ...signal,
      onProgress: (n, total) => {
        added = n;
        options.onProgress?.(n, total);
      },
    });
  } catch (error) {
    let removed = false;
    try {
      // Not with the caller's signal: an aborted save must still be undone.
      await client.send('DELETE', `/playlists/${encodeURIComponent(created.id)}/followers`, { schema: anyBody });
      removed = true;
    } catch {
      // Reported through `removed`: the message tells the user the playlist is left over.
    }
    throw new PlaylistSaveError(created.id, added, options.trackIds.length, removed, error);
  }
  return { id: created.id, name: created.name ?? options.name.trim(), url: `https://open.spotify.com/playlist/${created.id}`, added };
}
