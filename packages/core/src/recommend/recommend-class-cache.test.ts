import { beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng.js';
import { toyModel, toySongs, withCatalogs, type ToySong } from '../../test/toy-model.js';
import { recommend } from './recommend.js';
import type { RecommenderModel } from './recommender-model.js';

/**
 * The serving index keeps each catalog recording's class probabilities, and a playlist track
 * whose recording the catalog holds with the same classifier bins takes them instead of walking
 * the trees (decision 1202). The result must be the walk's, to the bit: with `'mean-proba'`,
 * `genreProbabilities` is by its documented rule the mean over the tracks (sorted by their
 * features) of each track's `predictProbaRow`, summed as Σ p / n — computed here from the
 * classifier, track by track, never through the cache.
 */
let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs();
  model = toyModel(songs);
});

function walked(m: RecommenderModel, vectors: number[][]): Record<string, number> {
  const sorted = [...vectors].sort((a, b) => {
    for (let f = 0; f < a.length; f++) if (a[f] !== b[f]) return a[f]! - b[f]!;
    return 0;
  });
  const mean = new Float64Array(m.genres.length);
  for (const v of sorted) {
    const p = m.classifier.predictProbaRow(Float64Array.from(v), new Float64Array(m.genres.length));
    for (let g = 0; g < mean.length; g++) mean[g]! += p[g]! / sorted.length;
  }
  return Object.fromEntries(m.genres.map((genre, g) => [genre, mean[g]!]));
}

const track = (m: RecommenderModel, vector: number[], uri?: string) => ({
  ...(uri === undefined ? {} : { uri }),
  features: Object.fromEntries(m.featureNames.map((name, f) => [name, vector[f]!])),
});

describe('recommend(): class probabilities from the serving index', () => {
  it('gives the tree walk’s floats for catalog tracks, unknown tracks and a mix, one by one (< 8 tracks) and as a batch', () => {
    const rng = createPrng(7);
    // Songs the catalog does not hold: features no catalog song has.
    const unknown = Array.from({ length: 12 }, () => songs[rng.int(songs.length)]!.vector.map((x) => x + 0.37 + rng.next()));
    for (const size of [3, 12]) {
      const known = Array.from({ length: size }, () => songs[rng.int(songs.length)]!);
      const cases = [known.map((s) => s.vector), unknown.slice(0, size), [...known.slice(0, size - 1).map((s) => s.vector), unknown[0]!]];
      for (const vectors of cases) {
        const result = recommend(
          vectors.map((v) => track(model, v)),
          model,
          { strategy: 'mean-proba', count: 5 },
        );
        expect(result.genreProbabilities).toEqual(walked(model, vectors));
      }
    }
  });

  it('walks a track whose float32 features match a catalog recording but whose bins do not (a split between the two)', () => {
    // A split threshold e that float32 rounds up: the catalog stores fround(e) > e, a track
    // giving e itself is the same recording (same float32) on the other side of the split. The
    // index guesses a stored float32's double from its 7-digit decimal; e has more digits (the
    // toy's thresholds sit between random doubles), so the guess misses and only the bins tell.
    const { feature, threshold } = model.classifier.toJSON().trees;
    const k = threshold.findIndex((e, i) => feature[i]! >= 0 && Math.fround(e) > e && Number(Math.fround(e).toPrecision(7)) !== e);
    expect(k).toBeGreaterThanOrEqual(0);
    const f = feature[k]!;
    const e = threshold[k]!;
    const song = songs[0]!;
    const stored = song.vector.map((x, j) => (j === f ? Math.fround(e) : x));
    const given = song.vector.map((x, j) => (j === f ? e : x));
    const edited = withCatalogs(model, (genre) => songs.filter((s) => s.genre === genre).map((s) => ({ uri: s.uri, features: s === song ? stored : s.vector })));
    // The test can fail: the catalog recording's probabilities are not the track's.
    expect(walked(edited, [stored])).not.toEqual(walked(edited, [given]));
    const result = recommend([track(edited, given, song.uri)], edited, { strategy: 'mean-proba', count: 5 });
    expect(result.genreProbabilities).toEqual(walked(edited, [given]));
    // The track is still that recording: it is not recommended back.
    expect(result.recommendations.map((r) => r.uri)).not.toContain(song.uri);
  });
});
