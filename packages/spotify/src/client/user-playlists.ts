import { InvalidOptionError } from '../errors/input-errors.js';
import type { SpotifyClient } from './spotify-client.js';
import { wirePlaylistsPage } from './account-wire-schemas.js';

/** One playlist of the user's library. */
export interface UserPlaylist {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly ownerName: string | undefined;
  readonly collaborative: boolean;
  /** Number of entries, when Spotify says. */
  readonly total: number | undefined;
  /**
   * Whether a user token may read its items under the 2026 rules: the user owns it or it is
   * collaborative. Followed playlists of others are listed but not readable.
   */
  readonly readable: boolean;
}

/** One page of {@link listUserPlaylists}. */
export interface UserPlaylistsPage {
  readonly items: UserPlaylist[];
  /** Entries in the whole library (followed ones included). */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Offset of the next page, `undefined` on the last one. */
  readonly nextOffset: number | undefined;
}

/** Options of {@link listUserPlaylists}. */
export interface UserPlaylistsOptions {
  /** The signed-in user's id (`getCurrentUser`), to tell owned playlists from followed ones. */
  userId: string;
  /**
   * Index of the first playlist, 0..100000 (Spotify's limit).
   * @default 0
   */
  offset?: number;
  /**
   * Playlists per page, 1..50.
   * @default 20
   */
  limit?: number;
  signal?: AbortSignal;
}

/**
 * One page of the signed-in user's playlists (`GET /me/playlists`), each marked `readable` when
 * the user owns it or it is collaborative — the only playlists whose items a development-mode
 * app may read since 2026.
 *
 * @example
 * ```ts
 * const page = await listUserPlaylists(client, { userId: me.id, offset: 0 });
 * const mine = page.items.filter((p) => p.readable);
 * ```
 */
export async function listUserPlaylists(client: SpotifyClient, options: UserPlaylistsOptions): Promise<UserPlaylistsPage> {
  const offset = options.offset ?? 0;
  const limit = options.limit ?? 20;
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw new InvalidOptionError('offset', `must be an integer from 0 to 100000, got ${offset}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new InvalidOptionError('limit', `must be an integer from 1 to 50, got ${limit}`);
  const body = await client.get('/me/playlists', { query: { offset, limit }, schema: wirePlaylistsPage, ...(options.signal ? { signal: options.signal } : {}) });
  const items: UserPlaylist[] = [];
  for (const p of body.items) {
    if (p === null) continue;
    const collaborative = p.collaborative ?? false;
    items.push({
      id: p.id,
      name: p.name,
      ownerId: p.owner.id,
      ownerName: p.owner.display_name ?? undefined,
      collaborative,
      total: p.items?.total ?? p.tracks?.total ?? undefined,
      readable: p.owner.id === options.userId || collaborative,
    });
  }
  return { items, total: body.total ?? offset + body.items.length, offset, limit, nextOffset: body.next === null ? undefined : offset + limit };
}
