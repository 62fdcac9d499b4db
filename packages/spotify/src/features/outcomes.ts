import type { ChainLookup, ProviderAttempt, TrackFeaturesOutcome } from './features-chain.js';
import type { FeaturesLookup } from './features-provider.js';

/**
 * Per-track outcomes of any provider's lookup: a chain's own, or derived from a plain provider's
 * answer (each track then has at most one attempt, by `providerName`).
 */
export function outcomesOf(lookup: FeaturesLookup | ChainLookup, ids: readonly string[], providerName: string): Map<string, TrackFeaturesOutcome> {
  const out = new Map<string, TrackFeaturesOutcome>();
  if ('tracks' in lookup) {
    for (const t of lookup.tracks) out.set(t.id, t);
  } else {
    const failedBy = new Map<string, ProviderAttempt>();
    for (const { ids: failed, error } of lookup.failed) for (const id of failed) failedBy.set(id, { provider: providerName, outcome: 'failed', error });
    for (const id of lookup.notFound) failedBy.set(id, { provider: providerName, outcome: 'not-found' });
    for (const id of ids) {
      const features = lookup.features.get(id);
      if (features) out.set(id, { id, status: 'found', provider: providerName, features, attempts: [] });
      else out.set(id, { id, status: 'missing', attempts: failedBy.has(id) ? [failedBy.get(id)!] : [] });
    }
  }
  return out;
}
