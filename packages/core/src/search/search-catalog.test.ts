import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toyModelWithMetadata, toySongs, withCatalogs, type ToySong } from '../../test/toy-model.js';
import { RecommenderModel } from '../recommend/recommender-model.js';
import { findSong } from './find-song.js';
import { searchCatalog } from './search-catalog.js';
import { SearchError } from './search-error.js';
import { searchIndexOf } from './search-index.js';
import type { SongMetadata } from '../data/song-metadata.js';

/** Names given to the first toy songs of each genre; the rest have none. */
const NAMED: Record<string, { name: string; artist: string; popularity?: number }[]> = {
  ambient: [
    { name: 'Café del Mar', artist: 'Energy 52', popularity: 40 },
    { name: 'Mar', artist: 'Océano', popularity: 10 },
    { name: 'Marimba Dreams', artist: 'Beyoncé;Guest Star', popularity: 90 },
  ],
  metal: [
    { name: 'Smart Mar', artist: 'Nobody', popularity: 99 },
    { name: 'Marching', artist: 'MAR', popularity: 5 },
    { name: 'Summer', artist: 'Grammar', popularity: 60 },
  ],
  pop: [
    { name: 'Marimba Dreams', artist: 'Other Band', popularity: 90 },
    { name: '<b>Mar</b>', artist: 'X' },
  ],
};

let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs();
  model = toyModelWithMetadata(songs, (s, i) => NAMED[s.genre]![i] ?? {});
});

const titles = (query: string, limit?: number) => searchCatalog(model, query, limit === undefined ? {} : { limit }).map((h) => `${h.match}:${h.field}:${h.name}`);

describe('searchCatalog', () => {
  it('ranks exact > prefix > substring, by popularity within a rank, titles before artists on a tie of rank', () => {
    expect(titles('mar')).toEqual([
      'exact:title:Mar', // popularity 10
      'exact:artist:Marching', // its artist MAR is exact (popularity 5), so it is not a mere prefix
      'prefix:title:Marimba Dreams', // 90, in two genres under two ids: catalog order breaks the tie
      'prefix:title:Marimba Dreams',
      'substring:title:Smart Mar', // 99
      'substring:artist:Summer', // by Grammar, 60
      'substring:title:Café del Mar', // 40
      'substring:title:<b>Mar</b>', // unknown popularity last
    ]);
  });

  it('ignores case and accents in the query and in the names', () => {
    expect(titles('CAFE')).toEqual(['prefix:title:Café del Mar']);
    expect(titles('oceano')).toEqual(['exact:artist:Mar']);
    expect(searchCatalog(model, 'beyonce')[0]).toMatchObject({ name: 'Marimba Dreams', artist: 'Beyoncé;Guest Star', genre: 'ambient', match: 'exact', field: 'artist', popularity: 90 });
    expect(titles('guest star')).toEqual(['exact:artist:Marimba Dreams']); // each of `A;B` is an artist
  });

  it('returns the catalog uri and genre of each hit, each song once, at most `limit`', () => {
    const hits = searchCatalog(model, 'mar', { limit: 2 });
    expect(hits).toHaveLength(2);
    const song = songs.filter((s) => s.genre === 'ambient')[1]!;
    expect(hits[0]).toMatchObject({ uri: song.uri, genre: 'ambient' });
    expect(searchCatalog(model, 'zzz')).toEqual([]);
    expect(searchCatalog(model, '   ')).toEqual([]);
  });

  it('refuses control characters and over-long queries with typed errors, and a bad limit', () => {
    const error = (f: () => unknown): SearchError => {
      try {
        f();
      } catch (e) {
        if (e instanceof SearchError) return e;
      }
      throw new Error('expected a SearchError');
    };
    expect(error(() => searchCatalog(model, 'mar\u0000'))).toMatchObject({ code: 'ERR_QUERY_CONTROL_CHARACTER', message: expect.stringContaining('U+0000 at position 4') });
    expect(error(() => searchCatalog(model, 'a\nb')).code).toBe('ERR_QUERY_CONTROL_CHARACTER');
    expect(error(() => searchCatalog(model, 'x'.repeat(10_240)))).toMatchObject({ code: 'ERR_QUERY_TOO_LONG', message: 'query: is 10240 characters long, more than the 200 allowed' });
    expect(searchCatalog(model, 'x'.repeat(200))).toEqual([]);
    expect(error(() => searchCatalog(model, 'mar', { limit: 0 })).code).toBe('ERR_OUT_OF_RANGE');
    expect(error(() => searchCatalog(model, 'mar', { limit: 101 }))).toMatchObject({ name: 'SearchError', code: 'ERR_OUT_OF_RANGE', message: 'options.limit: must be an integer from 1 to 100, got 101' });
    expect(error(() => searchCatalog(model, 'mar', { limit: 2.5 })).message).toBe('options.limit: must be an integer from 1 to 100, got 2.5');
    expect(searchCatalog(model, 'mar', { limit: 100 })).toHaveLength(8);
    expect(searchCatalog(model, 'mar', { limit: 1 })).toHaveLength(1);
    expect(error(() => searchCatalog(model, 'marx', { maxQueryLength: 3 })).message).toBe('query: is 4 characters long, more than the 3 allowed');
    expect(searchCatalog(model, 'mar', { maxQueryLength: 3 })).toHaveLength(8);
    expect(error(() => searchCatalog(model, '\tmar')).message).toBe('query: holds the control character U+0009 at position 1; type plain text');
    expect(error(() => searchCatalog(model, 'ma\u007f')).message).toContain('U+007F at position 3');
  });

  it('finds nothing in a model without names', () => {
    expect(searchCatalog(RecommenderModel.fromJSON(JSON.parse(JSON.stringify(toyModel(songs).toJSON()))), 'song')).toHaveLength(20); // the toy model names its songs
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    for (const m of json.genreModels) for (const key of ['names', 'artists', 'albums', 'popularity']) delete m.catalog[key];
    expect(searchCatalog(RecommenderModel.fromJSON(json), 'mar')).toEqual([]);
  });
});

