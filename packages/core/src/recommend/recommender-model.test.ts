import { describe, expect, it } from 'vitest';
import { encodeFloat32Base64 } from '../encoding/base64-floats.js';
import { GaussianMixture } from '../models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier } from '../models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { RecommenderModel, type CatalogSong, type RecommenderModelParts } from './recommender-model.js';
import { thrown } from '../models/__fixtures__/thrown.js';

/**
 * A tiny model, two features, two genres, built inside each test (so per-test coverage sees
 * it): genre `lo` around (0, 0) and (0, 4), genre `hi` around (10, 0) and (10, 4).
 * The scaler's mean is (5, 2) and its standard deviation (5, √3.805) by hand (y's squared
 * deviations 4, 3.61, 4, 3.61).
 */
const ROWS = [
  [0, 0], [0, 0.1], [0, 4], [0, 3.9],
  [10, 0], [10, 0.1], [10, 4], [10, 3.9],
];
const GENRES = ['lo', 'hi'];

function parts(overrides: Partial<RecommenderModelParts> = {}): RecommenderModelParts {
  const scaler = new StandardScaler().fit(ROWS);
  const classifier = new GradientBoostingClassifier({ nEstimators: 2, maxDepth: 2, randomState: 0 }).fit(ROWS, [0, 0, 0, 0, 1, 1, 1, 1]);
  const mixture = (rows: number[][]) => new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit(scaler.transform(rows));
  const songs = (prefix: string, rows: number[][]): CatalogSong[] => rows.map((features, i) => ({ uri: `${prefix}${i}`, features }));
  return {
    featureNames: ['x', 'y'],
    scaler,
    classifier,
    genres: GENRES,
    genreModels: [
      // Given out of uri order (h2, h0, h3, h1): build sorts each catalog by uri.
      { genre: 'hi', mixture: mixture(ROWS.slice(4)), songs: [2, 0, 3, 1].map((i) => songs('h', ROWS.slice(4))[i]!) },
      { genre: 'lo', mixture: mixture(ROWS.slice(0, 4)), songs: songs('l', ROWS.slice(0, 4)) },
    ],
    training: { createdAt: '2026-01-01T00:00:00.000Z' },
    ...overrides,
  };
}


