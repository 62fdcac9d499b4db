import { basename } from 'node:path';
import {
  clientCredentialsToken,
  createSpotifyClient,
  csvFeaturesProvider,
  reccoBeatsFeaturesProvider,
  spotifyFeaturesProvider,
  userToken,
  type AccessTokenProvider,
  type AudioFeaturesProvider,
  type FetchLike,
  type SpotifyClient,
} from '@msr/spotify';
import type { ServerConfig } from '../config/config.js';

/** The Spotify and feature settings of the server's configuration. */
export type SpotifySettings = ServerConfig['spotify'];
/** The extra feature providers of the server's configuration. */
export type FeatureSettings = ServerConfig['features'];

/**
 * The Spotify Web API client the configuration allows, or `undefined` when none is configured:
 * a signed-in user's token when `refreshToken` is given (renewed before it expires), else a
 * client-credentials token.
 */
export function spotifyClientOf(settings: SpotifySettings, io: { fetch?: FetchLike } = {}): SpotifyClient | undefined {
  const { clientId, clientSecret, refreshToken } = settings;
  if (clientId === undefined) return undefined;
  const accounts = { ...(settings.accountsBaseUrl ? { accountsBaseUrl: settings.accountsBaseUrl } : {}), ...io };
  let token: AccessTokenProvider;
  if (refreshToken !== undefined) {
    // No access token yet: an already-expired placeholder makes the first call refresh it.
    token = userToken({ clientId, ...(clientSecret ? { clientSecret } : {}), tokens: { accessToken: 'not-yet-issued', expiresAt: 0, refreshToken }, ...accounts });
  } else if (clientSecret !== undefined) {
    token = clientCredentialsToken({ clientId, clientSecret, ...accounts });
  } else {
    return undefined; // the config schema refuses this combination
  }
  return createSpotifyClient({ token, ...(settings.apiBaseUrl ? { apiBaseUrl: settings.apiBaseUrl } : {}), ...io });
}

/**
 * The configured feature providers, asked (in this order) for tracks the songs base does not
 * know: extra CSV files, Spotify's `/audio-features` (when enabled and a client exists), then
 * ReccoBeats (when enabled).
 */
export function extraFeatureProviders(features: FeatureSettings, spotify: SpotifySettings, client: SpotifyClient | undefined, io: { fetch?: FetchLike } = {}): AudioFeaturesProvider[] {
  const providers: AudioFeaturesProvider[] = features.csv.map((path, i) => csvFeaturesProvider({ path, name: `csv:${i + 1}:${basename(path)}` }));
  if (spotify.audioFeatures && client) providers.push(spotifyFeaturesProvider(client));
  if (features.reccoBeats) providers.push(reccoBeatsFeaturesProvider({ ...(features.reccoBeatsBaseUrl ? { baseUrl: features.reccoBeatsBaseUrl } : {}), ...io }));
  return providers;
}
