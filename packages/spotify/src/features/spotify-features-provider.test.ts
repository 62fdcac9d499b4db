import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, EXTENDED_APP, TRACKS } from '../../test/support/catalog.js';
import { clientCredentialsToken } from '../auth/client-credentials.js';
import { createSpotifyClient } from '../client/spotify-client.js';
import { FeatureAccessDenied } from '../errors/access-errors.js';
import { fakeIds } from '../testing/index.js';
import { spotifyFeaturesProvider } from './spotify-features-provider.js';

const fake = useFakeSpotify(() => ({ tracks: TRACKS, apps: [DEV_APP, EXTENDED_APP] }));
const client = (app: typeof DEV_APP) =>
  createSpotifyClient({ token: clientCredentialsToken({ ...app, accountsBaseUrl: fake().accountsBaseUrl }), apiBaseUrl: fake().apiBaseUrl, retry: { backoffBaseMs: 1 } });

describe('spotifyFeaturesProvider', () => {
  it('batches by 100, sends duplicates once, and separates unknown and invalid ids', async () => {
    const unknown = fakeIds(3, 12345);
    const ids = [...TRACKS.map((t) => t.id), ...unknown, `spotify:track:${TRACKS[0]!.id}`, TRACKS[1]!.id, 'too-short'];
    const before = fake().requests('spotify-api', '/audio-features').length;
    const result = await spotifyFeaturesProvider(client(EXTENDED_APP)).getFeatures(ids);
    const calls = fake().requests('spotify-api', '/audio-features').slice(before);
    expect(calls.map((c) => c.query.get('ids')!.split(',').length)).toEqual([100, 83]);
    expect(new Set(calls.flatMap((c) => c.query.get('ids')!.split(','))).size).toBe(183);
    expect(result.features.size).toBe(180);
    expect(result.features.get(TRACKS[7]!.id)).toEqual(TRACKS[7]!.features);
    expect(result.notFound).toEqual(unknown);
    expect(result.failed).toEqual([]);
    expect(result.invalid.map((e) => e.input)).toEqual(['too-short']);
  });

  it('reports 403 as FeatureAccessDenied in `failed` for every id, and does not ask again', async () => {
    const provider = spotifyFeaturesProvider(client(DEV_APP));
    const ids = TRACKS.slice(0, 150).map((t) => t.id);
    const before = fake().requests('spotify-api', '/audio-features').length;
    const first = await provider.getFeatures(ids);
    expect(first.features.size).toBe(0);
    expect(first.failed).toHaveLength(1);
    expect(first.failed[0]!.ids).toEqual(ids); // both batches, after one refused request
    const error = first.failed[0]!.error;
    expect(error).toBeInstanceOf(FeatureAccessDenied);
    expect(error.message).toMatch(/Since 2024-11-27 only apps that were granted extended access/);
    const second = await provider.getFeatures(ids.slice(0, 3));
    expect(second.failed[0]!.error).toBe(error);
    expect(fake().requests('spotify-api', '/audio-features').length - before).toBe(1);
  });

  it('keeps the answers of earlier batches when a later batch fails', async () => {
    const provider = spotifyFeaturesProvider(client(EXTENDED_APP), { batchSize: 50 });
    fake().fail({ service: 'spotify-api', path: '/audio-features', status: 503, skip: 1, times: 5 });
    const ids = TRACKS.slice(0, 120).map((t) => t.id);
    const result = await provider.getFeatures(ids);
    expect(result.features.size).toBe(70); // batches 1 and 3
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.ids).toEqual(ids.slice(50, 100));
    expect(result.failed[0]!.error.message).toMatch(/answered 503/);
  });

  it('checks batchSize when built', () => {
    expect(() => spotifyFeaturesProvider(client(EXTENDED_APP), { batchSize: 101 })).toThrow(/1 to 100/);
  });
});
