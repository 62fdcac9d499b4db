/**
 * Identity properties of `recommend()` that users met as bugs (issue 14): a playlist track never
 * comes back whatever form either side spells its uri in; a recording never comes back twice;
 * the order of a playlist never changes a result.
 */
import { describe, expect, it } from 'vitest';
import { toyModel, toySongs, type ToySong } from '../../test/toy-model.js';
import { createPrng } from '../random/prng.js';
import { recommend, type RecommendOptions } from './recommend.js';
import { trackIdFromUri } from '../data/track-id.js';

/** Every way of calling recommend() a user can pick. */
const MODES: RecommendOptions[] = [
  {},
  { multiGenre: true },
  { strategy: 'mean-proba' },
  { strategy: 'mean-proba', multiGenre: true },
  { strategy: 'mean-features' },
  { strategy: 'mean-features', ranking: 'catalog-order' },
  { strategy: 'mean-proba', ranking: 'catalog-order', multiGenre: true },
  { strategy: 'mean-proba', collapseDuplicates: false },
];
const FORMS = [(id: string) => id, (id: string) => `spotify:track:${id}`, (id: string) => `https://open.spotify.com/track/${id}?si=abc`];

describe('recommend: uri identity', () => {
  // The pipeline keeps uris as given, so a catalog may hold `spotify:track:…` uris.
  const songs = toySongs(60, 3);
  const model = toyModel(songs.map((s) => ({ ...s, uri: `spotify:track:${s.uri}` })));
  // A provider reports features a little differently than the catalog: identity is by id then.
  const drift = (s: ToySong) => ({ ...s.features, danceability: s.features.danceability + 1e-4 });

  it.each(MODES.flatMap((mode) => FORMS.map((form, f) => [JSON.stringify(mode), f, mode, form] as const)))('never returns a playlist track: mode %s, playlist uri form %i', (_m, _f, mode, form) => {
    const playlist = songs.filter((s) => s.genre === 'pop').slice(0, 8);
    const excluded = songs.filter((s) => s.genre === 'pop').slice(8, 12);
    const result = recommend(
      playlist.map((s) => ({ uri: form(s.uri), features: drift(s) })),
      model,
      { ...mode, count: 40, excludeUris: excluded.map((s) => form(s.uri)) },
    );
    const own = new Set([...playlist, ...excluded].map((s) => s.uri));
    expect(result.recommendations.map((r) => trackIdFromUri(r.uri)).filter((id) => own.has(id))).toEqual([]);
  });
});

describe('recommend: each recording once', () => {
  it.each(MODES.map((mode) => [JSON.stringify(mode), mode] as const))('even when a recording is listed in two genres: mode %s', (_m, mode) => {
    const songs = toySongs(60, 5);
    // Every metal song is also listed as ambient under another id (a compilation), same features.
    const twins = songs.filter((s) => s.genre === 'metal').map((s) => ({ ...s, uri: `${s.uri.slice(0, 20)}tw`, genre: 'ambient' }));
    const model = toyModel([...songs, ...twins]);
    // Metal songs: metal and ambient are equally likely for them, so both genres are searched.
    const mixed = songs.filter((s) => s.genre === 'metal').slice(0, 8);
    const result = recommend(
      mixed.map((s) => ({ uri: s.uri, features: s.features })),
      model,
      { ...mode, count: 40 },
    );
    const recordings = result.recommendations.map((r) => {
      const g = model.genres.indexOf(r.genre);
      const { catalog } = model.genreModels[g]!;
      const j = catalog.uris.indexOf(r.uri);
      return Array.from(catalog.raw.subarray(j * 9, (j + 1) * 9)).join(',');
    });
    expect(recordings.length).toBeGreaterThan(0);
    expect(new Set(recordings).size).toBe(recordings.length);
  });
});

describe('recommend: permuting a playlist never changes a result', () => {
  const songs = toySongs(60, 7);
  const model = toyModel(songs);
  const rng = createPrng(2026);

  it.each(MODES.map((mode) => [JSON.stringify(mode), mode] as const))('mode %s, 40 random playlists × 3 permutations', (_m, mode) => {
    for (let trial = 0; trial < 40; trial++) {
      // Random mixes of random sizes, with features that make float sums order-sensitive.
      const size = 2 + rng.int(18);
      const picked = rng.shuffle(songs.slice()).slice(0, size);
      const tracks = picked.map((s) => ({ uri: s.uri, features: { ...s.features, loudness: s.features.loudness + 1e-9 * rng.normal(), tempo: s.features.tempo * (1 + 1e-12 * rng.int(7)) } }));
      const expected = recommend(tracks, model, { ...mode, count: 20 });
      for (let p = 0; p < 3; p++) {
        const permuted = rng.shuffle(tracks.slice());
        expect(recommend(permuted, model, { ...mode, count: 20 })).toEqual(expected);
      }
    }
  });
});
