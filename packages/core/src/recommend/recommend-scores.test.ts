/**
 * The documented scores of each strategy, recomputed here from their definitions in
 * `RecommendOptions` and `Recommendation.score`: the playlist's centroid and RMS radius, the
 * cluster posteriors ('mean-proba': the tracks' mean; 'mean-features': the cluster of the mean),
 * the genre shares ('mixture': maximum-likelihood mixing weights by EM from uniform), the
 * largest-remainder split of `count` across genres. The fitted parts (scaler, classifier,
 * mixtures) are used as given; what is checked is how `recommend()` combines them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toySongs, withCatalogs, withKeyStumps, type ToySong } from '../../test/toy-model.js';
import { recommend, type RecommendResult } from './recommend.js';
import { RecommenderModel } from './recommender-model.js';
import { thrown } from '../models/__fixtures__/thrown.js';

let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs();
  model = toyModel(songs);
});

const playlistOf = (picked: readonly ToySong[]) => picked.map((s) => ({ uri: `spotify:track:${s.uri}`, features: s.features }));
const ofGenre = (genre: string, n: number, from = 0) => songs.filter((s) => s.genre === genre).slice(from, from + n);

/** A song's features in the model's scaled space, from the float32 values a catalog stores. */
function scaledOf(m: RecommenderModel, vector: readonly number[]): Float64Array {
  return m.scaler.transformRow(Float64Array.from(Float32Array.from(vector)), new Float64Array(vector.length));
}
/** A playlist track's features in scaled space (playlists are read as given, float64). */
function trackScaled(m: RecommenderModel, features: Record<string, number>): Float64Array {
  return m.scaler.transformRow(Float64Array.from(m.featureNames, (f) => features[f]!), new Float64Array(m.featureNames.length));
}
const d2 = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, f) => s + (x - b[f]!) ** 2, 0);

/** Weighted centroid and RMS radius (at least 0.5) of rows. */
function kernel(rows: Float64Array[], weights: number[] = rows.map(() => 1)): { centre: number[]; h: number } {
  const total = weights.reduce((a, b) => a + b, 0);
  const centre = rows[0]!.map((_, f) => rows.reduce((s, row, i) => s + weights[i]! * row[f]!, 0) / total);
  const spread = rows.reduce((s, row, i) => s + weights[i]! * d2(row, centre), 0) / total;
  return { centre: Array.from(centre), h: Math.max(Math.sqrt(spread), 0.5) };
}

/** `actual` within a relative `1e-9` of `expected` (both positive). */
function expectRel(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

interface Expected {
  uri: string;
  /** The recording: its raw features. */
  key?: string;
  genre: string;
  cluster: number;
  score: number;
  distance: number;
}

/** Checks a result against expected picks, in order: uri, genre, cluster, score, distance. */
function expectPicks(result: RecommendResult, expected: Expected[]): void {
  expect(result.recommendations.map((r) => r.uri)).toEqual(expected.map((e) => e.uri));
  result.recommendations.forEach((r, i) => {
    const e = expected[i]!;
    expect([r.rank, r.genre, r.cluster]).toEqual([i + 1, e.genre, e.cluster]);
    expectRel(r.score, e.score);
    expectRel(r.distance, e.distance);
  });
}

/**
 * The catalog songs of `genre` that may be recommended, each with its cluster and scaled
 * features: each recording's first song in the catalog, none the playlist holds by id or by
 * identical features.
 */
function candidates(m: RecommenderModel, genre: string, playlist: { uri?: string; features?: Record<string, number> }[]) {
  const own = new Set(playlist.map((t) => (t.uri ?? '').replace('spotify:track:', '')));
  const ownFeatures = new Set(playlist.filter((t) => t.features).map((t) => Array.from(Float32Array.from(m.featureNames, (f) => t.features![f]!)).join()));
  const { catalog } = m.genreModels[m.genres.indexOf(genre)]!;
  const d = m.featureNames.length;
  return catalog.uris
    .map((uri, j) => ({ uri, j, raw: Array.from(catalog.raw.subarray(j * d, (j + 1) * d)) }))
    .filter(({ uri, j, raw }) => catalog.recordings.recording[j] === j && !own.has(uri) && !ownFeatures.has(raw.join()))
    .map(({ uri, j, raw }) => ({ uri, genre, cluster: catalog.labels[j]!, x: scaledOf(m, raw), key: raw.join() }));
}

/** Best first by score, then uri (the documented order of ties). */
const byScore = (a: Expected, b: Expected) => b.score - a.score || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

/**
 * 'mean-proba' / 'mean-features' in one genre: `max(posterior(cluster), 1e-12) × exp(−½ (d / h)²)`
 * around the centroid of `tracks` (the floor keeps zero-posterior clusters ordered by distance when filling).
 */
function oneGenreList(m: RecommenderModel, genre: string, tracks: Float64Array[], posterior: number[], playlist: { uri: string }[]): Expected[] {
  const { centre, h } = kernel(tracks);
  return candidates(m, genre, playlist)
    .map((c) => ({ uri: c.uri, genre, cluster: c.cluster, distance: Math.sqrt(d2(c.x, centre)), score: Math.max(posterior[c.cluster]!, 1e-12) * Math.exp(-d2(c.x, centre) / (2 * h * h)) }))
    .sort(byScore);
}

/** Mean of the tracks' cluster posteriors in `genre`'s mixture. */
function meanPosterior(m: RecommenderModel, genre: string, tracks: Float64Array[]): number[] {
  const { mixture } = m.genreModels[m.genres.indexOf(genre)]!;
  const k = mixture.options.nComponents;
  const sum = new Array<number>(k).fill(0);
  for (const x of tracks) mixture.predictProbaRow(x, new Float64Array(k)).forEach((p, c) => (sum[c]! += p / tracks.length));
  return sum;
}

/** `count` split by largest remainders, at least one each, over genres with probability ≥ minShare (and the top one); the documented rule of `multiGenre`. */
function largestRemainders(probabilities: number[], count: number, minShare: number): Map<number, number> {
  const top = probabilities.indexOf(Math.max(...probabilities));
  const chosen = probabilities
    .map((p, g) => ({ p, g }))
    .filter(({ p, g }) => g === top || p >= minShare)
    .sort((a, b) => b.p - a.p || a.g - b.g);
  const total = chosen.reduce((s, { p }) => s + p, 0);
  const exact = chosen.map(({ p }) => (p / total) * count);
  const parts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = count - parts.reduce((a, b) => a + b, 0);
  // "At least one each" can over-allocate: parts above one give back, the least probable first
  // (in the cases below only the top genre has more than one).
  for (let i = parts.length - 1; left < 0; i = (i - 1 + parts.length) % parts.length) {
    if (parts[i]! > 1) {
      parts[i]!--;
      left++;
    }
  }
  const byRemainder = chosen.map((_, i) => i).sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || a - b);
  for (let r = 0; left > 0; r = (r + 1) % chosen.length, left--) parts[byRemainder[r]!]!++;
  return new Map(chosen.map(({ g }, i) => [g, parts[i]!]));
}

