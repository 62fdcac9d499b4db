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

/**
 * How many rows `recommend()` hands the classifier's tree walk, counted on the model's own
 * classifier (its three prediction methods wrapped) after the serving index is built. The
 * documented rule (decision 1202): a track whose recording the catalog holds, with that
 * recording's bins, is not walked; the rest are, one by one below 8 rows, else as one batch.
 */
function countWalks(m: RecommenderModel): { rows: () => number; calls: () => string[] } {
  const classifier = m.classifier as unknown as Record<string, (...args: unknown[]) => unknown>;
  let rows = 0;
  const calls: string[] = [];
  for (const [name, count] of [
    ['predictProbaRow', () => 1],
    ['predictProbaRows', (args: unknown[]) => args[1] as number],
    ['predictProba', (args: unknown[]) => (args[0] as unknown[]).length],
  ] as const) {
    const original = classifier[name]!.bind(m.classifier);
    classifier[name] = (...args: unknown[]) => {
      rows += count(args);
      calls.push(name);
      return original(...args);
    };
  }
  return { rows: () => rows, calls: () => calls };
}

describe('recommend(): which tracks the classifier walks', () => {
  // Features with three decimals, as the data's are: the index's guess of each stored float32's
  // double (its 7-digit decimal) then gives back the very numbers a playlist sends.
  const decimalSongs = (): ToySong[] =>
    toySongs().map((s) => {
      const vector = s.vector.map((x) => Math.round(x * 1000) / 1000);
      return { ...s, vector, features: Object.fromEntries(Object.keys(s.features).map((n, f) => [n, vector[f]!])) as ToySong['features'] };
    });

  it('walks no track of a playlist of catalog songs, and only the songs the catalog does not hold', () => {
    const decimals = decimalSongs();
    const m = toyModel(decimals);
    recommend([track(m, decimals[0]!.vector)], m, { count: 5 }); // builds the serving index
    const walks = countWalks(m);
    const known = decimals.filter((_, i) => i % 29 === 3).slice(0, 12);
    expect(known).toHaveLength(12);
    recommend(known.map((s) => track(m, s.vector)), m, { count: 5 });
    expect(walks.rows()).toBe(0);

    // One song the catalog does not hold among 11 it does: that one, by itself (1 < 8 rows).
    const stranger = known[0]!.vector.map((x, f) => (f === 0 ? x : x + 0.0005));
    recommend([...known.slice(1).map((s) => track(m, s.vector)), track(m, stranger)], m, { count: 5 });
    expect(walks.rows()).toBe(1);
    expect(walks.calls()).toEqual(['predictProbaRow']);

    // Nine strangers among twelve: the nine as one batch.
    const strangers = known.slice(0, 9).map((s) => s.vector.map((x) => x + 0.0005));
    recommend([...known.slice(9).map((s) => track(m, s.vector)), ...strangers.map((v) => track(m, v))], m, { count: 5 });
    expect(walks.rows()).toBe(10);
    expect(walks.calls()).toEqual(['predictProbaRow', 'predictProbaRows']);

    // Twelve strangers: all twelve, as one batch.
    recommend(known.map((s) => track(m, s.vector.map((x) => x + 0.0005))), m, { count: 5 });
    expect(walks.rows()).toBe(22);
    expect(walks.calls()).toEqual(['predictProbaRow', 'predictProbaRows', 'predictProbaRows']);
  });
});