describe('findSong', () => {
  it('finds a catalog song by any form of its id, with its metadata', () => {
    const song = songs.filter((s) => s.genre === 'metal')[0]!;
    expect(findSong(model, `https://open.spotify.com/track/${song.uri}?si=x`)).toEqual({ uri: song.uri, genre: 'metal', name: 'Smart Mar', artist: 'Nobody', popularity: 99 });
    expect(findSong(model, 'nope')).toBeUndefined();
  });
});

/**
 * A model over the toy model's fitted parts whose catalogs hold exactly the given songs (each
 * genre gets one unnamed song when none is given). Catalog order is uri order, so the uris
 * `<genre>-00`, `<genre>-01`, … keep the listed order. Built per test: the search index is built
 * on a model's first search, so a fresh model makes every test build (and check) its own index.
 */
function catalogModel(byGenre: Record<string, (SongMetadata & { uri?: string })[]>): RecommenderModel {
  return withCatalogs(model, (genre) =>
    (byGenre[genre] ?? [{}]).map(({ uri, ...metadata }, i) => ({ uri: uri ?? `${genre}-${String(i).padStart(2, '0')}`, features: songs.find((s) => s.genre === genre)!.vector, ...metadata })),
  );
}

const names = (m: RecommenderModel, query: string, limit = 20) => searchCatalog(m, query, { limit }).map((h) => h.name);