describe("'mean-proba' and 'mean-features' scores", () => {
  it("'mean-proba': the tracks' mean cluster posterior × the kernel around the centroid, filling from the other cluster by distance", () => {
    const picked = ofGenre('pop', 5);
    const playlist = playlistOf(picked);
    const tracks = picked.map((s) => trackScaled(model, s.features));
    const result = recommend(playlist, model, { count: 70, strategy: 'mean-proba' });
    expect(result.genre).toBe('pop');
    const posterior = meanPosterior(model, 'pop', tracks);
    const expected = oneGenreList(model, 'pop', tracks, posterior, playlist).slice(0, 70);
    // 70 of the 115 candidates: both clusters of pop (one blob has 60 songs, the playlist's own at most 55).
    expect(new Set(expected.map((e) => e.cluster)).size).toBe(2);
    expectPicks(result, expected);
    // The clusters the list drew from, most probable first, with the playlist's posterior.
    const used = [...new Set(expected.map((e) => e.cluster))].sort((a, b) => posterior[b]! - posterior[a]! || a - b);
    expect(result.clusters.map((c) => [c.genre, c.cluster])).toEqual(used.map((c) => ['pop', c]));
    result.clusters.forEach((c) => expectRel(c.posterior, posterior[c.cluster]!));
  });

  it("'mean-proba' over tracks that straddle both clusters: each cluster's posterior is the tracks' mean", () => {
    // Songs 0, 1, 3 of metal: blobs 0, 1, 1 — posteriors near (1, 0), (0, 1), (0, 1), mean near ⅓ / ⅔.
    const picked = [0, 1, 3].map((i) => ofGenre('metal', 1, i)[0]!);
    const playlist = playlistOf(picked);
    const tracks = picked.map((s) => trackScaled(model, s.features));
    const posterior = meanPosterior(model, 'metal', tracks);
    expect(Math.min(...posterior)).toBeGreaterThan(0.3);
    const result = recommend(playlist, model, { count: 30, strategy: 'mean-proba' });
    expectPicks(result, oneGenreList(model, 'metal', tracks, posterior, playlist).slice(0, 30));
    result.clusters.forEach((c) => expectRel(c.posterior, posterior[c.cluster]!));
  });

  it("'mean-features': the cluster of the mean (posterior 1, the others the floor) × the kernel", () => {
    const picked = ofGenre('ambient', 4, 10);
    const playlist = playlistOf(picked);
    const tracks = picked.map((s) => trackScaled(model, s.features));
    const result = recommend(playlist, model, { count: 80, strategy: 'mean-features' });
    expect(result.genre).toBe('ambient');
    const { mixture } = model.genreModels[0]!;
    const cluster = mixture.predictRow(kernel(tracks).centre);
    const posterior = [0, 1].map((c) => (c === cluster ? 1 : 0));
    expectPicks(result, oneGenreList(model, 'ambient', tracks, posterior, playlist).slice(0, 80));
    expect(result.clusters.map((c) => [c.cluster, c.posterior])).toEqual([
      [cluster, 1],
      [1 - cluster, 0],
    ]);
  });

  it("'mean-proba' with multiGenre: largest-remainder parts, each genre around the tracks predicted in it", () => {
    const picked = [...ofGenre('pop', 6), ...ofGenre('metal', 3), ...ofGenre('ambient', 1)];
    const playlist = playlistOf(picked);
    for (const [count, minShare] of [
      [10, 0.05],
      [13, 0.05],
      [13, 0.2],
    ] as const) {
      const result = recommend(playlist, model, { count, strategy: 'mean-proba', multiGenre: { minShare } });
      const probabilities = model.genres.map((g) => result.genreProbabilities[g]!);
      // The mean of the tracks' class probabilities.
      model.genres.forEach((_, g) => expectRel(probabilities[g]!, picked.reduce((s, t) => s + model.classifier.predictProbaRow(t.vector)[g]! / picked.length, 0)));
      const parts = largestRemainders(probabilities, count, minShare);
      const expected: Expected[] = [];
      for (const [g, part] of parts) {
        const genre = model.genres[g]!;
        const members = picked.filter((t) => model.classifier.predictRow(t.vector) === g).map((t) => trackScaled(model, t.features));
        expect(members.length).toBeGreaterThan(0);
        expected.push(...oneGenreList(model, genre, members, meanPosterior(model, genre, members), playlist).slice(0, part));
      }
      expectPicks(result, expected.sort(byScore));
      const counts = new Map<number, number>();
      for (const r of result.recommendations) counts.set(model.genres.indexOf(r.genre), (counts.get(model.genres.indexOf(r.genre)) ?? 0) + 1);
      expect(counts).toEqual(parts);
    }
  });

  it("'mean-proba' with multiGenre: a genre whose list runs out before its part leaves the rest to the best of the others", () => {
    const picked = [...ofGenre('pop', 6), ...ofGenre('metal', 3), ...ofGenre('ambient', 1)];
    const playlist = playlistOf(picked);
    // Every ambient song but two excluded: its part (3 of 30) cannot be filled.
    const kept = ofGenre('ambient', 2, 1).map((s) => s.uri);
    const excludeUris = songs.filter((s) => s.genre === 'ambient' && !kept.includes(s.uri)).map((s) => s.uri);
    const count = 30;
    const result = recommend(playlist, model, { count, strategy: 'mean-proba', multiGenre: { minShare: 0.05 }, excludeUris });
    const probabilities = model.genres.map((g) => result.genreProbabilities[g]!);
    const parts = largestRemainders(probabilities, count, 0.05);
    expect(parts.get(0)).toBe(3);
    const lists = [...parts].map(([g]) => {
      const genre = model.genres[g]!;
      const members = picked.filter((t) => model.classifier.predictRow(t.vector) === g).map((t) => trackScaled(model, t.features));
      const banned = [...playlist, ...excludeUris.map((uri) => ({ uri }))];
      return oneGenreList(model, genre, members, meanPosterior(model, genre, members), banned).slice(0, count);
    });
    expect(lists[[...parts.keys()].indexOf(0)]).toHaveLength(2);
    const taken = [...parts.values()].flatMap((part, l) => lists[l]!.slice(0, part));
    const rest = lists.flatMap((list, l) => list.slice([...parts.values()][l]!)).sort(byScore).slice(0, count - taken.length);
    expect(taken).toHaveLength(count - 1);
    expectPicks(result, [...taken, ...rest].sort(byScore));
  });

  it("'catalog-order' across genres: quotas in list order, then the lists' heads by uri when the scores tie", () => {
    const picked = ofGenre('pop', 5);
    const playlist = playlistOf(picked);
    // A minShare so small every genre gets a part (at least one each); 'mean-features' reads the
    // playlist as pop, so each list is its genre's cluster of the whole playlist's centroid, in
    // uri order, every score that cluster's posterior, 1.
    const result = recommend(playlist, model, { count: 100, strategy: 'mean-features', ranking: 'catalog-order', multiGenre: { minShare: 1e-300 } });
    const probabilities = model.genres.map((g) => result.genreProbabilities[g]!);
    const parts = largestRemainders(probabilities, 100, 1e-300);
    expect([...parts.values()]).toEqual([98, 1, 1]);
    const { centre } = kernel(picked.map((s) => trackScaled(model, s.features)));
    const lists = [...parts.keys()].map((g) => {
      const { catalog, mixture } = model.genreModels[g]!;
      const cluster = mixture.predictRow(centre);
      const own = new Set(picked.map((s) => s.uri));
      return catalog.uris.filter((uri, j) => catalog.labels[j] === cluster && !own.has(uri)).slice(0, 100);
    });
    // Pop's cluster runs out (at most 60 songs) before its 98; the others give one each, then the
    // rest alternate by uri between the two other lists' heads.
    expect(lists[0]!.length).toBeLessThan(98);
    const expected = [...lists[0]!, lists[1]![0]!, lists[2]![0]!, ...[...lists[1]!.slice(1), ...lists[2]!.slice(1)].sort()].slice(0, 100);
    expect(result.recommendations.map((r) => r.uri)).toEqual(expected);
    expect(result.recommendations.every((r) => r.score === 1)).toBe(true);
  });

  it('refuses a minShare outside (0, 1], and takes 1 as the top genre alone', () => {
    const playlist = playlistOf([...ofGenre('pop', 6), ...ofGenre('metal', 4)]);
    for (const minShare of [0, -0.1, 1.01, Number.NaN]) {
      expect(() => recommend(playlist, model, { strategy: 'mean-proba', multiGenre: { minShare } })).toThrow(
        expect.objectContaining({ code: 'ERR_OUT_OF_RANGE', message: `options.multiGenre.minShare: must be in (0, 1], got ${String(minShare)}` }),
      );
    }
    const alone = recommend(playlist, model, { count: 12, strategy: 'mean-proba', multiGenre: { minShare: 1 } });
    expect(alone.recommendations.every((r) => r.genre === 'pop')).toBe(true);
    expect(alone.recommendations).toHaveLength(12);
  });
});

