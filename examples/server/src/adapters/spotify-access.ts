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
import { RefreshTokenFile } from '../services/spotify-refresh-token-file.js';

/** The Spotify and feature settings of the server's configuration. */
export type SpotifySettings = ServerConfig['spotify'];
/** The extra feature providers of the server's configuration. */
export type FeatureSettings = ServerConfig['features'];

/** Hooks of {@link spotifyClientOf}. */
export interface SpotifyClientHooks {
  /**
   * Told when a rotated refresh token could not be saved to `refreshTokenFile`; the new token
   * is still used by this process. @default rethrows (the call that refreshed fails)
   */
  onTokenSaveError?: (error: unknown) => void;
}

/**
 * The Spotify Web API client the configuration allows, or `undefined` when none is configured:
 * a signed-in user's token when `refreshToken` is given (renewed before it expires; a token
 * Spotify rotates is kept in `refreshTokenFile` and read from there before each refresh, so a
 * restart or the feed's worker process never sends a rotated-out one), else a
 * client-credentials token.
 */
export function spotifyClientOf(
  settings: SpotifySettings,
  io: { fetch?: FetchLike } = {},
  policy: SpotifyWaitPolicy = BACKGROUND,
  hooks: SpotifyClientHooks = {},
): SpotifyClient | undefined {
  const { clientId, clientSecret, refreshToken } = settings;
  if (clientId === undefined) return undefined;
  const accounts = { ...(settings.accountsBaseUrl ? { accountsBaseUrl: settings.accountsBaseUrl } : {}), ...io };
  let token: AccessTokenProvider;
  if (refreshToken !== undefined) {
    // No access token yet: an already-expired placeholder makes the first call refresh it.
    const file = new RefreshTokenFile(settings.refreshTokenFile, refreshToken);
    const onSaveError =
      hooks.onTokenSaveError ??
      ((error: unknown) => {
        throw error;
      });
    token = userToken({
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      tokens: { accessToken: 'not-yet-issued', expiresAt: 0, refreshToken },
      loadRefreshToken: () => file.load(),
      onRefresh: (tokens) => (tokens.refreshToken === undefined ? undefined : file.save(tokens.refreshToken).catch(onSaveError)),
      ...accounts,
    });
  } else if (clientSecret !== undefined) {
    token = clientCredentialsToken({ clientId, clientSecret, ...accounts });
  } else {
    return undefined; // the config schema refuses this combination
  }
  return createSpotifyClient({
    token,
    ...(settings.apiBaseUrl ? { apiBaseUrl: settings.apiBaseUrl } : {}),
    ...(policy.retry ? { retry: policy.retry } : {}),
    ...(policy.totalTimeoutMs ? { totalTimeoutMs: policy.totalTimeoutMs, timeoutMs: Math.min(30_000, policy.totalTimeoutMs) } : {}),
    ...io,
  });
}

/** How long a Spotify call may wait on 429s and retries. */
export interface SpotifyWaitPolicy {
  retry?: { maxRetries: number; maxRetryAfterMs: number; backoffMaxMs: number };
  totalTimeoutMs?: number;
}

/** The feed in the worker: nobody waits on it, so the client's own patient defaults (`Retry-After` up to 120 s). */
export const BACKGROUND: SpotifyWaitPolicy = {};

/**
 * A person's request (a playlist link): a short budget — wait out a `Retry-After` of a few
 * seconds, never more; beyond it the request fails at once and the server answers 503 with
 * Spotify's `Retry-After`, rather than holding the person's connection for up to two minutes.
 */
export function interactivePolicy(budgetMs: number): SpotifyWaitPolicy {
  return { retry: { maxRetries: 2, maxRetryAfterMs: budgetMs, backoffMaxMs: budgetMs }, totalTimeoutMs: Math.max(budgetMs * 2, 5_000) };
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