describe('searchCatalog over hand-made catalogs', () => {
  it('keeps the most popular substring hits when the list fills up before the most popular entry is met', () => {
    // In catalog order the popularities are 10, 5, 99: only ordering entries by popularity finds 99 with limit 1.
    const m = catalogModel({ ambient: [{ name: 'a mar', popularity: 10 }, { name: 'b mar', popularity: 5 }, { name: 'c mar', popularity: 99 }] });
    expect(names(m, 'mar', 1)).toEqual(['c mar']);
    expect(names(m, 'mar', 2)).toEqual(['c mar', 'a mar']);
    expect(names(m, 'mar')).toEqual(['c mar', 'a mar', 'b mar']);
  });

  it('breaks a popularity tie by catalog order even when the earlier song’s entry comes later', () => {
    // Entry "x mar" holds songs 0 (10) and 2 (50), entry "y mar" song 1 (50): both entries have best
    // popularity 50, "x mar" first. With limit 1, song 2 fills the list; song 1 ties it and, earlier in
    // the catalog, must replace it — so an entry whose best equals the worst kept must still be read.
    const m = catalogModel({ ambient: [{ name: 'x mar', popularity: 10 }, { name: 'y mar', popularity: 50 }, { name: 'x mar', popularity: 50 }] });
    expect(searchCatalog(m, 'mar', { limit: 1 }).map((h) => h.uri)).toEqual(['ambient-01']);
    expect(searchCatalog(m, 'mar', { limit: 2 }).map((h) => h.uri)).toEqual(['ambient-01', 'ambient-02']);
  });

  it('finds prefixes through the sorted entries whatever their popularity order', () => {
    const m = catalogModel({
      ambient: [
        { name: 'b one', popularity: 90 },
        { name: 'a two', popularity: 80 },
        { name: 'b two', popularity: 70 },
        { name: 'c three', popularity: 60 },
        { name: 'a one', popularity: 50 },
        { name: 'b three', popularity: 40 },
        { name: 'c one', popularity: 30 },
        { name: 'a three', popularity: 20 },
      ],
    });
    expect(names(m, 'b')).toEqual(['b one', 'b two', 'b three']);
    expect(names(m, 'a')).toEqual(['a two', 'a one', 'a three']);
    expect(names(m, 'c one')).toEqual(['c one']);
    expect(names(m, 'three')).toEqual(['c three', 'b three', 'a three']);
  });

  it('ranks a known popularity of 0 above a catalog without popularity (unknown is −1)', () => {
    const m = catalogModel({ ambient: [{ name: 'a mar', popularity: 0 }], metal: [{ name: 'b mar' }] });
    expect(names(m, 'mar')).toEqual(['a mar', 'b mar']);
  });

  it('lists a song in several genres once, under its first genre', () => {
    const m = catalogModel({ ambient: [{ uri: 'same', name: 'shared song' }], metal: [{ uri: 'same', name: 'shared song' }, { name: 'other song' }] });
    expect(searchCatalog(m, 'shared').map((h) => [h.uri, h.genre])).toEqual([['same', 'ambient']]);
    expect(names(m, 'song')).toEqual(['shared song', 'other song']);
  });

  it('searches catalogs that have only artists, or only titles', () => {
    const artistsOnly = catalogModel({ ambient: [{ artist: 'Solo Artist' }], metal: [{ artist: 'Band;Solo' }] });
    expect(searchCatalog(artistsOnly, 'solo').map((h) => [h.match, h.field, h.genre])).toEqual([
      ['exact', 'artist', 'metal'],
      ['prefix', 'artist', 'ambient'],
    ]);
    const titlesOnly = catalogModel({ ambient: [{ name: 'Only Title' }] });
    expect(searchCatalog(titlesOnly, 'title').map((h) => [h.match, h.field])).toEqual([['substring', 'title']]);
  });

  it('folds control characters inside a name to spaces and trims names and queries', () => {
    const m = catalogModel({ ambient: [{ name: 'Foo\tBar' }, { name: '  Spaced  ' }] });
    expect(searchCatalog(m, 'foo bar').map((h) => [h.match, h.name])).toEqual([['exact', 'Foo\tBar']]);
    expect(searchCatalog(m, 'spaced').map((h) => [h.match, h.name])).toEqual([['exact', '  Spaced  ']]);
    expect(searchCatalog(m, '  spaced ').map((h) => [h.match, h.name])).toEqual([['exact', '  Spaced  ']]);
  });

  it('builds one index per model, each distinct folded string once, most popular first', () => {
    const m = catalogModel({ ambient: [{ name: 'Same', artist: 'B', popularity: 20 }, { name: 'SAME', artist: 'A', popularity: 70 }] });
    const index = searchIndexOf(m);
    expect(searchIndexOf(m)).toBe(index);
    // "same" (best 70), then "b" (20) and "a" (70): a before b; same (first seen) before a on the tie.
    expect(index.entries).toEqual(['same', 'a', 'b']);
    expect(Array.from(index.entryPopularity)).toEqual([70, 70, 20]);
  });
});
