import { getPlaylistTracks, type PlaylistTracksOptions } from '../client/playlist-tracks.js';
import type { SpotifyClient } from '../client/spotify-client.js';
import { assertKind, type PlaylistSource } from './playlist-source.js';

/** Options of {@link spotifyPlaylistSource}. */
export interface SpotifyPlaylistSourceOptions extends Pick<PlaylistTracksOptions, 'fallbackToTracks' | 'market'> {
  /**
   * Source name.
   * @default 'spotify'
   */
  name?: string;
}

/**
 * Loads Spotify playlists through the Web API. Under the 2026 rules the client needs a *user*
 * token ({@link userToken}) and the playlist must be the user's own or collaborative; otherwise
 * `load` throws {@link PlaylistAccessDenied} explaining why.
 *
 * @example
 * ```ts
 * const source = spotifyPlaylistSource(createSpotifyClient({ token: userToken({ clientId, tokens }) }));
 * const playlist = await source.load({ kind: 'spotify', id });
 * ```
 */
export function spotifyPlaylistSource(client: SpotifyClient, options: SpotifyPlaylistSourceOptions = {}): PlaylistSource {
  const name = options.name ?? 'spotify';
  return {
    name,
    kinds: ['spotify'],
    async load(reference, { signal } = {}) {
      assertKind(name, reference, 'spotify');
      const contents = await getPlaylistTracks(client, reference.id, { ...options, signal });
      return { reference, source: name, name: contents.name, tracks: contents.tracks, skipped: contents.skipped };
    },
  };
}
