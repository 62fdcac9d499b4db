import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { TRACKS } from '../../test/support/catalog.js';
import { RateLimitedError, SchemaViolationError } from '../errors/spotify-error.js';
import { InvalidFeatures } from '../errors/input-errors.js';
import { reccoBeatsId } from '../testing/fake-objects.js';
import { reccoBeatsFeaturesProvider, spotifyIdFromHref } from './reccobeats-features-provider.js';

// The last 10 pop tracks are unknown to ReccoBeats.
const tracks = TRACKS.map((t, i) => (i >= 50 && i < 60 ? { ...t, inReccoBeats: false } : t));
const fake = useFakeSpotify(() => ({ tracks }));
const provider = (extra: Parameters<typeof reccoBeatsFeaturesProvider>[0] = {}) =>
  reccoBeatsFeaturesProvider({ baseUrl: fake().reccoBeatsBaseUrl, retry: { backoffBaseMs: 1 }, ...extra });

describe('spotifyIdFromHref', () => {
  it('takes the last path segment, ignoring query and trailing slash', () => {
    expect(spotifyIdFromHref('https://open.spotify.com/track/4iV5W9uYEdYUVa79Axb7Rh?si=1')).toBe('4iV5W9uYEdYUVa79Axb7Rh');
    expect(spotifyIdFromHref('https://api.reccobeats.com/v1/audio-features/4iV5W9uYEdYUVa79Axb7Rh/')).toBe('4iV5W9uYEdYUVa79Axb7Rh');
    expect(spotifyIdFromHref('')).toBeUndefined();
  });
});

describe('reccoBeatsFeaturesProvider', () => {
  it('asks 40 ids at a time and keys answers by the Spotify id in each href', async () => {
    const ids = tracks.slice(0, 100).map((t) => t.id);
    const before = fake().requests('reccobeats').length;
    const result = await provider().getFeatures([...ids, ids[3]!]);
    const calls = fake().requests('reccobeats').slice(before);
    expect(calls.map((c) => c.query.get('ids')!.split(',').length)).toEqual([40, 40, 20]);
    expect(result.features.size).toBe(90);
    expect(result.features.get(ids[3]!)).toEqual(tracks[3]!.features);
    expect(result.notFound).toEqual(ids.slice(50, 60));
    // ReccoBeats' own ids are UUIDs, never Spotify ids: nothing is keyed by them.
    expect([...result.features.keys()].every((id) => ids.includes(id))).toBe(true);
  });

  it('keeps answers already received when a batch fails, and says which ids failed', async () => {
    fake().fail({ service: 'reccobeats', path: '/audio-features', status: 500, skip: 1, times: 10 });
    const ids = tracks.slice(60, 140).map((t) => t.id);
    const result = await provider({ retry: { maxRetries: 1, backoffBaseMs: 1 } }).getFeatures(ids);
    expect(result.features.size).toBe(40);
    expect([...result.features.keys()]).toEqual(ids.slice(0, 40));
    expect(result.failed.map((f) => f.ids)).toEqual([ids.slice(40, 80)]);
  });

  it('honours Retry-After and stops the lookup when still rate limited', async () => {
    const waits: number[] = [];
    fake().fail({ service: 'reccobeats', path: '/audio-features', status: 429, headers: { 'retry-after': '2' }, body: { error: 'Too Many Requests' }, times: 3 });
    const ids = tracks.slice(0, 80).map((t) => t.id);
    const result = await provider({ retry: { maxRetries: 2 }, sleep: async (ms) => void waits.push(ms) }).getFeatures(ids);
    expect(waits).toEqual([2000, 2000]);
    expect(result.features.size).toBe(0);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.error).toBeInstanceOf(RateLimitedError);
    expect(result.failed[0]!.ids).toEqual(ids); // the second batch was not sent
  });

  it('reports a malformed answer as a failed batch with a SchemaViolationError', async () => {
    fake().fail({ service: 'reccobeats', path: '/audio-features', status: 200, body: { content: [{ id: 'x', href: 5 }] }, offSpec: true });
    const result = await provider().getFeatures([tracks[0]!.id]);
    expect(result.failed[0]!.error).toBeInstanceOf(SchemaViolationError);
    expect(result.failed[0]!.error.message).toMatch(/content\.0\.href/);
  });

  it("refuses features the songs base cannot use (ReccoBeats' key -1), so a chain can ask the next provider", async () => {
    const [a, b] = [tracks[0]!, tracks[1]!];
    const item = (t: typeof a, over: object) => ({ id: reccoBeatsId(t.id), href: `https://open.spotify.com/track/${t.id}`, ...t.features, ...over });
    fake().fail({ service: 'reccobeats', path: '/audio-features', status: 200, body: { content: [item(a, {}), item(b, { key: -1 })] } });
    const result = await provider().getFeatures([a.id, b.id]);
    expect([...result.features.keys()]).toEqual([a.id]);
    expect(result.failed).toHaveLength(1);
    const error = result.failed[0]!.error as InvalidFeatures;
    expect(error).toBeInstanceOf(InvalidFeatures);
    expect(error.trackId).toBe(b.id);
    expect(error.message).toMatch(/^reccobeats returned unusable features for \w{22}: key: /);
  });

  it('checks batchSize when built', () => {
    expect(() => reccoBeatsFeaturesProvider({ batchSize: 41 })).toThrow(/1 to 40/);
  });
});
