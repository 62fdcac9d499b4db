import type { AudioFeatures } from '@msr/core';
import { z } from 'zod';
import { InvalidOptionError } from '../errors/input-errors.js';
import { RateLimitedError } from '../errors/spotify-error.js';
import { createHttpClient, type RetryEvent, type RetryOptions } from '../http/http-client.js';
import type { IoOptions } from '../http/io.js';
import { wireFeatureFields } from '../client/wire-schemas.js';
import { batchedLookup } from './batched-lookup.js';
import type { AudioFeaturesProvider } from './features-provider.js';
import { pickFeatures } from './pick-features.js';

/** ReccoBeats production base URL. */
export const RECCOBEATS_BASE_URL = 'https://api.reccobeats.com/v1';
/** Most ids ReccoBeats' `/audio-features` takes per request. */
export const RECCOBEATS_MAX_IDS = 40;

/**
 * One item of ReccoBeats' `GET /v1/audio-features?ids=` answer: `id` is ReccoBeats' own UUID,
 * `href` ends in the Spotify track id; unknown tracks are simply left out of `content`.
 */
export const reccoBeatsFeaturesResponse = z.looseObject({
  content: z.array(
    z.looseObject({
      id: z.string(),
      href: z.string(),
      ...wireFeatureFields,
    }),
  ),
});

/** Options of {@link reccoBeatsFeaturesProvider}. */
export interface ReccoBeatsOptions extends IoOptions {
  /**
   * Base URL (a fake one in tests).
   * @default 'https://api.reccobeats.com/v1'
   */
  baseUrl?: string;
  /**
   * Provenance name.
   * @default 'reccobeats'
   */
  name?: string;
  /**
   * Ids per request, 1..40.
   * @default 40
   */
  batchSize?: number;
  /** Retry policy (ReccoBeats answers 429 with `Retry-After`). */
  retry?: RetryOptions;
  /**
   * Limit on one attempt, in milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** The Spotify id at the end of a ReccoBeats `href` (`…/track/<id>`, query string ignored). */
export function spotifyIdFromHref(href: string): string | undefined {
  const path = href.split(/[?#]/, 1)[0]!.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1) || undefined;
}

/**
 * Audio features from ReccoBeats (free, no key, no Spotify account needed), batches of 40,
 * keyed by the Spotify id at the end of each item's `href`. Tracks it does not know are
 * reported in `notFound`.
 *
 * @example
 * ```ts
 * const recco = reccoBeatsFeaturesProvider();
 * const { features, notFound } = await recco.getFeatures(['4iV5W9uYEdYUVa79Axb7Rh']);
 * ```
 */
export function reccoBeatsFeaturesProvider(options: ReccoBeatsOptions = {}): AudioFeaturesProvider {
  const batchSize = options.batchSize ?? RECCOBEATS_MAX_IDS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > RECCOBEATS_MAX_IDS) {
    throw new InvalidOptionError('batchSize', `an integer from 1 to ${RECCOBEATS_MAX_IDS}, got ${batchSize}`);
  }
  const baseUrl = (options.baseUrl ?? RECCOBEATS_BASE_URL).replace(/\/+$/, '');
  const http = createHttpClient({ ...options, service: 'reccobeats' });

  const fetchBatch = async (ids: string[], signal?: AbortSignal): Promise<Map<string, AudioFeatures>> => {
    const { data } = await http.request({
      method: 'GET',
      url: `${baseUrl}/audio-features`,
      query: { ids: ids.join(',') },
      schema: reccoBeatsFeaturesResponse,
      retryable: true,
      signal,
    });
    const wanted = new Set(ids);
    const found = new Map<string, AudioFeatures>();
    for (const item of data.content) {
      const id = spotifyIdFromHref(item.href);
      if (id !== undefined && wanted.has(id)) found.set(id, pickFeatures(item));
    }
    return found;
  };

  const name = options.name ?? 'reccobeats';
  return {
    name,
    getFeatures: (ids, { signal } = {}) =>
      batchedLookup(ids, { provider: name, batchSize, fetchBatch, isFatal: (error) => error instanceof RateLimitedError, signal }),
  };
}