describe("'mixture' scores", () => {
  /**
   * A classifier made by hand (one stump per genre on the key, baseline 0: `withKeyStumps`): key ≤ 2.5 reads (ambient 0.6, metal 0.3, pop 0.1), key > 2.5 reads
   * (ambient 0.15, metal 0.25, pop 0.6): flat enough that the shares take EM several steps.
   */
  const LOW = [0.6, 0.3, 0.1];
  const HIGH = [0.15, 0.25, 0.6];
  const handMade = () => withKeyStumps(model, LOW, HIGH);
  /** Metal songs, `low` of them read as LOW (key 0), the rest as HIGH (key 5). */
  const tracksOf = (low: number, total: number) => ofGenre('metal', total).map((s, i) => ({ uri: `spotify:track:${s.uri}`, features: { ...s.features, key: i < low ? 0 : 5 } }));

  /** EM for the mixing weights of fixed class probabilities, from uniform; stops when no share moves by 1e-6, at most 40 steps (recommend.ts's documented rule). */
  function em(p: number[][]): { shares: number[]; responsibility: number[][]; gain: number } {
    const k = p[0]!.length;
    let shares = new Array<number>(k).fill(1 / k);
    let responsibility: number[][] = [];
    for (let it = 0; it < 40; it++) {
      responsibility = p.map((row) => {
        const w = row.map((x, g) => shares[g]! * x);
        const sum = w.reduce((a, b) => a + b, 0);
        return w.map((x) => x / sum);
      });
      const next = shares.map((_, g) => responsibility.reduce((s, r) => s + r[g]!, 0) / p.length);
      const change = Math.max(...next.map((x, g) => Math.abs(x - shares[g]!)));
      shares = next;
      if (change < 1e-6) break;
    }
    const single = shares.map((_, g) => p.reduce((s, row) => s + Math.log(row[g]!), 0));
    const mixed = p.reduce((s, row) => s + Math.log(row.reduce((t, x, g) => t + shares[g]! * x, 0)), 0);
    return { shares, responsibility, gain: mixed - Math.max(...single) };
  }
  /** Each track's probabilities tempered: `p^(1/T)`, renormalised. */
  const tempered = (rows: number[][], t: number) =>
    rows.map((row) => {
      const w = row.map((x) => x ** (1 / t));
      const sum = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / sum);
    });

  /** Every genre's candidates scored `share^genreWeight × exp(−½ (d / h)²)` around the tracks it explains. */
  function mixtureLists(m: RecommenderModel, shares: number[], responsibility: number[][], tracks: Float64Array[], playlist: { uri: string }[], genreWeight = 2): Expected[][] {
    return m.genres.map((genre, g) => {
      if (shares[g]! < 1e-3) return [];
      const { centre, h } = kernel(tracks, responsibility.map((r) => r[g]!));
      return candidates(m, genre, playlist)
        .map((c) => ({ uri: c.uri, genre, cluster: c.cluster, key: c.key, distance: Math.sqrt(d2(c.x, centre)), score: shares[g]! ** genreWeight * Math.exp(-d2(c.x, centre) / (2 * h * h)) }))
        .sort(byScore);
    });
  }

  it('estimates the shares by EM and reads a mix only when it gains mixEvidence nats over the best genre', () => {
    const m = handMade();
    const playlist = tracksOf(4, 10);
    const p = playlist.map((_, i) => (i < 4 ? LOW : HIGH));
    const { shares, gain } = em(p);
    // Hand check of the fixed point's neighbourhood: 4 LOW + 6 HIGH lean to pop, not all the way.
    expect(shares[2]!).toBeGreaterThan(0.4);
    expect(gain).toBeGreaterThan(0.1);
    const mix = recommend(playlist, m, { count: 10, mixEvidence: gain - 1e-4 });
    m.genres.forEach((g, k) => expectRel(mix.genreProbabilities[g]!, shares[k]!, 1e-9));
    expect(mix.genre).toBe(m.genres[shares.indexOf(Math.max(...shares))]);
    const one = recommend(playlist, m, { count: 10, mixEvidence: gain + 1e-4 });
    // Read as one genre: the mean class probabilities.
    m.genres.forEach((g, k) => expectRel(one.genreProbabilities[g]!, (4 * LOW[k]! + 6 * HIGH[k]!) / 10, 1e-12));
  });

  it('tempers each track’s probabilities by 1/T before the shares; mixEvidence 0 reads a mix even when EM stops before it settles', () => {
    // At T = 3 these probabilities are so flat that 40 EM steps leave the shares short of the
    // maximum (ambient 0.106 here; it keeps falling), below the best single genre's likelihood:
    // the documented "0 always reads a mixture" must hold all the same.
    const m = handMade();
    const playlist = tracksOf(3, 9);
    const p = playlist.map((_, i) => (i < 3 ? LOW : HIGH));
    for (const temperature of [0.5, 3]) {
      const { shares } = em(tempered(p, temperature));
      const result = recommend(playlist, m, { count: 10, mixEvidence: 0, temperature });
      m.genres.forEach((g, k) => expectRel(result.genreProbabilities[g]!, shares[k]!, 1e-9));
    }
  });

  it('scores every genre’s songs by share^genreWeight × the kernel around the tracks it explains (score alone, no MMR)', () => {
    const m = handMade();
    const playlist = tracksOf(4, 10);
    const tracks = playlist.map((t) => trackScaled(m, t.features));
    const { shares, responsibility } = em(playlist.map((_, i) => (i < 4 ? LOW : HIGH)));
    for (const genreWeight of [2, 0.5]) {
      const result = recommend(playlist, m, { count: 40, mixEvidence: 0, diversity: 0, multiGenre: false, genreWeight });
      const expected = mixtureLists(m, shares, responsibility, tracks, playlist, genreWeight).flat().sort(byScore).slice(0, 40);
      expectPicks(result, expected);
    }
  });

  it('takes a recording listed in two genres once, under the listing that scores better', () => {
    // Every metal song also listed in pop under another id (identical features).
    // 40 songs a genre, so a list of 100 reaches far into both listings.
    const few = toySongs(40, 5);
    const metal = few.filter((s) => s.genre === 'metal');
    const twice = withCatalogs(toyModel(few), (g) => [
      ...few.filter((s) => s.genre === g).map((s) => ({ uri: s.uri, features: s.vector })),
      ...(g === 'pop' ? metal.map((s) => ({ uri: `0${s.uri.slice(1)}`, features: s.vector })) : []),
    ]);
    const picked = [...few.filter((s) => s.genre === 'pop').slice(0, 6), ...metal.slice(0, 2)];
    const playlist = playlistOf(picked);
    const tracks = picked.map((s) => trackScaled(twice, s.features));
    const p = picked.map((s) => Array.from(twice.classifier.predictProbaRow(s.vector)));
    expect(Math.min(...p.flat())).toBeGreaterThan(1e-12);
    const { shares, responsibility } = em(p);
    const count = 100;
    const result = recommend(playlist, twice, { count, mixEvidence: 0, diversity: 0, multiGenre: false });
    const lists = mixtureLists(twice, shares, responsibility, tracks, playlist).map((list) => list.slice(0, count));
    const seen = new Set<string>();
    const expected = lists
      .flat()
      .sort(byScore)
      .filter((e) => !seen.has(e.key!) && seen.add(e.key!) !== undefined)
      .slice(0, count);
    // Both listings of some recordings are among the best `count` candidates: without taking
    // each recording once, the list would repeat them.
    const undeduplicated = lists.flat().sort(byScore).slice(0, count).map((e) => e.key);
    expect(undeduplicated.length - new Set(undeduplicated).size).toBeGreaterThan(5);
    expectPicks(result, expected);
  });

  it('with multiGenre, gives each genre its largest-remainder part of count first, then the best of the rest', () => {
    const m = handMade();
    const playlist = tracksOf(4, 10);
    const tracks = playlist.map((t) => trackScaled(m, t.features));
    const { shares, responsibility } = em(playlist.map((_, i) => (i < 4 ? LOW : HIGH)));
    const lists = mixtureLists(m, shares, responsibility, tracks, playlist);
    for (const [count, minShare] of [
      [20, 0.05],
      [20, 0.3],
    ] as const) {
      const result = recommend(playlist, m, { count, mixEvidence: 0, diversity: 0, multiGenre: { minShare } });
      const parts = largestRemainders(shares, count, minShare);
      const taken = [...parts].flatMap(([g, part]) => lists[g]!.slice(0, part));
      const rest = lists
        .flat()
        .filter((e) => !taken.includes(e))
        .sort(byScore)
        .slice(0, count - taken.length);
      expectPicks(result, [...taken, ...rest].sort(byScore));
      // Clusters: genre by genre, largest share first; in each, the clusters its list (its best
      // `count`) drew from, most probable at the genre's centre first.
      const expectedClusters = [...parts.keys()]
        .sort((a, b) => shares[b]! - shares[a]! || a - b)
        .flatMap((g) => {
          const { mixture } = m.genreModels[g]!;
          const posterior = mixture.predictProbaRow(kernel(tracks, responsibility.map((r) => r[g]!)).centre, new Float64Array(2));
          const used = [...new Set(lists[g]!.slice(0, count).map((e) => e.cluster))].sort((a, b) => posterior[b]! - posterior[a]! || a - b);
          return used.map((c) => ({ genre: m.genres[g]!, cluster: c, posterior: posterior[c]! }));
        });
      const withParts = new Set([...parts.keys()].map((g) => m.genres[g]!));
      const clusters = result.clusters.filter((c) => withParts.has(c.genre));
      expect(clusters.map((c) => [c.genre, c.cluster])).toEqual(expectedClusters.map((c) => [c.genre, c.cluster]));
      clusters.forEach((c, i) => expectRel(c.posterior, expectedClusters[i]!.posterior, 1e-6));
    }
  });
});