describe('RecommenderModel.build', () => {
  it('lays each genre out in genres order, sorted by uri, with scaled features and mixture labels', () => {
    const model = RecommenderModel.build(parts());
    expect(model.featureNames).toEqual(['x', 'y']);
    expect(model.genres).toEqual(['lo', 'hi']);
    expect(model.genreModels.map((m) => m.genre)).toEqual(['lo', 'hi']);
    const hi = model.genreModels[1]!.catalog;
    expect(hi.size).toBe(4);
    expect(hi.uris).toEqual(['h0', 'h1', 'h2', 'h3']);
    expect(Array.from(hi.raw)).toEqual([10, 0, 10, Math.fround(0.1), 10, 4, 10, Math.fround(3.9)]);
    // (x − 5) / 5 and (y − 2) / √3.805, from the float32 values stored.
    const sy = Math.sqrt(3.805);
    const expected = [1, -2 / sy, 1, (Math.fround(0.1) - 2) / sy, 1, 2 / sy, 1, (Math.fround(3.9) - 2) / sy];
    Array.from(hi.scaled).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    // Rows 0–1 are one blob, 2–3 the other: two labels, shared within a blob.
    const labels = Array.from(hi.labels);
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).toBe(labels[3]);
    expect(labels[0]).not.toBe(labels[2]);
    expect(new Set(labels)).toEqual(new Set([0, 1]));
    expect(model.catalogSize).toBe(8);
  });

  it('names songs by bare id, the first of a repeated id, and groups identical features into recordings', () => {
    const base = parts();
    const twins: CatalogSong[] = [
      { uri: 'spotify:track:abc', features: [10, 0] },
      { uri: 'abc', features: [10, 0] },
      { uri: 'https://open.spotify.com/track/xyz?si=1', features: [10, 4] },
    ];
    const model = RecommenderModel.build({ ...base, genreModels: [base.genreModels[1]!, { ...base.genreModels[0]!, songs: twins }] });
    const hi = model.genreModels[1]!.catalog;
    expect(hi.uris).toEqual(['abc', 'https://open.spotify.com/track/xyz?si=1', 'spotify:track:abc']);
    expect(hi.ids).toEqual(['abc', 'xyz', 'abc']);
    expect([...hi.idIndex]).toEqual([['abc', 0], ['xyz', 1]]);
    expect(Array.from(hi.recordings.recording)).toEqual([0, 1, 0]);
    expect(model.catalogSize).toBe(7);
  });

  it('reads the nine audio features by default', () => {
    const { featureNames: _given, ...rest } = parts();
    expect(thrown(() => RecommenderModel.build(rest))).toMatchObject({ code: 'ERR_FEATURE_COUNT', message: 'scaler: reads 2 features, not 9' });
  });

  it('stamps the build time unless given, and keeps the training metadata given', () => {
    const before = Date.now();
    const stamped = RecommenderModel.build(parts({ training: undefined }));
    const at = Date.parse(stamped.training.createdAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(stamped.training).toEqual({ createdAt: stamped.training.createdAt, runIds: {}, params: {}, metrics: {} });
    const given = RecommenderModel.build(parts({ training: { createdAt: 'then', params: { k: 2 }, dataFingerprint: 'f' } }));
    expect(given.training).toEqual({ createdAt: 'then', runIds: {}, params: { k: 2 }, metrics: {}, dataFingerprint: 'f' });
  });

  it('refuses parts that do not fit together, naming the part', () => {
    const base = parts();
    const three = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 2, randomState: 0 }).fit([[0, 0], [5, 5], [0, 1], [10, 1], [5, 6], [10, 0]], [0, 1, 0, 2, 1, 2]);
    const gapped = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 2, randomState: 0 }).fit(ROWS, [0, 0, 0, 0, 2, 2, 2, 2]);
    const wide = new StandardScaler().fit([[1, 2, 3], [4, 5, 7]]);
    const wideClassifier = new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 2, randomState: 0 }).fit([[1, 2, 3], [4, 5, 7], [1, 2, 4], [4, 5, 8]], [0, 1, 0, 1]);
    const wideMixture = new GaussianMixture({ nComponents: 1, covarianceType: 'spherical', randomState: 0 }).fit([[1, 2, 3], [4, 5, 7], [1, 2, 4]]);
    const cases: [Partial<RecommenderModelParts>, string, string][] = [
      [{ genres: ['lo', 'lo'] }, 'ERR_MODEL_FORMAT', 'genres: must not repeat a genre'],
      [{ scaler: wide }, 'ERR_FEATURE_COUNT', 'scaler: reads 3 features, not 2'],
      [{ classifier: wideClassifier }, 'ERR_FEATURE_COUNT', 'classifier: reads 3 features, not 2'],
      [{ classifier: three }, 'ERR_MODEL_FORMAT', 'classifier: must predict labels 0…1 (one per genre), has classes [0, 1, 2]'],
      [{ classifier: gapped }, 'ERR_MODEL_FORMAT', 'classifier: must predict labels 0…1 (one per genre), has classes [0, 2]'],
      [{ genreModels: [base.genreModels[0]!] }, 'ERR_INVALID_ARGUMENT', 'parts.genreModels: has no entry for genre "lo"'],
      [{ genreModels: [base.genreModels[0]!, { ...base.genreModels[1]!, mixture: wideMixture }] }, 'ERR_FEATURE_COUNT', 'parts.genreModels[0].mixture: reads 3 features, not 2'],
      [
        { genreModels: [base.genreModels[0]!, { ...base.genreModels[1]!, songs: [{ uri: 'b', features: [0, 0] }, { uri: 'a', features: [0, 1] }, { uri: 'b', features: [0, 2] }] }] },
        'ERR_INVALID_ARGUMENT',
        'parts.genreModels[0].songs: lists uri "b" twice',
      ],
      [
        { genreModels: [base.genreModels[0]!, { ...base.genreModels[1]!, songs: [{ uri: 'a', features: [0, 0] }, { uri: 'b', features: [0] }] }] },
        'ERR_FEATURE_COUNT',
        'parts.genreModels[0].songs[1].features: has 1 values, not 2',
      ],
      [
        { genreModels: [base.genreModels[0]!, { ...base.genreModels[1]!, songs: [{ uri: 'a', features: [0, 0] }, { uri: 'b', features: [0, Number.POSITIVE_INFINITY] }] }] },
        'ERR_NON_FINITE',
        'parts.genreModels[0].songs[1].features[1]: must be finite, got Infinity',
      ],
    ];
    for (const [override, code, message] of cases) expect(thrown(() => RecommenderModel.build({ ...base, ...override }))).toMatchObject({ code, message });
  });
});

