import { describe, expect, it } from 'vitest';
import { makeCatalog, trackId } from '../../test/support/catalog.js';
import { MemoryModelStore } from '../seams/model-store.js';
import { ModelNotReadyError, PlaylistResolutionError } from '../seams/recommender.js';
import { CatalogPlaylistResolver } from './catalog-playlist-resolver.js';
import { trainNearestCentroidModel, type NearestCentroidModel } from './nearest-centroid-model.js';
import { NearestCentroidRecommender } from './nearest-centroid-recommender.js';

const catalog = makeCatalog(10);
const store = new MemoryModelStore<NearestCentroidModel>();
store.swap(trainNearestCentroidModel(catalog, 'v1'), { version: 'v1' });
const recommender = new NearestCentroidRecommender(store);
const resolver = new CatalogPlaylistResolver({ catalog, playlists: [{ name: 'p0', uris: [trackId('edm', 0)] }] });

describe('test doubles (phase 1 stand-ins)', () => {
  it('the recommender predicts the genre of a genre-pure playlist and ranks that genre first', async () => {
    for (const genre of ['classical', 'edm', 'jazz', 'rock']) {
      const playlist = await resolver.resolve({ kind: 'tracks', ids: [trackId(genre, 0), trackId(genre, 1), 'unknownXXXXXXXXXXXXXXX'] });
      expect(playlist.unknownUris).toEqual(['unknownXXXXXXXXXXXXXXX']);
      const result = recommender.recommend(playlist, 8);
      expect(result.genre).toBe(genre);
      expect(result.songs).toHaveLength(8);
      expect(result.songs.every((s) => s.uri.startsWith(genre.slice(0, 4)))).toBe(true);
      expect(result.songs.map((s) => s.score)).toEqual([...result.songs.map((s) => s.score)].sort((a, b) => b - a));
      expect(result.songs.map((s) => s.uri)).not.toContain(trackId(genre, 0));
      expect(result.probabilities[genre]).toBeGreaterThan(0.5);
    }
  });

  it('the resolver and recommender fail with typed errors', async () => {
    await expect(resolver.resolve({ kind: 'mpd-index', index: 2 })).rejects.toMatchObject({ failure: 'not-found', status: 404 });
    expect((await resolver.resolve({ kind: 'mpd-index', index: 1 })).name).toBe('p0');
    await expect(resolver.resolve({ kind: 'spotify', id: '37i9dQZF1DXcBWIGoYBM5M' })).rejects.toBeInstanceOf(PlaylistResolutionError);
    await expect(resolver.resolve({ kind: 'tracks', ids: ['nopeXXXXXXXXXXXXXXXXXX'] })).rejects.toMatchObject({ status: 422, code: 'ERR_PLAYLIST_NO_KNOWN_TRACKS' });
    const empty = new NearestCentroidRecommender(new MemoryModelStore());
    expect(() => empty.recommend({ ref: { kind: 'mpd-index', index: 1 }, tracks: [], unknownUris: [] }, 5)).toThrow(ModelNotReadyError);
  });
});
