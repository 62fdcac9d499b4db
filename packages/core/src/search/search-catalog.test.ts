import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toyModelWithMetadata, toySongs, type ToySong } from '../../test/toy-model.js';
import { RecommenderModel } from '../recommend/recommender-model.js';
import { findSong } from './find-song.js';
import { searchCatalog } from './search-catalog.js';
import { SearchError } from './search-error.js';

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
