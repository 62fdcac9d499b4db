import { beforeAll, describe, expect, it } from 'vitest';
import { toyModelWithMetadata, toySongs, type ToySong } from '../../test/toy-model.js';
import { encodeBytesBase64 } from '../encoding/base64-floats.js';
import { metadataFromJSON, metadataFromSongs, metadataToJSON, songMetadataAt, type CatalogJSON } from './catalog-metadata.js';
import { recommend } from './recommend.js';
import { RecommenderModel } from './recommender-model.js';
import { thrown } from '../models/__fixtures__/thrown.js';

let songs: ToySong[];
let named: RecommenderModel;

describe('catalog metadata', () => {
  /** The toy model's parts, its catalog songs given full Kaggle metadata (every third has none). */
  beforeAll(() => {
    songs = toySongs();
    named = toyModelWithMetadata(songs, (s, i) =>
      i % 3 === 2 ? {} : { name: `Song <b>${i}</b>`, artist: `${s.genre} band;Guest`, album: `Album ${i % 7}`, popularity: i % 101, durationMs: 180_000 + i, explicit: i % 2 === 0 },
    );
  });

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

/** Little-endian int32 bytes, written by hand. */
const int32le = (values: number[]) => encodeBytesBase64(Uint8Array.from(values.flatMap((v) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255])));
const catalogJson = (n: number, columns: Partial<CatalogJSON> = {}): CatalogJSON => ({ uris: Array.from({ length: n }, (_, i) => `u${i}`), features: '', labels: new Array(n).fill(0), ...columns });


describe('catalog metadata columns', () => {
  it('collects a column only when some song has it, with empty text and -1 for the unknown', () => {
    expect(metadataFromSongs([{}, {}])).toEqual({});
    const m = metadataFromSongs([{ name: 'A', popularity: 0, explicit: false }, { artist: 'B', durationMs: 0 }, { album: 'C', explicit: true }]);
    expect(m).toEqual({
      names: ['A', '', ''],
      artists: ['', 'B', ''],
      albums: ['', '', 'C'],
      popularity: Int8Array.from([0, -1, -1]),
      durationMs: Int32Array.from([-1, 0, -1]),
      explicit: Int8Array.from([0, -1, 1]),
    });
    expect(Object.keys(metadataFromSongs([{ popularity: 5 }]))).toEqual(['popularity']);
    expect(Object.keys(metadataFromSongs([{ durationMs: 5 }]))).toEqual(['durationMs']);
    expect(Object.keys(metadataFromSongs([{ explicit: false }]))).toEqual(['explicit']);
  });

  it('writes text plain (names) or pooled (artists, albums), numbers as little-endian bytes, flags as characters', () => {
    const m = metadataFromSongs([
      { name: 'A', artist: 'x', album: 'p', popularity: 100, durationMs: 258, explicit: true },
      { name: 'B', artist: 'y', album: 'p', popularity: 0, durationMs: 1, explicit: false },
      { name: 'C', artist: 'x' },
    ]);
    expect(metadataToJSON(m)).toEqual({
      names: ['A', 'B', 'C'],
      artists: { values: ['x', 'y'], index: [0, 1, 0] },
      albums: { values: ['p', ''], index: [0, 0, 1] },
      popularity: encodeBytesBase64(Uint8Array.from([100, 0, 255])),
      durationMs: int32le([258, 1, -1]),
      explicit: '10-',
    });
    expect(metadataToJSON({})).toEqual({});
    expect(Object.keys(metadataToJSON({ explicit: Int8Array.from([1]) }))).toEqual(['explicit']);
  });

  it('reads every column back, plain or pooled, and nothing that is absent', () => {
    const c = catalogJson(3, {
      names: ['A', 'B', 'C'],
      artists: { values: ['x', 'y'], index: [1, 0, 1] },
      albums: ['p', 'q', ''],
      popularity: encodeBytesBase64(Uint8Array.from([100, 0, 255])),
      durationMs: int32le([258, 0, -1]),
      explicit: '10-',
    });
    const m = metadataFromJSON(c);
    expect(m).toEqual({
      names: ['A', 'B', 'C'],
      artists: ['y', 'x', 'y'],
      albums: ['p', 'q', ''],
      popularity: Int8Array.from([100, 0, -1]),
      durationMs: Int32Array.from([258, 0, -1]),
      explicit: Int8Array.from([1, 0, -1]),
    });
    expect(metadataFromJSON(catalogJson(2))).toEqual({});
  });

  it('refuses popularity outside -1…100 or of another length, and durations below -1 or of another length, naming the catalog', () => {
    const where = 'json.genreModels[4].catalog';
    for (const bytes of [[255, 254], [100, 101], [0, 128], [0]]) {
      expect(thrown(() => metadataFromJSON(catalogJson(2, { popularity: encodeBytesBase64(Uint8Array.from(bytes)) }), where))).toMatchObject({
        code: 'ERR_MODEL_FORMAT',
        message: `${where}.popularity: must hold one value from -1 to 100 per uri (2)`,
      });
    }
    expect(thrown(() => metadataFromJSON(catalogJson(2, { popularity: encodeBytesBase64(Uint8Array.from([0, 0, 0])) })))).toMatchObject({ message: 'catalog.popularity: must hold one value from -1 to 100 per uri (2)' });
    expect(metadataFromJSON(catalogJson(2, { popularity: encodeBytesBase64(Uint8Array.from([255, 100])) })).popularity).toEqual(Int8Array.from([-1, 100]));
    expect(thrown(() => metadataFromJSON(catalogJson(2, { popularity: 'AA=A' }), where))).toMatchObject({ message: expect.stringMatching(/^json\.genreModels\[4\]\.catalog\.popularity: /) });
    expect(thrown(() => metadataFromJSON(catalogJson(2, { durationMs: int32le([5]) }), where))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: `${where}.durationMs: must hold one int32 per uri (2)` });
    expect(thrown(() => metadataFromJSON(catalogJson(1, { durationMs: encodeBytesBase64(Uint8Array.from([1, 0, 0, 0, 0])) }), where))).toMatchObject({ message: `${where}.durationMs: must hold one int32 per uri (1)` });
    expect(thrown(() => metadataFromJSON(catalogJson(2, { durationMs: int32le([0, -2]) }), where))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: `${where}.durationMs: must hold durations ≥ 0 (or -1, unknown)` });
    expect(metadataFromJSON(catalogJson(2, { durationMs: int32le([-1, 2147483647]) })).durationMs).toEqual(Int32Array.from([-1, 2147483647]));
  });

  it('gives one song only the fields known for it', () => {
    const m = metadataFromSongs([
      { name: 'A', artist: 'x', album: 'p', popularity: 0, durationMs: 0, explicit: false },
      { popularity: 7, explicit: true },
      { name: 'C' },
    ]);
    expect(songMetadataAt(m, 0)).toEqual({ name: 'A', artist: 'x', album: 'p', popularity: 0, durationMs: 0, explicit: false });
    expect(songMetadataAt(m, 1)).toEqual({ popularity: 7, explicit: true });
    expect(songMetadataAt(m, 2)).toEqual({ name: 'C' });
    expect(songMetadataAt({}, 0)).toEqual({});
  });
});
