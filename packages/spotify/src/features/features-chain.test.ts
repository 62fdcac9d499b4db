import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, TRACKS } from '../../test/support/catalog.js';
import { clientCredentialsToken } from '../auth/client-credentials.js';
import { createSpotifyClient } from '../client/spotify-client.js';
import { FeatureAccessDenied } from '../errors/access-errors.js';
import { HttpStatusError } from '../errors/spotify-error.js';
import { fakeIds } from '../testing/index.js';
import { datasetFeaturesProvider } from './dataset-features-provider.js';
import { createFeaturesChain } from './features-chain.js';
import { reccoBeatsFeaturesProvider } from './reccobeats-features-provider.js';
import { spotifyFeaturesProvider } from './spotify-features-provider.js';

// ReccoBeats knows the first 30 of the 50 tracks used here; the dataset knows tracks 25..44.
const used = TRACKS.slice(0, 50);
const tracks = TRACKS.map((t, i) => (i >= 30 && i < 50 ? { ...t, inReccoBeats: false } : t));
const fake = useFakeSpotify(() => ({ tracks, apps: [DEV_APP] }));

function chain() {
  const client = createSpotifyClient({ token: clientCredentialsToken({ ...DEV_APP, accountsBaseUrl: fake().accountsBaseUrl }), apiBaseUrl: fake().apiBaseUrl });
  return createFeaturesChain([
    spotifyFeaturesProvider(client),
    reccoBeatsFeaturesProvider({ baseUrl: fake().reccoBeatsBaseUrl, batchSize: 10, retry: { maxRetries: 0 } }),
    datasetFeaturesProvider(used.slice(25, 45).map((t) => ({ uri: t.id, ...t.features! })), { name: 'songs-base' }),
  ]);
}

describe('createFeaturesChain', () => {
  it('asks each provider only for what is still missing and reports per-track provenance', async () => {
    const unknown = fakeIds(2, 4242);
    const ids = [...used.map((t) => t.id), ...unknown];
    // ReccoBeats fails its 2nd batch of 10 (tracks 10..19): those must fall through to the dataset, which lacks them.
    fake().fail({ service: 'reccobeats', path: '/audio-features', status: 502, skip: 1 });
    const before = fake().requests('reccobeats').length;
    const result = await chain().getFeatures(ids);

    const provider = (i: number) => result.provenance.get(used[i]!.id);
    expect([0, 9, 20, 29].map(provider)).toEqual(['reccobeats', 'reccobeats', 'reccobeats', 'reccobeats']);
    expect([30, 44].map(provider)).toEqual(['songs-base', 'songs-base']);
    expect([10, 19, 45, 49].map(provider)).toEqual([undefined, undefined, undefined, undefined]);
    expect(result.features.size).toBe(20 + 15);

    // The dataset was asked only for what Spotify and ReccoBeats left: never for found tracks.
    const asked = fake().requests('reccobeats').slice(before).flatMap((e) => e.query.get('ids')!.split(','));
    expect(asked).toHaveLength(52);

    const byId = new Map(result.tracks.map((t) => [t.id, t]));
    const failedThenMissing = byId.get(used[10]!.id)!;
    expect(failedThenMissing.status).toBe('missing');
    expect(failedThenMissing.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual(['spotify:failed', 'reccobeats:failed', 'songs-base:not-found']);
    expect(failedThenMissing.attempts[0]!.error).toBeInstanceOf(FeatureAccessDenied);
    expect((failedThenMissing.attempts[1]!.error as HttpStatusError).status).toBe(502);
    const found = byId.get(used[30]!.id)!;
    expect(found).toMatchObject({ status: 'found', provider: 'songs-base', features: used[30]!.features });
    expect(found.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual(['spotify:failed', 'reccobeats:not-found']);
    const nobody = byId.get(unknown[0]!)!;
    expect(nobody.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual(['spotify:failed', 'reccobeats:not-found', 'songs-base:not-found']);

    // Flattened view: missing ids that some provider failed on are `failed`, not `notFound`.
    expect(result.notFound).toEqual([]);
    expect(result.failed.flatMap((f) => f.ids).sort()).toEqual([...used.slice(10, 20), ...used.slice(45, 50)].map((t) => t.id).concat(unknown).sort());
  });

  it('rejects an empty chain and duplicate provider names', () => {
    expect(() => createFeaturesChain([])).toThrow(/at least one provider/);
    const d = datasetFeaturesProvider([]);
    expect(() => createFeaturesChain([d, d])).toThrow(/two providers are named "dataset"/);
  });
});
