import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toySongs, type ToySong } from '../../test/toy-model.js';
import { recommend } from './recommend.js';
import type { RecommenderModel } from './recommender-model.js';

/**
 * The diversified ranking pinned against the rule its documentation states, computed here the
 * plain way (every candidate against every pick, every round): with a forced genre the share is 1,
 * so a song's log-score is −d² / (2h²) around the playlist's centroid (h the tracks' RMS radius,
 * at least 0.5); the pool is the best 3 × count songs (ties: catalog order); greedy maximal
 * marginal relevance picks `count` of them, each round the one with the highest log-score −
 * diversity × (its largest kernel similarity exp(−4 d² / (2h²)) to a pick), the first of equals;
 * the result lists the picks by score. The serving code computes the same picks lazily
 * (decision 1110), so this guards that shortcut.
 */
let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs();
  model = toyModel(songs);
});

function plainMmr(playlist: ToySong[], genre: string, count: number, diversity: number): string[] {
  const g = model.genres.indexOf(genre);
  const { catalog } = model.genreModels[g]!;
  const d = model.featureNames.length;
  const scaled = playlist.map((s) => Array.from(model.scaler.transformRow(Float64Array.from(s.vector), new Float64Array(d))));
  const centroid = Array.from({ length: d }, (_, f) => scaled.reduce((sum, row) => sum + row[f]!, 0) / scaled.length);
  const dist2 = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from({ length: d }, (_, f) => (a[f]! - b[f]!) ** 2).reduce((x, y) => x + y, 0);
  const h = Math.max(Math.sqrt(scaled.reduce((sum, row) => sum + dist2(row, centroid), 0) / scaled.length), 0.5);
  const own = new Set(playlist.map((s) => s.uri));
  const row = (j: number) => catalog.scaled.subarray(j * d, (j + 1) * d);
  const pool = Array.from({ length: catalog.size }, (_, j) => j)
    .filter((j) => !own.has(catalog.uris[j]!))
    .map((j) => ({ j, logScore: -dist2(row(j), centroid) / (2 * h * h) }))
    .sort((a, b) => b.logScore - a.logScore || a.j - b.j)
    .slice(0, 3 * count);
  const picks: typeof pool = [];
  while (picks.length < count) {
    let best: (typeof pool)[number] | undefined;
    let bestValue = -Infinity;
    for (const c of pool) {
      if (picks.includes(c)) continue;
      const similarity = Math.max(0, ...picks.map((p) => Math.exp((-4 * dist2(row(c.j), row(p.j))) / (2 * h * h))));
      const value = c.logScore - diversity * similarity;
      if (value > bestValue) [best, bestValue] = [c, value];
    }
    picks.push(best!);
  }
  return picks.sort((a, b) => b.logScore - a.logScore).map((p) => catalog.uris[p.j]!);
}

describe('recommend, diversified ranking', () => {
  it.each([
    ['pop', 0.25],
    ['pop', 2],
    ['metal', 2],
    ['ambient', 5],
  ])('picks what plain maximal marginal relevance picks (%s, diversity %d)', (genre, diversity) => {
    const playlist = songs.filter((s) => s.genre === genre).slice(0, 6);
    const count = 12;
    const result = recommend(
      playlist.map((s) => ({ uri: s.uri, features: s.features })),
      model,
      { genre, count, diversity },
    );
    const expected = plainMmr(playlist, genre, count, diversity);
    expect(result.recommendations.map((r) => r.uri)).toEqual(expected);
    if (diversity >= 2) {
      // The case is not idle: diversity changed which songs come back.
      const plain = recommend(
        playlist.map((s) => ({ uri: s.uri, features: s.features })),
        model,
        { genre, count, diversity: 0 },
      );
      expect(new Set(plain.recommendations.map((r) => r.uri))).not.toEqual(new Set(expected));
    }
  });
});

describe('recommend, exclusion by features', () => {
  it('never returns a catalog song whose features a playlist track has, even under an id the catalog does not know', () => {
    // The documented rule: a recording is excluded when a playlist track has identical features.
    const pop = songs.filter((s) => s.genre === 'pop');
    const others = pop.slice(0, 5).map((s) => ({ uri: s.uri, features: s.features }));
    const twin = pop[6]!;
    // Without the twin in the playlist, the song is among the recommendations (so the check below is not idle).
    const before = recommend(others, model, { genre: 'pop', count: 60 });
    expect(before.recommendations.map((r) => r.uri)).toContain(twin.uri);
    const after = recommend([...others, { uri: 'spotify:track:notInTheCatalog000000', features: twin.features }], model, { genre: 'pop', count: 60 });
    expect(after.recommendations.map((r) => r.uri)).not.toContain(twin.uri);
    expect(after.recommendations).toHaveLength(60);
  });
});
