import { beforeAll, describe, expect, it } from 'vitest';
import { toyModel, toySongs, withKeyStumps, type ToySong } from '../../test/toy-model.js';
import { recommend } from './recommend.js';
import { RecommendError } from './recommend-error.js';
import { RecommenderModel } from './recommender-model.js';

let songs: ToySong[];
let model: RecommenderModel;
beforeAll(() => {
  songs = toySongs();
  model = toyModel(songs);
});

/** The playlist's centroid in the model's scaled space and its bandwidth: the tracks' RMS radius, at least 0.5. */
function playlistKernel(m: RecommenderModel, tracks: { features: unknown }[]): { centre: number[]; h: number } {
  const scaled = tracks.map((t) => m.scaler.transformRow(Float64Array.from(m.featureNames, (f) => (t.features as Record<string, number>)[f]!), new Float64Array(m.featureNames.length)));
  const centre = m.featureNames.map((_, f) => scaled.reduce((sum, row) => sum + row[f]!, 0) / scaled.length);
  const h = Math.max(Math.sqrt(scaled.reduce((sum, row) => sum + row.reduce((s2, x, f) => s2 + (x - centre[f]!) ** 2, 0), 0) / scaled.length), 0.5);
  return { centre, h };
}
const playlistOf = (picked: ToySong[]) => picked.map((s) => ({ uri: `spotify:track:${s.uri}`, features: s.features }));
const ofGenre = (genre: string, n: number, from = 0) => songs.filter((s) => s.genre === genre).slice(from, from + n);

