import { FeatureAccessDenied } from '../errors/access-errors.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { HttpStatusError, RateLimitedError, TokenRequestError, type SpotifyError } from '../errors/spotify-error.js';
import { getAudioFeaturesBatch, SPOTIFY_AUDIO_FEATURES_MAX_IDS } from '../client/audio-features.js';
import type { SpotifyClient } from '../client/spotify-client.js';
import { batchedLookup } from './batched-lookup.js';
import type { AudioFeaturesProvider } from './features-provider.js';
import { normaliseTrackIds } from '../ids/spotify-id.js';

/** Options of {@link spotifyFeaturesProvider}. */
export interface SpotifyFeaturesProviderOptions {
  /**
   * Provenance name.
   * @default 'spotify'
   */
  name?: string;
  /**
   * Ids per request, 1..100.
   * @default 100
   */
  batchSize?: number;
  /**
   * After one {@link FeatureAccessDenied}, answer later calls with the same error without
   * asking Spotify again (the restriction is per app, it does not lift by itself).
   * @default true
   */
  rememberDenial?: boolean;
}

/** Errors after which asking for further batches is pointless. */
export function isFatalSpotifyError(error: SpotifyError): boolean {
  return (
    error instanceof FeatureAccessDenied ||
    error instanceof RateLimitedError ||
    error instanceof TokenRequestError ||
    (error instanceof HttpStatusError && error.status === 401)
  );
}

/**
 * Audio features from Spotify's `/audio-features` (batches of 100). Works only for apps with
 * extended access granted before 2024-11-27; other apps get a {@link FeatureAccessDenied} in
 * `failed` (never thrown), so a fallback chain moves on to the next provider.
 *
 * @example
 * ```ts
 * const spotify = spotifyFeaturesProvider(createSpotifyClient({ token }));
 * const { features, failed } = await spotify.getFeatures(ids);
 * ```
 */
export function spotifyFeaturesProvider(client: SpotifyClient, options: SpotifyFeaturesProviderOptions = {}): AudioFeaturesProvider {
  const batchSize = options.batchSize ?? SPOTIFY_AUDIO_FEATURES_MAX_IDS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > SPOTIFY_AUDIO_FEATURES_MAX_IDS) {
    throw new InvalidOptionError('batchSize', `an integer from 1 to ${SPOTIFY_AUDIO_FEATURES_MAX_IDS}, got ${batchSize}`);
  }
  const rememberDenial = options.rememberDenial ?? true;
  let denied: FeatureAccessDenied | undefined;
  const name = options.name ?? 'spotify';
  return {
    name,
    async getFeatures(ids, { signal } = {}) {
      if (denied) {
        const { ids: valid, invalid } = normaliseTrackIds(ids);
        return { features: new Map(), notFound: [], failed: valid.length > 0 ? [{ ids: valid, error: denied }] : [], invalid };
      }
      const result = await batchedLookup(ids, {
        provider: name,
        batchSize,
        fetchBatch: (batch, s) => getAudioFeaturesBatch(client, batch, s),
        isFatal: isFatalSpotifyError,
        signal,
      });
      const denial = result.failed.find((f) => f.error instanceof FeatureAccessDenied)?.error;
      if (rememberDenial && denial instanceof FeatureAccessDenied) denied = denial;
      return result;
    },
  };
}
