import type { AudioFeatures } from '@msr/core';
import { normaliseTrackIds, chunk } from '../ids/spotify-id.js';
import { SpotifyError } from '../errors/spotify-error.js';
import { InvalidFeatures } from '../errors/input-errors.js';
import { featureIssues } from './feature-rules.js';
import type { FailedLookup, FeaturesLookup } from './features-provider.js';

/** Options of {@link batchedLookup}. */
export interface BatchedLookupOptions {
  /** The provider's name, for {@link InvalidFeatures} messages. */
  readonly provider: string;
  /** Most ids per request. */
  readonly batchSize: number;
  /** Fetches one batch; returns the features found (unknown ids simply absent). */
  readonly fetchBatch: (ids: string[], signal?: AbortSignal) => Promise<Map<string, AudioFeatures>>;
  /**
   * Errors after which the remaining batches are not even tried (access denied, rate limited:
   * asking again only makes it worse). Other errors fail their batch and the lookup goes on.
   */
  readonly isFatal: (error: SpotifyError) => boolean;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The shared shape of remote feature lookups: normalise and deduplicate ids, send them in
 * batches, keep every answer received, refuse answers the songs base cannot use
 * ({@link InvalidFeatures}), and turn {@link SpotifyError}s into `failed` entries.
 * Anything else (a bug, the caller's abort) is rethrown.
 */
export async function batchedLookup(inputs: Iterable<string>, options: BatchedLookupOptions): Promise<FeaturesLookup> {
  const { ids, invalid } = normaliseTrackIds(inputs);
  const features = new Map<string, AudioFeatures>();
  const notFound: string[] = [];
  const failed: FailedLookup[] = [];
  const batches = chunk(ids, options.batchSize);
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i]!;
    try {
      const found = await options.fetchBatch(batch, options.signal);
      for (const id of batch) {
        const value = found.get(id);
        if (!value) {
          notFound.push(id);
          continue;
        }
        const issues = featureIssues(value);
        if (issues.length === 0) features.set(id, value);
        else failed.push({ ids: [id], error: new InvalidFeatures(options.provider, id, issues) });
      }
    } catch (error) {
      if (!(error instanceof SpotifyError)) throw error;
      if (options.isFatal(error)) {
        failed.push({ ids: batches.slice(i).flat(), error });
        break;
      }
      failed.push({ ids: batch, error });
    }
  }
  return { features, notFound, failed, invalid };
}
