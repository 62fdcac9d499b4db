import type { AudioFeatures } from '@msr/core';
import type { InvalidTrackId } from '../errors/input-errors.js';
import type { SpotifyError } from '../errors/spotify-error.js';

/** Ids a provider could not answer for, and the error that stopped it. */
export interface FailedLookup {
  readonly ids: string[];
  readonly error: SpotifyError;
}

/**
 * What a provider answered. Every requested (valid, deduplicated) id is in exactly one of
 * `features`, `notFound` or one `failed` entry; invalid inputs are in `invalid`.
 */
export interface FeaturesLookup {
  /** Features by bare track id. */
  readonly features: Map<string, AudioFeatures>;
  /** The provider answered and does not know these tracks. */
  readonly notFound: string[];
  /** The provider could not answer for these (access denied, rate limited, server error…). */
  readonly failed: FailedLookup[];
  /** Inputs that were not track ids. */
  readonly invalid: InvalidTrackId[];
}

/**
 * A source of audio features for Spotify track ids: Spotify itself (legacy access), ReccoBeats,
 * a dataset. Implementations never throw for I/O failures — they report them in `failed` and
 * keep every answer already received.
 */
export interface AudioFeaturesProvider {
  /** Short name reported as each track's provenance (`'spotify'`, `'reccobeats'`, `'dataset'`). */
  readonly name: string;
  /**
   * Looks up features for track ids (bare ids, `spotify:track:` URIs or track URLs; duplicates
   * are sent once).
   */
  getFeatures(ids: Iterable<string>, options?: { signal?: AbortSignal }): Promise<FeaturesLookup>;
}
