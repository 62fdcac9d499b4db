import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toySongs, type ToySong } from '../../test/toy-model.js';
import type { CatalogScanIndex } from './catalog-scan.js';
import { recommend } from './recommend.js';
import type { RecommenderModel } from './recommender-model.js';
import { servingIndex } from './serving-index.js';

/**
 * A playlist read as one genre is ranked over every genre, without quotas (decision 1010), and a
 * genre is not scanned when `count` recordings already score above its best possible score (its
 * weight^genreWeight: the kernel is at most 1). That shortcut must never change the list: with
 * diversity 0 it is, by the documented rule, the `count` songs of any genre with the highest
 * weight(genre)^genreWeight × exp(−½ (d / h)²) around the playlist's centroid (h the tracks' RMS
 * radius in scaled space, at least 0.5; the weight the mean class probability over the genre's
 * training share, normalised — decision 1100), the playlist's own left out. Computed here over
 * every song, no genre left out.
 */
let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs();
  model = toyModel(songs);
});

function everyGenre(playlist: ToySong[], probabilities: Record<string, number>, genreWeight: number, count: number): string[] {
  const d = model.featureNames.length;
  const scaled = (s: ToySong) => Array.from(model.scaler.transformRow(Float64Array.from(s.vector), new Float64Array(d)));
  const rows = playlist.map(scaled);
  const centre = Array.from({ length: d }, (_, f) => rows.reduce((sum, row) => sum + row[f]!, 0) / rows.length);
  const dist2 = (x: number[]) => x.reduce((sum, v, f) => sum + (v - centre[f]!) ** 2, 0);
  const h = Math.max(Math.sqrt(rows.reduce((sum, row) => sum + dist2(row), 0) / rows.length), 0.5);
  const ratio = Object.fromEntries(model.genres.map((g) => [g, probabilities[g]! / (songs.filter((s) => s.genre === g).length / songs.length)]));
  const total = Object.values(ratio).reduce((a, b) => a + b, 0);
  const own = new Set(playlist.map((s) => s.uri));
  return songs
    .filter((s) => !own.has(s.uri))
    .map((s) => ({ uri: s.uri, score: (ratio[s.genre]! / total) ** genreWeight * Math.exp(-0.5 * (dist2(scaled(s)) / (h * h))) }))
    .sort((a, b) => b.score - a.score || (a.uri < b.uri ? -1 : 1))
    .slice(0, count)
    .map((s) => s.uri);
}

describe('recommend, a playlist read as one genre', () => {
  it('leaves out only genres that could not reach the list', () => {
    const of = (genre: string, n: number) => songs.filter((s) => s.genre === genre).slice(0, n);
    const playlists = [
      [...of('metal', 6), ...of('ambient', 4)],
      [...of('pop', 3), ...of('ambient', 3)],
      [...of('pop', 1), ...of('metal', 5)],
      of('ambient', 5),
    ];
    let beyondTheTopGenre = 0;
    for (const playlist of playlists) {
      for (const genreWeight of [0.25, 1, 2, 6]) {
        for (const count of [1, 3, 10, 40]) {
          const result = recommend(
            playlist.map((s) => ({ uri: s.uri, features: s.features })),
            model,
            { count, genreWeight, diversity: 0, mixEvidence: 1e9 },
          );
          expect(result.recommendations.map((r) => r.uri)).toEqual(everyGenre(playlist, result.genreProbabilities, genreWeight, count));
          if (result.recommendations.some((r) => r.genre !== result.genre)) beyondTheTopGenre++;
        }
      }
    }
    // Not idle: in some lists a genre other than the playlist's own reached the list.
    expect(beyondTheTopGenre).toBeGreaterThan(0);
  });

  it('scans exactly the genres the documented rule cannot leave out', () => {
    // The genres in descending weight (ties: model order). A genre with weight below 1e-3 is not
    // scanned; nor one whose best possible score weight^genreWeight is beaten by `count` of the
    // recordings found so far (each at its best score in the lists of the genres scanned before:
    // a list is the genre's `count` best, diversity 0). Which genres are scanned is seen by
    // counting reads of each genre's scan features (the model's cached serving index).
    const index = servingIndex(model);
    const scans = index.scans as CatalogScanIndex[];
    const original = [...scans];
    const reads = model.genres.map(() => 0);
    scans.forEach((scan, g) => {
      const features = new Proxy(scan.features, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads[g]!++;
          return target[key as unknown as number];
        },
      });
      scans[g] = { ...scan, features };
    });
    try {
      const of = (genre: string, n: number) => songs.filter((s) => s.genre === genre).slice(0, n);
      const d = model.featureNames.length;
      const scaled = (s: ToySong) => Array.from(model.scaler.transformRow(Float64Array.from(s.vector), new Float64Array(d)));
      let skipped = 0;
      let scannedBeyondTheFirst = 0;
      for (const playlist of [[...of('metal', 6), ...of('ambient', 4)], [...of('pop', 3), ...of('ambient', 3)], [...of('pop', 1), ...of('metal', 5)], of('ambient', 5)]) {
        for (const genreWeight of [0.25, 1, 2, 6]) {
          for (const count of [1, 3, 10, 40]) {
            reads.fill(0);
            const result = recommend(
              playlist.map((s) => ({ uri: s.uri, features: s.features })),
              model,
              { count, genreWeight, diversity: 0, mixEvidence: 1e9 },
            );
            // The rule, by hand.
            const rows = playlist.map(scaled);
            const centre = Array.from({ length: d }, (_, f) => rows.reduce((sum, row) => sum + row[f]!, 0) / rows.length);
            const dist2 = (x: number[]) => x.reduce((sum, v, f) => sum + (v - centre[f]!) ** 2, 0);
            const h = Math.max(Math.sqrt(rows.reduce((sum, row) => sum + dist2(row), 0) / rows.length), 0.5);
            const ratio = model.genres.map((g) => result.genreProbabilities[g]! / (songs.filter((s) => s.genre === g).length / songs.length));
            const total = ratio.reduce((a, b) => a + b, 0);
            const weight = ratio.map((r) => r / total);
            const own = new Set(playlist.map((s) => s.uri));
            const found = new Map<string, number>();
            const expected: boolean[] = model.genres.map(() => false);
            const order = model.genres.map((_, g) => g).sort((a, b) => weight[b]! - weight[a]! || a - b);
            for (const g of order) {
              if (weight[g]! < 1e-3) continue;
              const ceiling = weight[g]! ** genreWeight;
              if ([...found.values()].filter((score) => score > ceiling).length >= count) continue;
              expected[g] = true;
              const list = songs
                .filter((s) => s.genre === model.genres[g] && !own.has(s.uri))
                .map((s) => ({ uri: s.uri, score: ceiling * Math.exp(-0.5 * (dist2(scaled(s)) / (h * h))) }))
                .sort((a, b) => b.score - a.score)
                .slice(0, count);
              for (const { uri, score } of list) found.set(uri, Math.max(found.get(uri) ?? 0, score));
            }
            const label = `${playlist.length} tracks, genreWeight ${genreWeight}, count ${count}`;
            expect(reads.map((r) => r > 0), label).toEqual(expected);
            skipped += expected.filter((e, g) => !e && weight[g]! >= 1e-3).length;
            scannedBeyondTheFirst += expected.filter(Boolean).length - 1;
          }
        }
      }
      // Not idle: genres are left out by the bound, and genres after the first are scanned.
      expect(skipped).toBeGreaterThan(0);
      expect(scannedBeyondTheFirst).toBeGreaterThan(0);
    } finally {
      original.forEach((scan, g) => (scans[g] = scan));
    }
  });
});
