/**
 * `@msr/spotify` — playlists, audio features and new songs for msr, honest about what today's
 * Spotify Web API still allows:
 *
 * - a small Web API client on ofetch ({@link createSpotifyClient}) with client-credentials and
 *   user tokens (PKCE helpers), token refresh, one refresh-and-retry on 401, `Retry-After` on
 *   429, backoff on 5xx and pagination;
 * - playlist references ({@link parsePlaylistReference}) and {@link PlaylistSource}s (Spotify with
 *   a user token, an MPD-format file, a plain track list, an existing `@spotify/web-api-ts-sdk`
 *   instance);
 * - {@link AudioFeaturesProvider}s (Spotify's legacy `/audio-features`, ReccoBeats, a dataset)
 *   and a fallback chain with per-track provenance;
 * - the signed-in user's side: {@link getCurrentUser}, {@link listUserPlaylists} and
 *   {@link savePlaylist} (a private playlist, items added 100 at a time, undone on failure);
 * - the feed ({@link collectNewSongs}) with {@link TrackSource}s (recommendations, search, a drop
 *   folder of CSVs).
 *
 * Entry points for the server and the pipeline: {@link resolvePlaylist} and
 * {@link collectNewSongs}. See `docs/guides/spotify.md` for what works with which kind of app.
 *
 * @module
 */
export * from './errors/spotify-error.js';
export * from './errors/access-errors.js';
export * from './errors/input-errors.js';
export * from './errors/save-errors.js';
export * from './http/io.js';
export { parseRetryAfter } from '@msr/io/http';
export * from './http/http-client.js';
export * from './auth/token-provider.js';
export * from './auth/token-endpoint.js';
export * from './auth/client-credentials.js';
export * from './auth/user-token.js';
export * from './auth/pkce.js';
export * from './ids/spotify-id.js';
export * from './client/spotify-client.js';
export * from './client/track-summary.js';
export * from './client/playlist-tracks.js';
export * from './client/audio-features.js';
export * from './client/recommendations.js';
export * from './client/search-tracks.js';
export * from './client/current-user.js';
export * from './client/user-playlists.js';
export * from './client/save-playlist.js';
export * from './playlist/playlist-reference.js';
export * from './playlist/playlist-source.js';
export * from './playlist/spotify-playlist-source.js';
export * from './playlist/mpd-playlist-source.js';
export * from './playlist/track-list-source.js';
export * from './playlist/sdk-adapter.js';
export * from './features/features-provider.js';
export * from './features/spotify-features-provider.js';
export * from './features/reccobeats-features-provider.js';
export * from './features/dataset-features-provider.js';
export * from './features/features-chain.js';
export * from './csv/songs-csv.js';
export * from './feed/track-source.js';
export * from './feed/spotify-track-sources.js';
export * from './feed/drop-folder-source.js';
export * from './feed/collect-new-songs.js';
export * from './resolve/resolve-playlist.js';
