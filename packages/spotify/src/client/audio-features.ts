import type { AudioFeatures } from '@msr/core';
import { FeatureAccessDenied } from '../errors/access-errors.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { HttpStatusError } from '../errors/spotify-error.js';
import type { SpotifyClient } from './spotify-client.js';
import { wireAudioFeaturesList } from './wire-schemas.js';
import { pickFeatures } from '../features/pick-features.js';

/** Most ids `GET /audio-features` takes per request. */
export const SPOTIFY_AUDIO_FEATURES_MAX_IDS = 100;

/**
 * One `GET /audio-features?ids=` call for at most 100 distinct ids. Returns the features Spotify
 * knows; ids it answers `null` for are absent from the map. A 403 becomes
 * {@link FeatureAccessDenied}.
 */
export async function getAudioFeaturesBatch(client: SpotifyClient, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, AudioFeatures>> {
  if (ids.length > SPOTIFY_AUDIO_FEATURES_MAX_IDS) {
    throw new InvalidOptionError('ids', `at most ${SPOTIFY_AUDIO_FEATURES_MAX_IDS} per request, got ${ids.length}`);
  }
  const found = new Map<string, AudioFeatures>();
  if (ids.length === 0) return found;
  try {
    const body = await client.get('/audio-features', { query: { ids: ids.join(',') }, schema: wireAudioFeaturesList, signal });
    const wanted = new Set(ids);
    for (const entry of body.audio_features) {
      if (entry && wanted.has(entry.id)) found.set(entry.id, pickFeatures(entry));
    }
    return found;
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 403) throw new FeatureAccessDenied(error);
    throw error;
  }
}
