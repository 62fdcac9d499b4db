import type { AudioFeatures } from '@msr/core';
import { InvalidOptionError } from '../errors/input-errors.js';
import type { SpotifyError } from '../errors/spotify-error.js';
import { normaliseTrackIds } from '../ids/spotify-id.js';
import type { AudioFeaturesProvider, FailedLookup, FeaturesLookup } from './features-provider.js';

/** One provider's answer for one track that it could not resolve. */
export interface ProviderAttempt {
  /** The provider's name. */
  readonly provider: string;
  /** `not-found`: the provider answered and does not know the track; `failed`: it could not answer. */
  readonly outcome: 'not-found' | 'failed';
  /** Why it failed, for `failed`. */
  readonly error?: SpotifyError | undefined;
}

/** Where one track's features came from — or every provider's answer when none had them. */
export type TrackFeaturesOutcome =
  | { readonly id: string; readonly status: 'found'; readonly provider: string; readonly features: AudioFeatures; readonly attempts: readonly ProviderAttempt[] }
  | { readonly id: string; readonly status: 'missing'; readonly attempts: readonly ProviderAttempt[] };

/** A chain lookup: the plain {@link FeaturesLookup} plus per-track provenance. */
export interface ChainLookup extends FeaturesLookup {
  /** One outcome per valid requested id, in first-seen order. */
  readonly tracks: TrackFeaturesOutcome[];
  /** Which provider answered for each found id. */
  readonly provenance: Map<string, string>;
}

/** A fallback chain: itself an {@link AudioFeaturesProvider}, with per-track provenance. */
export interface FeaturesChain extends AudioFeaturesProvider {
  /** The providers, in the order they are asked. */
  readonly providers: readonly AudioFeaturesProvider[];
  getFeatures(ids: Iterable<string>, options?: { signal?: AbortSignal }): Promise<ChainLookup>;
}

/**
 * Tries providers in order: each one is asked only for the tracks the previous ones did not
 * resolve. Reports, per track, which provider answered or every provider's outcome when none
 * did; a failing provider never loses answers already received.
 *
 * @example
 * ```ts
 * const chain = createFeaturesChain([spotifyFeaturesProvider(client), reccoBeatsFeaturesProvider(), csvFeaturesProvider({ path })]);
 * const { tracks } = await chain.getFeatures(ids);
 * for (const t of tracks) if (t.status === 'found') console.log(t.id, t.provider);
 * ```
 */
export function createFeaturesChain(providers: readonly AudioFeaturesProvider[], options: { name?: string } = {}): FeaturesChain {
  if (providers.length === 0) throw new InvalidOptionError('providers', 'at least one provider is required');
  const names = new Set<string>();
  for (const p of providers) {
    if (names.has(p.name)) throw new InvalidOptionError('providers', `two providers are named ${JSON.stringify(p.name)}; provenance needs distinct names`);
    names.add(p.name);
  }
  const list = [...providers];
  return {
    name: options.name ?? `chain(${list.map((p) => p.name).join(',')})`,
    providers: list,
    async getFeatures(inputs, { signal } = {}) {
      const { ids, invalid } = normaliseTrackIds(inputs);
      const features = new Map<string, AudioFeatures>();
      const provenance = new Map<string, string>();
      const attempts = new Map<string, ProviderAttempt[]>(ids.map((id) => [id, []]));
      let pending = ids;
      for (const provider of list) {
        if (pending.length === 0) break;
        const answer = await provider.getFeatures(pending, { signal });
        for (const [id, value] of answer.features) {
          if (attempts.has(id) && !features.has(id)) {
            features.set(id, value);
            provenance.set(id, provider.name);
          }
        }
        for (const id of answer.notFound) attempts.get(id)?.push({ provider: provider.name, outcome: 'not-found' });
        for (const { ids: failedIds, error } of answer.failed) {
          for (const id of failedIds) attempts.get(id)?.push({ provider: provider.name, outcome: 'failed', error });
        }
        pending = pending.filter((id) => !features.has(id));
      }
      const tracks: TrackFeaturesOutcome[] = ids.map((id) => {
        const value = features.get(id);
        const tried = attempts.get(id) ?? [];
        return value
          ? { id, status: 'found', provider: provenance.get(id)!, features: value, attempts: tried }
          : { id, status: 'missing', attempts: tried };
      });
      // Flatten the chain's own view: a missing id is `failed` if any provider failed on it
      // (another provider might have known it), `notFound` only when every provider said so.
      const notFound: string[] = [];
      const failedByError = new Map<SpotifyError, string[]>();
      for (const t of tracks) {
        if (t.status === 'found') continue;
        const lastFailure = [...t.attempts].reverse().find((a) => a.outcome === 'failed');
        if (lastFailure?.error) {
          const group = failedByError.get(lastFailure.error) ?? [];
          group.push(t.id);
          failedByError.set(lastFailure.error, group);
        } else notFound.push(t.id);
      }
      const failed: FailedLookup[] = [...failedByError].map(([error, failedIds]) => ({ ids: failedIds, error }));
      return { features, notFound, failed, invalid, tracks, provenance };
    },
  };
}