describe('recommend', () => {
  it('predicts the genre and returns exactly count ranked songs, never the playlist’s own', () => {
    const playlist = ofGenre('metal', 8);
    const result = recommend(playlistOf(playlist), model, { count: 15 });
    expect(result.genre).toBe('metal');
    expect(result.genreProbabilities.metal).toBeGreaterThan(0.9);
    expect(Object.values(result.genreProbabilities).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(result.recommendations).toHaveLength(15);
    expect(result.recommendations.map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const own = new Set(playlist.map((s) => s.uri));
    expect(result.recommendations.some((r) => own.has(r.uri))).toBe(false);
    for (let i = 1; i < 15; i++) expect(result.recommendations[i - 1]!.score).toBeGreaterThanOrEqual(result.recommendations[i]!.score);
    expect(result.recommendations.every((r) => r.genre === 'metal' && r.score > 0 && r.score <= 1 && r.distance >= 0)).toBe(true);
    expect(result.recommendations[0]).toMatchObject({ name: expect.stringMatching(/^song /), artist: 'metal' });
    expect(result.usedTracks).toBe(8);
    // Metal sits in the middle of the toy space, so its centroid is near the scaled origin and the
    // cosine says little; pop sits at one end, where it is meaningful.
    expect(Math.abs(result.similarity)).toBeLessThanOrEqual(1);
    expect(recommend(playlistOf(ofGenre('pop', 8)), model).similarity).toBeGreaterThan(0.9);
  });

  it('ranks the closest songs of the playlist’s cluster first', () => {
    // A playlist from one blob: the top recommendations come from the same blob (same cluster).
    const blob = songs.filter((s) => s.genre === 'pop').filter((_, i) => i % 2 === 0);
    const result = recommend(playlistOf(blob.slice(0, 6)), model, { count: 10 });
    const blobUris = new Set(blob.map((s) => s.uri));
    expect(result.recommendations).toHaveLength(10);
    expect(result.recommendations.every((r) => blobUris.has(r.uri))).toBe(true);
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]!.posterior).toBeGreaterThan(0.99);
    const distances = result.recommendations.map((r) => r.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('fills from the next clusters and then the genre when the cluster holds too few', () => {
    const blob = songs.filter((s) => s.genre === 'ambient').filter((_, i) => i % 2 === 0); // 60 songs
    const result = recommend(playlistOf(blob.slice(0, 5)), model, { count: 80 });
    expect(result.recommendations).toHaveLength(80);
    expect(result.clusters.length).toBe(2);
    const inBlob = result.recommendations.filter((r) => blob.some((s) => s.uri === r.uri)).length;
    expect(inBlob).toBe(55); // every other blob member first, then the fill
    expect(result.recommendations.slice(0, 55).every((r) => r.cluster === result.clusters[0]!.cluster)).toBe(true);
  });

  it('keeps the original algorithm as a baseline: one cluster, catalog order, no fill', () => {
    const blob = songs.filter((s) => s.genre === 'ambient').filter((_, i) => i % 2 === 0);
    const result = recommend(playlistOf(blob.slice(0, 5)), model, { count: 80, strategy: 'mean-features', ranking: 'catalog-order' });
    expect(result.strategy).toBe('mean-features');
    expect(result.recommendations).toHaveLength(55);
    const uris = result.recommendations.map((r) => r.uri);
    expect(uris).toEqual([...uris].sort());
  });

  it('honours excludeUris, a forced genre, and reports tracks without features', () => {
    const first = recommend(playlistOf(ofGenre('pop', 5)), model, { count: 5 });
    const excluded = first.recommendations.slice(0, 2).map((r) => `spotify:track:${r.uri}`);
    const second = recommend([...playlistOf(ofGenre('pop', 5)), { uri: 'spotify:track:unknownunknownunknown00' }, { features: null }], model, {
      count: 5,
      excludeUris: excluded,
    });
    // Both excluded uris (given as spotify:track: URIs) and the playlist's own tracks stay out.
    const secondUris = second.recommendations.map((r) => r.uri);
    expect(secondUris).toHaveLength(5);
    for (const uri of [...first.recommendations.slice(0, 2).map((r) => r.uri), ...ofGenre('pop', 5).map((s) => s.uri)]) expect(secondUris).not.toContain(uri);
    expect(second.skipped).toEqual([
      { index: 5, uri: 'spotify:track:unknownunknownunknown00', reason: 'no-features' },
      { index: 6, reason: 'no-features' },
    ]);
    const forced = recommend(playlistOf(ofGenre('pop', 5)), model, { genre: 'metal' });
    expect(forced.genre).toBe('metal');
    expect(forced.recommendations.length).toBeGreaterThan(0);
    expect(forced.recommendations.every((r) => r.genre === 'metal')).toBe(true);
  });

  it('splits the count across genres for a mixed playlist with multiGenre', () => {
    const mixed = [...ofGenre('metal', 6), ...ofGenre('ambient', 4)];
    const single = recommend(playlistOf(mixed), model, { count: 10, strategy: 'mean-proba' });
    expect(new Set(single.recommendations.map((r) => r.genre)).size).toBe(1);
    const multi = recommend(playlistOf(mixed), model, { count: 10, strategy: 'mean-proba', multiGenre: true });
    const count = (genre: string) => multi.recommendations.filter((r) => r.genre === genre).length;
    expect(count('metal')).toBe(6);
    expect(count('ambient')).toBe(4);
    expect(multi.recommendations.map((r) => r.rank)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('by default reads a mixed playlist as a mixture: both genres, in proportion, each around its own tracks', () => {
    const mixed = [...ofGenre('metal', 6), ...ofGenre('ambient', 4)];
    const result = recommend(playlistOf(mixed), model, { count: 10 });
    expect(result.strategy).toBe('mixture');
    expect(result.genreProbabilities.metal).toBeCloseTo(0.6, 1);
    expect(result.genreProbabilities.ambient).toBeCloseTo(0.4, 1);
    const count = (genre: string) => result.recommendations.filter((r) => r.genre === genre).length;
    expect([count('metal'), count('ambient')]).toEqual([6, 4]);
    // A single-genre playlist stays in its genre: EM does not spread it.
    const pure = recommend(playlistOf(ofGenre('pop', 8)), model, { count: 20 });
    expect(pure.genreProbabilities.pop).toBeGreaterThan(0.99);
    expect(pure.recommendations.every((r) => r.genre === 'pop')).toBe(true);
    // Without the quotas the score alone decides.
    expect(() => recommend(playlistOf(mixed), model, { multiGenre: false, genreWeight: -1 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    expect(() => recommend(playlistOf(mixed), model, { temperature: 0 })).toThrow(/options.temperature/);
  });

  it('reads a playlist as one genre unless a mixture explains it by mixEvidence nats more', () => {
    const mixed = playlistOf([...ofGenre('metal', 6), ...ofGenre('ambient', 4)]);
    // A 6 + 4 mix gains far more than 4 nats: read as a mix by default, as one genre when the
    // evidence asked for is out of reach.
    expect(new Set(recommend(mixed, model, { count: 10 }).recommendations.map((r) => r.genre))).toEqual(new Set(['metal', 'ambient']));
    const one = recommend(mixed, model, { count: 10, mixEvidence: 1e9 });
    expect(one.genre).toBe('metal');
    expect(one.recommendations.every((r) => r.genre === 'metal')).toBe(true);
    // Read as one genre, its probabilities are the tracks' mean ones, and each song scores its
    // genre's weight² (genreWeight 2) × exp(−½ (d / h)²) around the whole playlist, h the
    // tracks' RMS radius in scaled space (decision 1010); the weight is the mean probability
    // over the genre's share of the classifier's training rows, normalised (decision 1100).
    const meanProba = recommend(mixed, model, { count: 10, strategy: 'mean-proba' });
    expect(one.genreProbabilities).toEqual(meanProba.genreProbabilities);
    const training = model.genres.map((g) => songs.filter((s) => s.genre === g).length);
    const ratio = Object.fromEntries(model.genres.map((g, k) => [g, one.genreProbabilities[g]! / (training[k]! / songs.length)]));
    const total = Object.values(ratio).reduce((a, b) => a + b, 0);
    const { centre, h } = playlistKernel(model, mixed);
    for (const r of one.recommendations) {
      expect(r.score).toBeCloseTo((ratio[r.genre]! / total) ** 2 * Math.exp(-0.5 * (r.distance / h) ** 2), 12);
    }
    // Every genre competes: without the probabilities (genreWeight 0) and MMR, the list is the
    // 10 songs of any genre nearest the playlist's centroid, the playlist's own left out.
    const own = new Set(mixed.map((t) => t.uri.replace('spotify:track:', '')));
    const nearest = songs
      .filter((s) => !own.has(s.uri))
      .map((s) => {
        const x = model.scaler.transformRow(Float64Array.from(s.vector), new Float64Array(s.vector.length));
        return { uri: s.uri, d2: x.reduce((sum, v, f) => sum + (v - centre[f]!) ** 2, 0) };
      })
      .sort((a, b) => a.d2 - b.d2)
      .slice(0, 10);
    const flat = recommend(mixed, model, { count: 10, mixEvidence: 1e9, genreWeight: 0, diversity: 0 });
    expect(flat.recommendations.map((r) => r.uri)).toEqual(nearest.map((s) => s.uri));
    // 0 always reads a mixture; a negative or infinite evidence is refused by name.
    expect(recommend(playlistOf(ofGenre('pop', 8)), model, { count: 10, mixEvidence: 0 }).strategy).toBe('mixture');
    for (const mixEvidence of [-1, Number.POSITIVE_INFINITY]) {
      expect(() => recommend(mixed, model, { mixEvidence })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE', message: expect.stringContaining('options.mixEvidence') }));
    }
  });

  it('names a playlist read as one genre by the largest sum of log-probabilities, not the mean probability', () => {
    // A classifier made by hand (one stump per genre on the key, baseline 0, so each track's
    // probabilities are exactly these): key ≤ 2.5 reads (ambient 0.9, metal 0.1, pop 1e-6),
    // key > 2.5 reads (ambient 0.001, metal 0.5, pop 0.499). Five of each: the mean says ambient
    // (0.45 against metal 0.30); the sum of log-probabilities says metal (5·ln 0.1 + 5·ln 0.5 =
    // −15.0 against ambient's 5·ln 0.9 + 5·ln 0.001 = −35.1): every track allows metal, half rule
    // ambient out (decision 1001).
    const low = [0.899999, 0.1, 0.000001];
    const high = [0.001, 0.5, 0.499];
    const handMade = withKeyStumps(model, low, high);
    const tracks = ofGenre('metal', 10).map((s, i) => ({ uri: `spotify:track:${s.uri}`, features: { ...s.features, key: i < 5 ? 0 : 5 } }));
    // mixEvidence out of reach: the playlist is read as one genre whatever a mixture gains.
    const one = recommend(tracks, handMade, { count: 10, mixEvidence: 1e9 });
    expect(one.genre).toBe('metal');
    expect(one.recommendations.every((r) => r.genre === 'metal')).toBe(true);
    // 'mean-proba' keeps the mean's argmax.
    expect(recommend(tracks, handMade, { count: 10, strategy: 'mean-proba' }).genre).toBe('ambient');
  });

  it('counts the classifier\'s training prior once when it names a playlist read as one genre', () => {
    // A classifier made by hand whose training rows were 60% ambient, 20% metal, 20% pop (its
    // baseline, the boosting start, holds the log priors) and whose one stump per genre makes
    // every track read exactly (ambient 0.5, metal 0.4, pop 0.1). Ten such tracks: the plain sum
    // of log-probabilities says ambient (10·ln 0.5 = −6.93 against metal's 10·ln 0.4 = −9.16),
    // but each track is 0.5 / 0.6 = 0.83 times as likely under ambient as the prior expects and
    // 0.4 / 0.2 = 2 times under metal. Counting the prior once, Σ log p − 9·log prior: ambient
    // −6.93 + 4.60 = −2.33, metal −9.16 + 14.48 = 5.32, pop −23.03 + 14.48 = −8.54 → metal
    // (decision 1100). One track alone is named as the classifier predicts it: ambient. The
    // songs are scored with the prior taken out too: weights 0.5/0.6, 0.4/0.2, 0.1/0.2
    // normalised = (0.25, 0.6, 0.15), squared (genreWeight 2), × exp(−½ (d / h)²).
    const priors = [0.6, 0.2, 0.2];
    const p = [0.5, 0.4, 0.1];
    const handMade = withKeyStumps(model, p, p, priors.map(Math.log));
    expect(Array.from(handMade.classifier.predictProbaRow(ofGenre('metal', 1)[0]!.vector)).map((x) => x.toFixed(12))).toEqual(p.map((x) => x.toFixed(12)));
    const tracks = playlistOf(ofGenre('metal', 10));
    // mixEvidence out of reach: the playlist is read as one genre whatever a mixture gains.
    const read = recommend(tracks, handMade, { count: 10, mixEvidence: 1e9, diversity: 0 });
    expect(read.genre).toBe('metal');
    const weight: Record<string, number> = { ambient: 0.25, metal: 0.6, pop: 0.15 };
    const { h } = playlistKernel(handMade, tracks);
    for (const r of read.recommendations) expect(r.score).toBeCloseTo(weight[r.genre]! ** 2 * Math.exp(-0.5 * (r.distance / h) ** 2), 12);
    // The temperature does not move the read (the prior term is tempered with the sum).
    expect(recommend(tracks, handMade, { count: 10, mixEvidence: 1e9, temperature: 3 }).genre).toBe('metal');
    expect(recommend(tracks.slice(0, 1), handMade, { count: 10, mixEvidence: 1e9 }).genre).toBe('ambient');
    // 'mean-proba' keeps the mean's argmax.
    expect(recommend(tracks, handMade, { count: 10, strategy: 'mean-proba' }).genre).toBe('ambient');
  });

  it('scores a long playlist in one classifier batch, to the bit what one row at a time gives', () => {
    const tracks = [...ofGenre('pop', 12), ...ofGenre('metal', 9)];
    const result = recommend(playlistOf(tracks), model, { count: 5, strategy: 'mean-proba' });
    const mean = new Float64Array(model.genres.length);
    // The playlist's rows are summed in sorted order; the same order here gives the same floats.
    const rows = tracks.map((s) => model.featureNames.map((f) => (s.features as Record<string, number>)[f]!)).sort((a, b) => {
      for (let f = 0; f < a.length; f++) if (a[f] !== b[f]) return a[f]! - b[f]!;
      return 0;
    });
    for (const row of rows) model.classifier.predictProbaRow(row).forEach((p, g) => (mean[g]! += p / rows.length));
    expect(Object.values(result.genreProbabilities)).toEqual(Array.from(mean));
  });

  it('is deterministic bit for bit, also after a JSON round trip of the model', () => {
    const playlist = playlistOf([...ofGenre('pop', 7), ...ofGenre('metal', 2)]);
    const a = recommend(playlist, model, { count: 20 });
    const b = recommend(playlist, model, { count: 20 });
    const restored = RecommenderModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const c = recommend(playlist, restored, { count: 20 });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('refuses bad input with typed errors naming the problem', () => {
    const catchError = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as RecommendError;
      }
      throw new Error('did not throw');
    };
    const good = playlistOf(ofGenre('pop', 3));
    expect(catchError(() => recommend([], model))).toMatchObject({ code: 'ERR_EMPTY_PLAYLIST' });
    expect(catchError(() => recommend(null as never, model))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', name: 'RecommendError', message: expect.stringContaining('playlist: must be an array') });
    expect(catchError(() => recommend([{ uri: 'x' }, { uri: 'y', features: null }], model))).toMatchObject({ code: 'ERR_NO_KNOWN_TRACKS', message: expect.stringContaining('none of its 2 tracks') });
    const nan = catchError(() => recommend([{ features: { ...songs[0]!.features, tempo: Number.NaN } }], model));
    expect(nan).toMatchObject({ code: 'ERR_NON_FINITE', message: expect.stringContaining('playlist[0].features.tempo') });
    for (const count of [0, 101, 2.5]) expect(catchError(() => recommend(good, model, { count }))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    const { tempo: _tempo, ...noTempo } = songs[0]!.features;
    expect(catchError(() => recommend([{ features: { ...noTempo, bpm: 120 } }], model))).toMatchObject({ code: 'ERR_FEATURE_MISMATCH', message: expect.stringContaining('lacks "tempo"') });
    expect(catchError(() => recommend(good, model, { genre: 'polka' }))).toMatchObject({ code: 'ERR_UNKNOWN_GENRE' });
    expect(catchError(() => recommend(good, model, { strategy: 'median' as never }))).toBeInstanceOf(RecommendError);
  });
});

describe('RecommenderModel JSON', () => {
  it('round-trips and keeps training metadata and catalog metadata', () => {
    const json = model.toJSON();
    expect(json).toMatchObject({ format: 'msr.recommender-model', version: 1, genres: ['ambient', 'metal', 'pop'] });
    const restored = RecommenderModel.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(restored.training.params).toEqual({ toy: true });
    expect(restored.catalogSize).toBe(360);
    expect(restored.genreModels[1]!.catalog.artists![0]).toBe('metal');
  });

  it('refuses a corrupted or newer bundle with a clear error', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(() => RecommenderModel.fromJSON({ ...json, version: 2 })).toThrow(/version: is 2, written by a newer msr/);
    expect(() => RecommenderModel.fromJSON({ ...json, format: 'other' })).toThrow(/json\.format/);
    const badLabels = structuredClone(json);
    badLabels.genreModels[0].catalog.labels[3] = 7;
    expect(() => RecommenderModel.fromJSON(badLabels)).toThrow(/labels\[3\]: is 7, but the mixture has 2 components/);
    const truncated = structuredClone(json);
    truncated.genreModels[2].catalog.features = truncated.genreModels[2].catalog.features.slice(0, 400);
    expect(() => RecommenderModel.fromJSON(truncated)).toThrow(/genreModels\[2\]\.catalog\.features/);
    const badClassifier = structuredClone(json);
    badClassifier.classifier = { nonsense: true };
    expect(() => RecommenderModel.fromJSON(badClassifier)).toThrow(expect.objectContaining({ code: 'ERR_MODEL_FORMAT', message: expect.stringMatching(/^json\.classifier/) }));
  });
});

describe('recommend with re-released recordings', () => {
  it('recommends each recording once and excludes re-releases of playlist tracks', () => {
    const base = toySongs(40, 9);
    // Every pop song re-released under a second id (same features), like the Kaggle data.
    const copies = base.filter((s) => s.genre === 'pop').map((s) => ({ ...s, uri: `${s.uri.slice(0, 21)}Z` }));
    const withCopies = toyModel([...base, ...copies]);
    const pop = base.filter((s) => s.genre === 'pop');
    const playlist = playlistOf(pop.slice(0, 4));
    const result = recommend(playlist, withCopies, { count: 30 });
    const recordings = new Set(result.recommendations.map((r) => r.uri.slice(0, 21)));
    expect(recordings.size).toBe(30);
    expect(result.recommendations).toHaveLength(30);
    const own = new Set(pop.slice(0, 4).map((s) => s.uri.slice(0, 21)));
    expect(result.recommendations.some((r) => own.has(r.uri.slice(0, 21)))).toBe(false);
    // The old opt-out no longer lets a recording repeat (decision 0823).
    const all = recommend(playlist, withCopies, { count: 30, collapseDuplicates: false });
    expect(new Set(all.recommendations.map((r) => r.uri.slice(0, 21))).size).toBe(30);
  });
});
