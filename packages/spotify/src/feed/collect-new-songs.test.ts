import { FEATURE_NAMES, songSchema } from '@msr/core';
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, EXTENDED_APP, GENRES, TRACKS } from '../../test/support/catalog.js';
import { clientCredentialsToken } from '../auth/client-credentials.js';
import { createSpotifyClient } from '../client/spotify-client.js';
import { RecommendationsUnavailable } from '../errors/access-errors.js';
import { HttpStatusError } from '../errors/spotify-error.js';
import { createFeaturesChain } from '../features/features-chain.js';
import { reccoBeatsFeaturesProvider } from '../features/reccobeats-features-provider.js';
import { spotifyFeaturesProvider } from '../features/spotify-features-provider.js';
import { collectNewSongs, type FeedProgress } from './collect-new-songs.js';
import { spotifyRecommendationsSource, spotifySearchSource } from './spotify-track-sources.js';
import type { TrackSource } from './track-source.js';

// ReccoBeats does not know rock tracks 70..79.
const tracks = TRACKS.map((t, i) => (i >= 70 && i < 80 ? { ...t, inReccoBeats: false } : t));
const fake = useFakeSpotify(() => ({ tracks, apps: [DEV_APP, EXTENDED_APP] }));
const clientFor = (app: typeof DEV_APP) =>
  createSpotifyClient({ token: clientCredentialsToken({ ...app, accountsBaseUrl: fake().accountsBaseUrl }), apiBaseUrl: fake().apiBaseUrl, retry: { maxRetries: 1, backoffBaseMs: 1 } });
const byGenre = (genre: string) => tracks.filter((t) => t.genre === genre);

describe('collectNewSongs', () => {
  it('feeds like the original for an extended-access app: recommendations + Spotify audio features', async () => {
    const client = clientFor(EXTENDED_APP);
    const known = byGenre('pop').slice(0, 2).map((t) => t.id);
    const progress: FeedProgress[] = [];
    const result = await collectNewSongs({
      genres: GENRES,
      source: spotifyRecommendationsSource(client),
      features: spotifyFeaturesProvider(client),
      knownIds: known,
      perGenre: 5,
      onProgress: (e) => progress.push(e),
    });
    expect(result.genres.map((g) => [g.genre, g.fetched, g.fresh, g.added])).toEqual([
      ['pop', 5, 3, 3],
      ['rock', 5, 5, 5],
      ['jazz', 5, 5, 5],
    ]);
    const pop = byGenre('pop')[2]!;
    expect(result.songs[0]).toEqual({ uri: pop.id, genre: 'pop', name: pop.name, artist: pop.artist, ...pop.features });
    expect(Object.keys(result.songs[0]!)).toEqual(['uri', 'genre', ...FEATURE_NAMES, 'name', 'artist']);
    for (const song of result.songs) expect(songSchema.safeParse(song).success, song.uri).toBe(true);
    expect(new Set([...result.provenance.values()])).toEqual(new Set(['spotify']));
    // One batched features call for all genres.
    expect(fake().requests('spotify-api', '/audio-features').slice(-1)[0]!.query.get('ids')!.split(',')).toHaveLength(13);
    expect(progress).toEqual([
      { type: 'fetched', genre: 'pop', fetched: 5, fresh: 3 },
      { type: 'fetched', genre: 'rock', fetched: 5, fresh: 5 },
      { type: 'fetched', genre: 'jazz', fetched: 5, fresh: 5 },
      { type: 'features', requested: 13, found: 13 },
    ]);
  });

  it('stops after one refused /recommendations call on a new app and reports it for every genre', async () => {
    const before = fake().requests('spotify-api', '/recommendations').length;
    const result = await collectNewSongs({ genres: GENRES, source: spotifyRecommendationsSource(clientFor(DEV_APP)), perGenre: 5 });
    expect(fake().requests('spotify-api', '/recommendations').length - before).toBe(1);
    expect(result.songs).toEqual([]);
    for (const g of result.genres) {
      expect(g.error).toBeInstanceOf(RecommendationsUnavailable);
      expect(g.error?.message).toMatch(/Since 2024-11-27/);
    }
  });

  it('feeds a new app through search (pages of 10) and ReccoBeats, reporting tracks without features', async () => {
    const client = clientFor(DEV_APP);
    const before = fake().requests('spotify-api', '/search').length;
    const result = await collectNewSongs({
      genres: ['rock'],
      source: spotifySearchSource(client, { offset: () => 5 }),
      features: createFeaturesChain([spotifyFeaturesProvider(client), reccoBeatsFeaturesProvider({ baseUrl: fake().reccoBeatsBaseUrl })]),
      perGenre: 25,
    });
    const searches = fake().requests('spotify-api', '/search').slice(before);
    expect(searches.map((e) => [e.query.get('offset'), e.query.get('limit')])).toEqual([
      ['5', '10'],
      ['15', '10'],
      ['25', '10'],
    ]);
    const rock = byGenre('rock').slice(5, 30);
    expect(result.genres[0]).toMatchObject({ genre: 'rock', fetched: 25, fresh: 25, added: 15 });
    expect(result.songs.map((s) => s.uri)).toEqual([...rock.slice(0, 5), ...rock.slice(15)].map((t) => t.id));
    expect(new Set(result.provenance.values())).toEqual(new Set(['reccobeats']));
    expect(result.missingFeatures.map((m) => m.id)).toEqual(rock.slice(5, 15).map((t) => t.id));
    expect(result.missingFeatures[0]!.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual(['spotify:failed', 'reccobeats:not-found']);
  });

  it('records a failure for one genre and carries on with the others', async () => {
    fake().fail({ service: 'spotify-api', path: '/search', status: 500, times: 2 });
    const result = await collectNewSongs({
      genres: ['pop', 'jazz'],
      source: spotifySearchSource(clientFor(DEV_APP)),
      features: reccoBeatsFeaturesProvider({ baseUrl: fake().reccoBeatsBaseUrl }),
      perGenre: 3,
    });
    expect((result.genres[0]!.error as HttpStatusError).status).toBe(500);
    expect(result.genres[1]).toMatchObject({ genre: 'jazz', added: 3 });
  });

  it('skips invalid ids and ids another genre already took, and uses features the source supplies', async () => {
    const shared = tracks[0]!;
    const source: TrackSource = {
      name: 'manual',
      fetchTracks: async (genre) => [
        { id: shared.id, genre, features: shared.features },
        { id: 'not-an-id', genre },
        { id: tracks[1]!.id, genre, features: { ...tracks[1]!.features!, tempo: Number.NaN } },
      ],
    };
    const result = await collectNewSongs({ genres: ['a', 'b'], source, features: reccoBeatsFeaturesProvider({ baseUrl: fake().reccoBeatsBaseUrl }) });
    expect(result.songs.map((s) => [s.uri, s.genre])).toEqual([
      [shared.id, 'a'],
      [tracks[1]!.id, 'a'],
    ]);
    expect(result.provenance.get(shared.id)).toBe('manual');
    expect(result.provenance.get(tracks[1]!.id)).toBe('reccobeats'); // NaN from the source is not trusted
    expect(result.genres.map((g) => g.fresh)).toEqual([2, 0]);
  });

  it('checks its options', async () => {
    const source: TrackSource = { name: 'x', fetchTracks: async () => [] };
    await expect(collectNewSongs({ genres: [], source })).rejects.toThrow(/genres/);
    await expect(collectNewSongs({ genres: ['pop'], source, perGenre: 0 })).rejects.toThrow(/perGenre/);
  });
});
