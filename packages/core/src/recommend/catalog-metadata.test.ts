import { beforeAll, describe, expect, it } from 'vitest';
import { toyModelWithMetadata, toySongs, type ToySong } from '../../test/toy-model.js';
import { recommend } from './recommend.js';
import { RecommenderModel } from './recommender-model.js';

let songs: ToySong[];
let named: RecommenderModel;

/** The toy model's parts, its catalog songs given full Kaggle metadata (every third has none). */
beforeAll(() => {
  songs = toySongs();
  named = toyModelWithMetadata(songs, (s, i) =>
    i % 3 === 2 ? {} : { name: `Song <b>${i}</b>`, artist: `${s.genre} band;Guest`, album: `Album ${i % 7}`, popularity: i % 101, durationMs: 180_000 + i, explicit: i % 2 === 0 },
  );
});

describe('catalog metadata', () => {
  it('round-trips every metadata column through the bundle JSON, unknown values staying unknown', () => {
    const restored = RecommenderModel.fromJSON(JSON.parse(JSON.stringify(named.toJSON())));
    const catalog = restored.genreModels[0]!.catalog;
    const j = catalog.uris.indexOf(songs.filter((s) => s.genre === 'ambient')[0]!.uri);
    expect({ name: catalog.names![j], artist: catalog.artists![j], album: catalog.albums![j], popularity: catalog.popularity![j], durationMs: catalog.durationMs![j], explicit: catalog.explicit![j] }).toEqual({
      name: 'Song <b>0</b>',
      artist: 'ambient band;Guest',
      album: 'Album 0',
      popularity: 0,
      durationMs: 180_000,
      explicit: 1,
    });
    const unknown = catalog.uris.indexOf(songs.filter((s) => s.genre === 'ambient')[2]!.uri);
    expect([catalog.names![unknown], catalog.popularity![unknown], catalog.durationMs![unknown], catalog.explicit![unknown]]).toEqual(['', -1, -1, -1]);
  });

  it('recommend() returns the metadata on each item, and only what is known', () => {
    const picked = songs.filter((s) => s.genre === 'metal').slice(0, 5);
    const result = recommend(picked.map((s) => ({ uri: s.uri, features: s.features })), named, { count: 30 });
    const withNames = result.recommendations.filter((r) => r.name !== undefined);
    expect(withNames.length).toBeGreaterThan(0);
    for (const r of withNames) {
      expect(r).toMatchObject({ name: expect.stringMatching(/^Song <b>\d+<\/b>$/), artist: `${r.genre} band;Guest`, album: expect.stringMatching(/^Album \d$/), durationMs: expect.any(Number), explicit: expect.any(Boolean) });
      expect(r.popularity).toBeGreaterThanOrEqual(0);
    }
    const without = result.recommendations.filter((r) => r.name === undefined);
    expect(without.length).toBeGreaterThan(0);
    for (const r of without) expect(Object.keys(r).sort()).toEqual(['cluster', 'distance', 'genre', 'rank', 'score', 'uri']);
  });

  it('stores repeated artists and albums once, and still reads them as plain lists', () => {
    const json = JSON.parse(JSON.stringify(named.toJSON()));
    const catalog = json.genreModels[0].catalog;
    expect(catalog.artists.values).toEqual(['ambient band;Guest', '']);
    expect(catalog.albums.values).toHaveLength(8); // Album 0…6 and unknown
    const plain = named.genreModels[0]!.catalog;
    catalog.artists = [...plain.artists!];
    catalog.albums = [...plain.albums!];
    const restored = RecommenderModel.fromJSON(json).genreModels[0]!.catalog;
    expect([...restored.artists!]).toEqual([...plain.artists!]);
    expect([...restored.albums!]).toEqual([...plain.albums!]);
  });

  it('loads a bundle written before names (no metadata columns) and recommends without them', () => {
    const json = JSON.parse(JSON.stringify(named.toJSON()));
    for (const m of json.genreModels) for (const key of ['names', 'artists', 'albums', 'popularity', 'durationMs', 'explicit']) delete m.catalog[key];
    const old = RecommenderModel.fromJSON(json);
    const result = recommend([{ uri: songs[0]!.uri, features: songs[0]!.features }], old);
    expect(result.recommendations).toHaveLength(10);
    expect(result.recommendations.every((r) => r.name === undefined && r.album === undefined)).toBe(true);
  });

  it('refuses a metadata column of the wrong length or with a bad flag, naming it', () => {
    const json = JSON.parse(JSON.stringify(named.toJSON()));
    json.genreModels[1].catalog.albums.index.pop();
    expect(() => RecommenderModel.fromJSON(json)).toThrow(/json\.genreModels\.1\.catalog\.albums: must have one album per uri/);
    const past = JSON.parse(JSON.stringify(named.toJSON()));
    past.genreModels[0].catalog.artists.index[0] = 10_000;
    expect(() => RecommenderModel.fromJSON(past)).toThrow(/catalog\.artists\.index: points past the end of values/);
    const short = JSON.parse(JSON.stringify(named.toJSON()));
    short.genreModels[2].catalog.popularity = 'AAAA';
    expect(() => RecommenderModel.fromJSON(short)).toThrow(/json\.genreModels\[2\]\.catalog\.popularity: must hold one value from -1 to 100 per uri \(120\)/);
    const odd = JSON.parse(JSON.stringify(named.toJSON()));
    odd.genreModels[0].catalog.durationMs = 'AAA';
    expect(() => RecommenderModel.fromJSON(odd)).toThrow(/json\.genreModels\[0\]\.catalog\.durationMs: is not base64/);
    const flags = JSON.parse(JSON.stringify(named.toJSON()));
    flags.genreModels[0].catalog.explicit = 'x'.repeat(flags.genreModels[0].catalog.uris.length);
    expect(() => RecommenderModel.fromJSON(flags)).toThrow(/catalog\.explicit: must hold only 1, 0 or -/);
  });
});
