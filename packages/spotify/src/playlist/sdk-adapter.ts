import type { AccessTokenProvider } from '../auth/token-provider.js';
import { createSpotifyClient, type SpotifyClientOptions } from '../client/spotify-client.js';
import type { TokenKind } from '../errors/access-errors.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { TokenRequestError } from '../errors/spotify-error.js';
import type { PlaylistSource } from './playlist-source.js';
import { spotifyPlaylistSource, type SpotifyPlaylistSourceOptions } from './spotify-playlist-source.js';

/** An access token as `@spotify/web-api-ts-sdk` holds it. */
export interface SdkAccessToken {
  readonly access_token: string;
  /** Epoch milliseconds, when the SDK knows it. */
  readonly expires?: number | undefined;
}

/**
 * The part of an `@spotify/web-api-ts-sdk` `SpotifyApi` instance the adapter uses — typed
 * structurally, so this package does not depend on the SDK.
 */
export interface SpotifySdkLike {
  /** Returns the current token, letting the SDK's strategy refresh it if expired. */
  authenticate(): Promise<{ authenticated: boolean; accessToken: SdkAccessToken }>;
}

/**
 * Borrows the tokens of an existing SDK instance (e.g. the one a web app uses for user login):
 * the SDK keeps doing sign-in and renewal, our client does the requests (429 handling,
 * `/items`, pagination, validation). The SDK cannot renew on demand, so a 401 is final.
 */
export function sdkTokenProvider(sdk: SpotifySdkLike, options: { kind?: TokenKind } = {}): AccessTokenProvider {
  if (typeof sdk?.authenticate !== 'function') throw new InvalidOptionError('sdk', 'expected a SpotifyApi instance (with authenticate())');
  return {
    kind: options.kind ?? 'user',
    async getToken() {
      const { accessToken } = await sdk.authenticate();
      if (!accessToken?.access_token) throw new TokenRequestError('The Spotify SDK instance has no access token: the user is not signed in');
      return accessToken.access_token;
    },
    invalidate: () => false,
  };
}

/** Options of {@link playlistSourceFromSdk}. */
export type SdkPlaylistSourceOptions = Omit<SpotifyClientOptions, 'token'> &
  SpotifyPlaylistSourceOptions & {
    /**
     * The kind of token the SDK holds (`'client-credentials'` for `SpotifyApi.withClientCredentials`).
     * @default 'user'
     */
    tokenKind?: TokenKind;
  };

/**
 * Turns an existing `@spotify/web-api-ts-sdk` instance into a {@link PlaylistSource}. The SDK
 * itself is unmaintained (hard-coded base URL, no 429 handling, still calls
 * `/playlists/{id}/tracks`), so only its login/token is used; see
 * docs/decisions/0400-spotify-web-api-ts-sdk.md.
 *
 * @example
 * ```ts
 * import { SpotifyApi } from '@spotify/web-api-ts-sdk';
 * const sdk = SpotifyApi.withAccessToken(clientId, tokenFromBrowser);
 * const source = playlistSourceFromSdk(sdk);
 * const playlist = await source.load(parsePlaylistReference(url));
 * ```
 */
export function playlistSourceFromSdk(sdk: SpotifySdkLike, options: SdkPlaylistSourceOptions = {}): PlaylistSource {
  const { tokenKind, name, fallbackToTracks, market, ...clientOptions } = options;
  const client = createSpotifyClient({ ...clientOptions, token: sdkTokenProvider(sdk, { kind: tokenKind ?? 'user' }) });
  return spotifyPlaylistSource(client, { name: name ?? 'spotify-sdk', fallbackToTracks, market });
}