describe('RecommenderModel JSON', () => {
  const jsonOf = () => JSON.parse(JSON.stringify(RecommenderModel.build(parts()).toJSON()));

  it('writes the versioned form: raw features as float32 base64, labels, training', () => {
    const model = RecommenderModel.build(parts());
    const json = model.toJSON();
    expect(json).toMatchObject({ format: 'msr.recommender-model', version: 1, featureNames: ['x', 'y'], genres: ['lo', 'hi'], training: model.training });
    expect(json.genreModels.map((m) => m.genre)).toEqual(['lo', 'hi']);
    const hi = json.genreModels[1]!.catalog;
    expect(hi.uris).toEqual(['h0', 'h1', 'h2', 'h3']);
    expect(hi.features).toBe(encodeFloat32Base64([10, 0, 10, 0.1, 10, 4, 10, 3.9]));
    expect(hi.labels).toEqual(Array.from(model.genreModels[1]!.catalog.labels));
    expect(json.scaler).toEqual(model.scaler.toJSON());
    expect(json.classifier).toEqual(model.classifier.toJSON());
    expect(json.genreModels[0]!.mixture).toEqual(model.genreModels[0]!.mixture.toJSON());
  });

  it('restores the same model', () => {
    const model = RecommenderModel.build(parts());
    const restored = RecommenderModel.fromJSON(jsonOf());
    expect(restored.toJSON()).toEqual(JSON.parse(JSON.stringify(model.toJSON())));
    const [a, b] = [model.genreModels[1]!.catalog, restored.genreModels[1]!.catalog];
    expect(Array.from(b.scaled)).toEqual(Array.from(a.scaled));
    expect(b.ids).toEqual(a.ids);
    expect(Array.from(b.recordings.recording)).toEqual(Array.from(a.recordings.recording));
    expect(restored.catalogSize).toBe(8);
  });

  it('refuses a bundle from a newer msr before validating it, and reads version 1', () => {
    expect(thrown(() => RecommenderModel.fromJSON({ version: 2 }))).toMatchObject({
      code: 'ERR_MODEL_VERSION',
      message: 'json.version: is 2, written by a newer msr; this build reads recommender models up to version 1',
    });
    expect(thrown(() => RecommenderModel.fromJSON({ ...jsonOf(), version: 0 }))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: expect.stringMatching(/^json\.version: .* \(not a valid recommender model\)$/) });
    // Only a number is a version from a newer msr; a string is not a version at all.
    expect(thrown(() => RecommenderModel.fromJSON({ ...jsonOf(), version: '2' }))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: expect.stringMatching(/^json\.version: /) });
    expect(thrown(() => RecommenderModel.fromJSON(null))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: expect.stringMatching(/^json: .*\(not a valid recommender model\)$/) });
  });

  it('names the first invalid field by its path', () => {
    const json = jsonOf();
    json.genreModels[1].catalog.labels.pop();
    expect(thrown(() => RecommenderModel.fromJSON(json))).toMatchObject({
      code: 'ERR_MODEL_FORMAT',
      message: 'json.genreModels.1.catalog.labels: must have one label per uri (not a valid recommender model)',
    });
  });

  it('refuses parts that fail their own validation, under the bundle path, keeping the cause', () => {
    for (const [field, path] of [
      [(j: Record<string, any>) => (j.scaler = { nonsense: 1 }), 'json.scaler'],
      [(j: Record<string, any>) => (j.classifier = { nonsense: 1 }), 'json.classifier'],
      [(j: Record<string, any>) => (j.genreModels[1].mixture = { nonsense: 1 }), 'json.genreModels[1].mixture'],
    ] as const) {
      const json = jsonOf();
      field(json);
      const error = thrown(() => RecommenderModel.fromJSON(json));
      expect(error).toMatchObject({ code: 'ERR_MODEL_FORMAT' });
      expect(error.message.startsWith(`${path}: `)).toBe(true);
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.message).toBe(`${path}: ${(error.cause as Error).message}`);
    }
  });

  it('refuses genre models missing, extra or out of genres order', () => {
    const message = 'json.genreModels: must hold one entry per genre, in `genres` order';
    const missing = jsonOf();
    missing.genreModels.pop();
    const extra = jsonOf();
    extra.genreModels.push(extra.genreModels[0]);
    const swapped = jsonOf();
    swapped.genreModels.reverse();
    for (const json of [missing, extra, swapped]) expect(thrown(() => RecommenderModel.fromJSON(json))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message });
    const renamed = jsonOf();
    renamed.genreModels[1].genre = 'other';
    expect(thrown(() => RecommenderModel.fromJSON(renamed))).toMatchObject({ message });
  });

  it('refuses a mixture of another width, features of another length or not finite', () => {
    const wide = jsonOf();
    wide.genreModels[0].mixture = JSON.parse(JSON.stringify(new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit([[1, 2, 3], [4, 5, 7], [1, 2, 4], [4, 5, 8]]).toJSON()));
    expect(thrown(() => RecommenderModel.fromJSON(wide))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: 'json.genreModels[0].mixture: reads 3 features, not 2' });
    const garbled = jsonOf();
    garbled.genreModels[1].catalog.features = 'not base64!';
    expect(thrown(() => RecommenderModel.fromJSON(garbled))).toMatchObject({ message: expect.stringMatching(/^json\.genreModels\[1\]\.catalog\.features: /) });
    const short = jsonOf();
    short.genreModels[1].catalog.features = encodeFloat32Base64([10, 0, 10, 0.1, 10, 4, 10]);
    expect(thrown(() => RecommenderModel.fromJSON(short))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: 'json.genreModels[1].catalog.features: holds 7 values, not 4 songs × 2 features' });
    const long = jsonOf();
    long.genreModels[1].catalog.features = encodeFloat32Base64([10, 0, 10, 0.1, 10, 4, 10, 3.9, 1]);
    expect(thrown(() => RecommenderModel.fromJSON(long))).toMatchObject({ message: 'json.genreModels[1].catalog.features: holds 9 values, not 4 songs × 2 features' });
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const json = jsonOf();
      json.genreModels[1].catalog.features = encodeFloat32Base64([10, 0, 10, 0.1, 10, 4, 10, bad]);
      expect(thrown(() => RecommenderModel.fromJSON(json))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: 'json.genreModels[1].catalog.features[7]: is not finite' });
    }
    const first = jsonOf();
    first.genreModels[0].catalog.features = encodeFloat32Base64([Number.NaN, 0, 0, 0.1, 0, 4, 0, 3.9]);
    expect(thrown(() => RecommenderModel.fromJSON(first))).toMatchObject({ message: 'json.genreModels[0].catalog.features[0]: is not finite' });
  });

  it('refuses uris out of order or repeated, naming the first', () => {
    const message = (i: number) => `json.genreModels[1].catalog.uris[${i}]: is out of order or repeated (catalogs are sorted by uri)`;
    const swapped = jsonOf();
    swapped.genreModels[1].catalog.uris = ['h0', 'h1', 'h3', 'h2'];
    expect(thrown(() => RecommenderModel.fromJSON(swapped))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: message(3) });
    const repeated = jsonOf();
    repeated.genreModels[1].catalog.uris = ['h0', 'h0', 'h2', 'h3'];
    expect(thrown(() => RecommenderModel.fromJSON(repeated))).toMatchObject({ message: message(1) });
  });

  it('refuses a label past the mixture’s components; the last component is a label', () => {
    const json = jsonOf();
    json.genreModels[1].catalog.labels = [1, 1, 0, 0];
    expect(Array.from(RecommenderModel.fromJSON(json).genreModels[1]!.catalog.labels)).toEqual([1, 1, 0, 0]);
    json.genreModels[1].catalog.labels = [1, 1, 0, 2];
    expect(thrown(() => RecommenderModel.fromJSON(json))).toMatchObject({ code: 'ERR_MODEL_FORMAT', message: 'json.genreModels[1].catalog.labels[3]: is 2, but the mixture has 2 components' });
  });
});
