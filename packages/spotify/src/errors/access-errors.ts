import { HttpStatusError, SpotifyError } from './spotify-error.js';

/**
 * Spotify answered 403 on `/audio-features`. Apps registered on or after 2024-11-27 (and apps
 * still in development mode without extended access granted earlier) cannot read audio
 * features at all; re-authenticating does not help.
 */
export class FeatureAccessDenied extends SpotifyError {
  override readonly name = 'FeatureAccessDenied';

  constructor(cause: HttpStatusError) {
    super(
      'ERR_SPOTIFY_FEATURES_DENIED',
      'Spotify refused /audio-features (403). Since 2024-11-27 only apps that were granted extended ' +
        'access before that date may read audio features; new and development-mode apps get 403. ' +
        'Use the ReccoBeats provider or a dataset lookup instead (see docs/guides/spotify.md).',
      { cause },
    );
  }
}

/**
 * Spotify answered 404 (or 403) on `/recommendations`: the endpoint is closed to apps without
 * extended access granted before 2024-11-27.
 */
export class RecommendationsUnavailable extends SpotifyError {
  override readonly name = 'RecommendationsUnavailable';

  constructor(cause: HttpStatusError) {
    super(
      'ERR_SPOTIFY_RECOMMENDATIONS_UNAVAILABLE',
      `Spotify answered ${cause.status} on /recommendations. Since 2024-11-27 the endpoint only ` +
        'works for apps that had extended access before that date. Feed new songs with the ' +
        'search source or a drop folder instead (see docs/guides/spotify.md).',
      { cause },
    );
  }
}

/** The kind of token a request used, which decides how an access refusal is explained. */
export type TokenKind = 'client-credentials' | 'user' | 'static';

/**
 * Spotify refused to list a playlist's contents (403). Under the 2026 development-mode rules a
 * playlist's items are readable only with a *user* token, and only for playlists that user owns
 * or collaborates on; a client-credentials token has no user and can read no playlist contents.
 */
export class PlaylistAccessDenied extends SpotifyError {
  override readonly name = 'PlaylistAccessDenied';
  /** The playlist that could not be read. */
  readonly playlistId: string;
  /** The kind of token that was refused. */
  readonly tokenKind: TokenKind;

  constructor(playlistId: string, tokenKind: TokenKind, cause: HttpStatusError) {
    const why =
      tokenKind === 'client-credentials'
        ? 'The request used a client-credentials token, which has no signed-in user: since the ' +
          'February/March 2026 Web API changes, development-mode apps can read playlist contents ' +
          'only with a user token (authorization code with PKCE), and only for playlists that user ' +
          'owns or collaborates on.'
        : 'Since the February/March 2026 Web API changes, development-mode apps can read playlist ' +
          'contents only for playlists the signed-in user owns or collaborates on.';
    super(
      'ERR_SPOTIFY_PLAYLIST_DENIED',
      `Spotify refused to list the items of playlist ${playlistId} (403). ${why} ` +
        'Copy the tracks into a playlist of your own, use an app with extended quota, or use a ' +
        'track list or MPD file instead (see docs/guides/spotify.md).',
      { cause },
    );
    this.playlistId = playlistId;
    this.tokenKind = tokenKind;
  }
}

/** Spotify answered 404 for the playlist itself: the id does not exist or is not visible. */
export class PlaylistNotFound extends SpotifyError {
  override readonly name = 'PlaylistNotFound';
  /** The playlist that was not found. */
  readonly playlistId: string;

  constructor(playlistId: string, cause?: HttpStatusError) {
    super('ERR_SPOTIFY_PLAYLIST_NOT_FOUND', `Playlist ${playlistId} was not found (404)`, { cause });
    this.playlistId = playlistId;
  }
}