describe('options at their bounds, and the similarity', () => {
  const catchError = thrown;

  it('takes count 1 and 100 and 10 by default; refuses each option just outside its range with its name and value', () => {
    const playlist = playlistOf(ofGenre('pop', 3));
    expect(recommend(playlist, model, { count: 1 }).recommendations).toHaveLength(1);
    expect(recommend(playlist, model, { count: 100 }).recommendations).toHaveLength(100);
    expect(recommend(playlist, model).recommendations).toHaveLength(10);
    const refused: [Record<string, unknown>, string][] = [
      [{ count: 0 }, 'options.count: must be an integer from 1 to 100, got 0'],
      [{ count: 101 }, 'options.count: must be an integer from 1 to 100, got 101'],
      [{ count: 1.5 }, 'options.count: must be an integer from 1 to 100, got 1.5'],
      [{ genreWeight: -0.001 }, 'options.genreWeight: must be a finite number ≥ 0, got -0.001'],
      [{ genreWeight: Number.NaN }, 'options.genreWeight: must be a finite number ≥ 0, got NaN'],
      [{ genreWeight: Number.POSITIVE_INFINITY }, 'options.genreWeight: must be a finite number ≥ 0, got Infinity'],
      [{ temperature: 0 }, 'options.temperature: must be a finite number > 0, got 0'],
      [{ temperature: Number.NaN }, 'options.temperature: must be a finite number > 0, got NaN'],
      [{ temperature: Number.POSITIVE_INFINITY }, 'options.temperature: must be a finite number > 0, got Infinity'],
      [{ mixEvidence: -0.001 }, 'options.mixEvidence: must be a finite number ≥ 0, got -0.001'],
      [{ mixEvidence: Number.NaN }, 'options.mixEvidence: must be a finite number ≥ 0, got NaN'],
      [{ diversity: -0.001 }, 'options.diversity: must be a finite number ≥ 0, got -0.001'],
      [{ diversity: Number.NaN }, 'options.diversity: must be a finite number ≥ 0, got NaN'],
      [{ diversity: Number.POSITIVE_INFINITY }, 'options.diversity: must be a finite number ≥ 0, got Infinity'],
    ];
    for (const [options, message] of refused) expect(catchError(() => recommend(playlist, model, options))).toMatchObject({ code: 'ERR_OUT_OF_RANGE', message });
    expect(catchError(() => recommend(playlist, model, { strategy: 'median' as never }))).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: "options.strategy: must be one of 'mixture', 'mean-proba', 'mean-features', got median",
    });
    expect(catchError(() => recommend(playlist, model, { ranking: 'random' as never }))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: "options.ranking: must be 'score' or 'catalog-order', got random" });
    expect(catchError(() => recommend(playlist, model, { genre: 'polka' }))).toMatchObject({ code: 'ERR_UNKNOWN_GENRE', message: 'options.genre: "polka" is not one of the model\'s genres (ambient, metal, pop)' });
    // The smallest accepted values work.
    for (const options of [{ genreWeight: 0 }, { temperature: 1e-3 }, { mixEvidence: 0 }, { diversity: 0 }, { ranking: 'catalog-order' as const }, { strategy: 'mean-features' as const }]) {
      expect(recommend(playlist, model, { count: 5, ...options }).recommendations.length).toBeGreaterThan(0);
    }
  });

  it("is the cosine between the playlist's centroid and the mean of the recommendations, in scaled space; NaN when nothing comes back", () => {
    for (const [picked, strategy] of [
      [ofGenre('pop', 4), 'mixture'],
      [[...ofGenre('metal', 3), ...ofGenre('ambient', 2)], 'mean-proba'],
    ] as const) {
      const result = recommend(playlistOf(picked), model, { count: 12, strategy, multiGenre: true });
      const { centre } = kernel(picked.map((s) => trackScaled(model, s.features)));
      const picks = result.recommendations.map((r) => scaledOf(model, songs.find((s) => s.uri === r.uri)!.vector));
      const mean = centre.map((_, f) => picks.reduce((s, x) => s + x[f]!, 0) / picks.length);
      const dot = centre.reduce((s, c, f) => s + c * mean[f]!, 0);
      const cosine = dot / Math.sqrt(centre.reduce((s, c) => s + c * c, 0) * mean.reduce((s, c) => s + c * c, 0));
      expect(result.similarity).toBeCloseTo(cosine, 12);
    }
    // A forced genre whose every song is excluded: nothing to recommend.
    const everyAmbient = songs.filter((s) => s.genre === 'ambient').map((s) => s.uri);
    const none = recommend(playlistOf(ofGenre('pop', 2)), model, { genre: 'ambient', excludeUris: everyAmbient, strategy: 'mean-proba' });
    expect(none.recommendations).toEqual([]);
    expect(none.similarity).toBeNaN();
  });
});

