import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toySongs, type ToySong } from '../../test/toy-model.js';
import { recommend } from './recommend.js';
import { recommendWithGenreTopUp } from './genre-top-up.js';
import type { RecommenderModel } from './recommender-model.js';

let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs(40); // 40 a genre: a count of 60 needs a second genre
  model = toyModel(songs);
});

const playlistOf = (picked: ToySong[]) => picked.map((s) => ({ uri: `spotify:track:${s.uri}`, features: s.features }));
const metal = () => songs.filter((s) => s.genre === 'metal').slice(0, 8);

describe('recommendWithGenreTopUp', () => {
  it('returns what recommend returns when the genre holds enough songs', () => {
    const options = { count: 15, strategy: 'mean-proba' as const };
    expect(recommendWithGenreTopUp(playlistOf(metal()), model, options)).toEqual(recommend(playlistOf(metal()), model, options));
  });

  it('tops up from the next most probable genres, ranked on, each song once, never the playlist’s', () => {
    const playlist = metal();
    const result = recommendWithGenreTopUp(playlistOf(playlist), model, { count: 60, strategy: 'mean-proba' });
    const own = recommend(playlistOf(playlist), model, { count: 60, strategy: 'mean-proba' });
    expect(own.recommendations).toHaveLength(32); // every metal song outside the playlist
    expect(result.recommendations).toHaveLength(60);
    expect(result.recommendations.slice(0, 32)).toEqual(own.recommendations);
    const next = Object.entries(own.genreProbabilities)
      .filter(([g]) => g !== 'metal')
      .sort((a, b) => b[1] - a[1])[0]![0];
    expect(result.recommendations.slice(32).every((r) => r.genre === next)).toBe(true);
    expect(result.recommendations.map((r) => r.rank)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(result.recommendations.map((r) => r.uri)).size).toBe(60);
    const mine = new Set(playlist.map((s) => s.uri));
    expect(result.recommendations.some((r) => mine.has(r.uri))).toBe(false);
    // Monitoring keeps the playlist's own genre's similarity, and its genre and probabilities.
    expect(result.similarity).toBe(own.similarity);
    expect(result.genre).toBe('metal');
    expect(result.genreProbabilities).toEqual(own.genreProbabilities);
  });

  it('keeps excludeUris out of the top-up and stops at the whole catalog', () => {
    const playlist = metal();
    const banned = songs.filter((s) => s.genre !== 'metal').slice(0, 10).map((s) => s.uri);
    const result = recommendWithGenreTopUp(playlistOf(playlist), model, { count: 100, strategy: 'mean-proba', excludeUris: banned });
    expect(result.recommendations.some((r) => banned.includes(r.uri))).toBe(false);
    // 120 songs, 8 in the playlist, 10 excluded: 102 left, so the 100 asked for.
    expect(result.recommendations).toHaveLength(100);
    const few = recommendWithGenreTopUp(playlistOf(playlist), model, { count: 100, strategy: 'mean-proba', excludeUris: songs.filter((s) => s.genre !== 'metal').slice(0, 70).map((s) => s.uri) });
    // 120 − 8 − 70 = 42: the whole rest of the catalog, and no more.
    expect(few.recommendations).toHaveLength(42);
  });

  it('returns 10 songs by default, topped up when the genre holds fewer', () => {
    const playlist = metal();
    const allButFour = songs.filter((s) => s.genre === 'metal').slice(8, 36).map((s) => s.uri);
    const result = recommendWithGenreTopUp(playlistOf(playlist), model, { strategy: 'mean-proba', excludeUris: allButFour });
    expect(result.recommendations).toHaveLength(10);
    expect(result.recommendations.filter((r) => r.genre === 'metal')).toHaveLength(4);
  });

  it('takes the similarity of the first top-up when the first call found nothing', () => {
    const playlist = metal();
    const everyMetal = songs.filter((s) => s.genre === 'metal').map((s) => s.uri);
    const options = { count: 12, strategy: 'mean-proba' as const, genre: 'metal', excludeUris: everyMetal };
    const first = recommend(playlistOf(playlist), model, options);
    expect(first.recommendations).toEqual([]);
    expect(first.similarity).toBeNaN();
    const result = recommendWithGenreTopUp(playlistOf(playlist), model, options);
    expect(result.recommendations).toHaveLength(12);
    const next = Object.entries(first.genreProbabilities).filter(([g]) => g !== 'metal').sort((a, b) => b[1] - a[1])[0]![0];
    const own = recommend(playlistOf(playlist), model, { ...options, genre: next });
    expect(result.similarity).toBe(own.similarity);
    expect(result.recommendations).toEqual(own.recommendations);
    expect(result.genre).toBe('metal');
  });

  it('tops up from the most probable genre first, whatever its place in the model', () => {
    // Pop sits next to metal in the toy space, so metal (the model's second genre) comes before
    // ambient (its first).
    const pop = songs.filter((s) => s.genre === 'pop').slice(0, 5);
    const own = recommend(playlistOf(pop), model, { count: 50, strategy: 'mean-proba' });
    expect(own.genreProbabilities.metal).toBeGreaterThan(own.genreProbabilities.ambient!);
    const result = recommendWithGenreTopUp(playlistOf(pop), model, { count: 50, strategy: 'mean-proba' });
    expect(result.recommendations.slice(0, 35)).toEqual(own.recommendations);
    expect(result.recommendations.slice(35).map((r) => r.genre)).toEqual(new Array(15).fill('metal'));
  });

  it('keeps a mixture’s own picks first and tops up from the genres it left out', () => {
    const mixed = [...metal().slice(0, 6), ...songs.filter((s) => s.genre === 'ambient').slice(0, 4)];
    const own = recommend(playlistOf(mixed), model, { count: 100 });
    const genres = new Set(own.recommendations.map((r) => r.genre));
    expect(genres).toEqual(new Set(['metal', 'ambient']));
    expect(own.recommendations.length).toBeLessThan(100);
    const result = recommendWithGenreTopUp(playlistOf(mixed), model, { count: 100 });
    expect(result.recommendations.slice(0, own.recommendations.length)).toEqual(own.recommendations);
    expect(result.recommendations.slice(own.recommendations.length).every((r) => r.genre === 'pop')).toBe(true);
    expect(result.recommendations).toHaveLength(100);
  });
});
