import { describe, expect, it } from 'vitest';
import { toyModel, toySongs } from '../../test/toy-model.js';
import { evaluateRecommender, knnSystem, PLAYLIST_FAMILIES, recommenderSystem, type EvaluatedSystem } from './evaluate-recommender.js';

const songs = toySongs(80, 4);
const model = toyModel(songs);
const heldOut = songs.filter((_, i) => i % 3 === 0).map((s) => ({ uri: s.uri, genre: s.genre, features: s.features }));

describe('evaluateRecommender', () => {
  it('reports every default system on every family, on the same playlists', () => {
    // Evaluated inside the test, not while vitest collects: code run outside a test is "static"
    // to Stryker, and every mutant of it would rerun every test (decision 1210).
    const report = evaluateRecommender(model, heldOut, { playlists: 12 });
    expect(report.setup).toMatchObject({ playlists: 12, families: [...PLAYLIST_FAMILIES], count: 20, catalogRecordings: 240 });
    const systems = [...new Set(report.figures.map((f) => f.system))];
    expect(systems).toEqual(['default', 'mean-proba', 'original', 'knn-mean', 'knn-sum', 'true-genre']);
    expect(report.figures).toHaveLength(systems.length * PLAYLIST_FAMILIES.length);
    for (const f of report.figures) {
      expect(f.playlists).toBe(12);
      for (const x of [f.genreAccuracy, f.genrePrecision, f.recallAt20, f.ndcgAt20, f.coverage]) expect(x >= 0 && x <= 1).toBe(true);
      expect(Number.isNaN(f.bothGenres)).toBe(f.family !== 'mix');
      expect(f.playlistTracks).toBe(0);
      expect(f.repeats).toBe(0);
    }
    const get = (system: string, family: string) => report.figures.find((f) => f.system === system && f.family === family)!;
    // The toy genres are separable: the reference and the default know them, and find hidden songs.
    expect(get('true-genre', 'coherent').genreAccuracy).toBe(1);
    expect(get('default', 'random').genreAccuracy).toBe(1);
    expect(get('default', 'coherent').recallAt20).toBeGreaterThan(0.2);
    expect(get('default', 'mix').bothGenres).toBeGreaterThan(0.9);
    expect(report.coverage.map((c) => c.system)).toEqual(systems);
  });

  it('is deterministic, and counts a system that leaks playlist tracks or repeats a recording', () => {
    const systems = [recommenderSystem('default', model), knnSystem('knn-mean', model, 'mean-vector')];
    const a = evaluateRecommender(model, heldOut, { playlists: 6, systems, now: () => 0 });
    expect(evaluateRecommender(model, heldOut, { playlists: 6, systems, now: () => 0 })).toEqual(a);
    const leaky: EvaluatedSystem = {
      name: 'leaky',
      recommend: (tracks) => ({ genre: 'pop', recommendations: [tracks[0]!, tracks[0]!].map((t) => ({ uri: `spotify:track:${t.uri}`, genre: 'pop' })) }),
    };
    const figures = evaluateRecommender(model, heldOut, { playlists: 6, systems: [leaky], families: ['random'] }).figures[0]!;
    expect(figures.playlistTracks).toBe(12);
  });

  it('evaluates configured playlists as their own family, without genre figures', () => {
    const systems = [recommenderSystem('default', model)];
    const pop = heldOut.filter((s) => s.genre === 'pop');
    const report = evaluateRecommender(model, heldOut, { playlists: 4, systems, families: ['random'], configured: [pop.slice(0, 10), pop.slice(10, 13)] });
    const configured = report.figures.find((f) => f.family === 'configured')!;
    expect(report.setup.families).toEqual(['random', 'configured']);
    // The 3-track playlist is too short to split and is left out.
    expect(configured).toMatchObject({ playlists: 1, playlistTracks: 0, repeats: 0 });
    expect(Number.isNaN(configured.genreAccuracy) && Number.isNaN(configured.genrePrecision)).toBe(true);
    expect(configured.recallAt20).toBeGreaterThan(0);
  });

  it('refuses songs too few to build playlists, naming the counts', () => {
    expect(() => evaluateRecommender(model, heldOut.slice(0, 10))).toThrow(/at least 20 held-out recordings in each of two genres/);
  });
});