describe('what the first scored run left unpinned', () => {
  it("'mean-proba' in one genre scores around the whole playlist, even when some tracks are predicted elsewhere", () => {
    const picked = [...ofGenre('pop', 6), ...ofGenre('metal', 3)];
    const playlist = playlistOf(picked);
    const tracks = picked.map((s) => trackScaled(model, s.features));
    const result = recommend(playlist, model, { count: 20, strategy: 'mean-proba' });
    expect(result.genre).toBe('pop');
    expectPicks(result, oneGenreList(model, 'pop', tracks, meanPosterior(model, 'pop', tracks), playlist).slice(0, 20));
  });

  it('a forced genre names the result and is ranked alone, multiGenre or not', () => {
    const picked = ofGenre('pop', 5);
    const playlist = playlistOf(picked);
    const tracks = picked.map((s) => trackScaled(model, s.features));
    for (const strategy of ['mean-proba', 'mean-features'] as const) {
      const result = recommend(playlist, model, { count: 15, strategy, genre: 'metal', multiGenre: true });
      expect(result.genre).toBe('metal');
      const posterior = strategy === 'mean-proba' ? meanPosterior(model, 'metal', tracks) : [0, 1].map((c) => (c === model.genreModels[1]!.mixture.predictRow(kernel(tracks).centre) ? 1 : 0));
      expectPicks(result, oneGenreList(model, 'metal', tracks, posterior, playlist).slice(0, 15));
    }
  });

  it('lists only the clusters the list drew from', () => {
    const blob = songs.filter((s) => s.genre === 'pop').filter((_, i) => i % 2 === 0);
    const result = recommend(playlistOf(blob.slice(0, 5)), model, { count: 5, strategy: 'mean-proba' });
    expect(new Set(result.recommendations.map((r) => r.cluster)).size).toBe(1);
    expect(result.clusters.map((c) => c.cluster)).toEqual([result.recommendations[0]!.cluster]);
  });

  it("'catalog-order' with the default strategy: one cluster's members in uri order, each recording once, the cluster listed", () => {
    const base = toySongs(40, 9);
    const copies = base.filter((s) => s.genre === 'pop').map((s) => ({ ...s, uri: `${s.uri.slice(0, 21)}Z` }));
    const withCopies = toyModel([...base, ...copies]);
    const picked = base.filter((s) => s.genre === 'pop').slice(0, 4);
    for (const strategy of ['mixture', 'mean-proba'] as const) {
      const result = recommend(playlistOf(picked), withCopies, { count: 100, strategy, ranking: 'catalog-order' });
      const { catalog } = withCopies.genreModels[2]!;
      const cluster = result.clusters[0]!.cluster;
      expect(result.clusters).toEqual([{ genre: 'pop', cluster, posterior: expect.any(Number) }]);
      // Members of that cluster, first id of each recording only, the playlist's recordings out.
      const own = new Set(picked.map((s) => s.uri.slice(0, 21)));
      const expected = catalog.uris.filter((uri, j) => catalog.labels[j] === cluster && catalog.recordings.recording[j] === j && !own.has(uri.slice(0, 21)));
      expect(result.recommendations.map((r) => r.uri)).toEqual(expected);
      expect(new Set(expected.map((u) => u.slice(0, 21))).size).toBe(expected.length);
    }
    // Scored, 'mean-proba' collapses the copies too.
    const scored = recommend(playlistOf(picked), withCopies, { count: 30, strategy: 'mean-proba' });
    expect(new Set(scored.recommendations.map((r) => r.uri.slice(0, 21))).size).toBe(30);
  });

  it('never returns a catalog song whose features a playlist track has, whatever its catalog position', () => {
    // Tracks given without uri: only their features can exclude them. The first songs of the
    // first genre hold the serving index's first recordings (0, 1, 2, …).
    const { catalog } = model.genreModels[0]!;
    const d = model.featureNames.length;
    for (let j = 0; j < 4; j++) {
      const features = Object.fromEntries(model.featureNames.map((f, k) => [f, catalog.raw[j * d + k]!]));
      for (const strategy of ['mixture', 'mean-proba'] as const) {
        const result = recommend([{ features }], model, { count: 50, strategy });
        expect(result.recommendations.map((r) => r.uri)).not.toContain(catalog.uris[j]);
      }
    }
  });

  it('reads multiGenre {} as the default minShare, and a minShare equal to a probability as reaching it', () => {
    const playlist = playlistOf([...ofGenre('pop', 6), ...ofGenre('metal', 3), ...ofGenre('ambient', 1)]);
    const viaTrue = recommend(playlist, model, { count: 12, strategy: 'mean-proba', multiGenre: true });
    expect(recommend(playlist, model, { count: 12, strategy: 'mean-proba', multiGenre: {} })).toEqual(viaTrue);
    const ambient = viaTrue.genreProbabilities.ambient!;
    const genresAt = (minShare: number) => new Set(recommend(playlist, model, { count: 12, strategy: 'mean-proba', multiGenre: { minShare } }).recommendations.map((r) => r.genre));
    expect(genresAt(ambient)).toEqual(new Set(['pop', 'metal', 'ambient']));
    expect(genresAt(ambient * (1 + 1e-12))).toEqual(new Set(['pop', 'metal']));
  });

  it('gives a count smaller than the genres above minShare to the most probable ones', () => {
    const playlist = playlistOf([...ofGenre('ambient', 1), ...ofGenre('metal', 3), ...ofGenre('pop', 6)]);
    const result = recommend(playlist, model, { count: 2, strategy: 'mean-proba', multiGenre: { minShare: 0.05 } });
    expect(result.recommendations.map((r) => r.genre).sort()).toEqual(['metal', 'pop']);
  });

  it('takes back what "at least one each" over-allocates from the genres with more than one', () => {
    // Every genre chosen: the two unlikely ones get one each, so pop gets 8 of 10, not 9 or 10.
    const result = recommend(playlistOf(ofGenre('pop', 5)), model, { count: 10, strategy: 'mean-proba', multiGenre: { minShare: 1e-300 } });
    const counts = Object.fromEntries(model.genres.map((g) => [g, result.recommendations.filter((r) => r.genre === g).length]));
    expect(counts).toEqual({ ambient: 1, metal: 1, pop: 8 });
  });

  it('names a one-genre read by the prior-once posterior at any temperature (the prior term is tempered too)', () => {
    // recommend.test.ts's case: every track (0.5, 0.4, 0.1) under priors (0.6, 0.2, 0.2); ten
    // tracks. At T = 0.2 the tempered sum is 5 Σ ln p − const: ambient −34.7, metal −45.8 — the
    // prior term must be tempered the same way, (n − 1) / T · ln prior = 45 ln prior (ambient
    // +23.0, metal +72.4), for metal to win as it does at T = 1.
    const handMade = withKeyStumps(model, [0.5, 0.4, 0.1], [0.5, 0.4, 0.1], [0.6, 0.2, 0.2].map(Math.log));
    const tracks = playlistOf(ofGenre('metal', 10));
    for (const temperature of [0.2, 1, 5]) expect(recommend(tracks, handMade, { count: 10, mixEvidence: 1e9, temperature }).genre).toBe('metal');
  });

  it('orders equal scores by uri: scores that underflow to 0 come back in uri order', () => {
    // genreWeight 1e9: share^1e9 is 0 in floating point for any share below 1, so every score is
    // 0, while the candidates are still chosen by their log-scores (pop's nearest songs).
    const picked = ofGenre('pop', 4);
    const playlist = playlistOf(picked);
    const result = recommend(playlist, model, { count: 10, genreWeight: 1e9, diversity: 0 });
    expect(result.recommendations.every((r) => r.score === 0)).toBe(true);
    const uris = result.recommendations.map((r) => r.uri);
    expect(uris).toEqual([...uris].sort());
    const { centre } = kernel(picked.map((s) => trackScaled(model, s.features)));
    const nearest = candidates(model, 'pop', playlist)
      .sort((a, b) => d2(a.x, centre) - d2(b.x, centre))
      .slice(0, 10)
      .map((c) => c.uri);
    expect(uris).toEqual([...nearest].sort());
  });

  it('names the first genre in model order when the mean probabilities tie', () => {
    const handMade = withKeyStumps(model, [0.4, 0.4, 0.2], [0.4, 0.4, 0.2]);
    expect(recommend(playlistOf(ofGenre('pop', 3)), handMade, { count: 5, strategy: 'mean-proba' }).genre).toBe('ambient');
  });
});
