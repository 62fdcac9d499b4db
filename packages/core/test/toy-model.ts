/**
 * A small, real recommender model for tests: three genres, each two well-separated blobs in
 * the nine-feature space, trained with the real classifier, mixtures and scaler.
 */
import { FEATURE_NAMES, type AudioFeatures } from '../src/data/features.js';
import { GaussianMixture } from '../src/models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';
import { createPrng } from '../src/random/prng.js';
import type { SongMetadata } from '../src/data/song-metadata.js';
import { RecommenderModel, type CatalogSong } from '../src/recommend/recommender-model.js';

export const TOY_GENRES = ['ambient', 'metal', 'pop'] as const;

export interface ToySong {
  uri: string;
  genre: string;
  features: AudioFeatures;
  vector: number[];
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Songs: `perGenre` per genre, half in each of the genre's two blobs. */
export function toySongs(perGenre = 120, seed = 1): ToySong[] {
  const rng = createPrng(seed);
  const songs: ToySong[] = [];
  TOY_GENRES.forEach((genre, g) => {
    for (let i = 0; i < perGenre; i++) {
      const blob = i % 2;
      const vector = FEATURE_NAMES.map((name, f) => {
        const centre = name === 'key' ? (g * 4 + blob * 2) % 12 : name === 'loudness' ? -20 + g * 6 + blob * 3 : name === 'tempo' ? 80 + g * 30 + blob * 15 : 0.2 + 0.25 * g + 0.1 * blob * ((f % 2) * 2 - 1);
        const spread = name === 'key' ? 0 : name === 'loudness' ? 1 : name === 'tempo' ? 4 : 0.03;
        const value = centre + spread * rng.normal();
        return name === 'key' ? Math.round(value) : name === 'loudness' || name === 'tempo' ? value : Math.min(1, Math.max(0, value));
      });
      const uri = Array.from({ length: 22 }, () => ALPHABET[rng.int(62)]).join('');
      songs.push({ uri, genre, vector, features: Object.fromEntries(FEATURE_NAMES.map((n, f) => [n, vector[f]!])) as AudioFeatures });
    }
  });
  return songs;
}

/** A model over {@link toySongs}, every song in its genre's catalog. */
export function toyModel(songs: ToySong[] = toySongs()): RecommenderModel {
  const X = songs.map((s) => s.vector);
  const y = songs.map((s) => TOY_GENRES.indexOf(s.genre as (typeof TOY_GENRES)[number]));
  const scaler = new StandardScaler().fit(X);
  const classifier = new GradientBoostingClassifier({ learningRate: 0.3, maxDepth: 3, nEstimators: 20, randomState: 0 }).fit(X, y);
  const genreModels = TOY_GENRES.map((genre) => {
    const members = songs.filter((s) => s.genre === genre);
    const mixture = new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit(scaler.transform(members.map((s) => s.vector)));
    return { genre, mixture, songs: members.map((s) => ({ uri: s.uri, features: s.vector, name: `song ${s.uri.slice(0, 4)}`, artist: genre })) };
  });
  return RecommenderModel.build({ scaler, classifier, genres: TOY_GENRES, genreModels, training: { createdAt: '2026-01-01T00:00:00.000Z', params: { toy: true } } });
}

/**
 * {@link toyModel}'s fitted parts over the same songs, each catalog song given the display
 * metadata `metadata(song, i)` returns (`i`: its position within its genre).
 */
export function toyModelWithMetadata(songs: ToySong[], metadata: (song: ToySong, i: number) => SongMetadata): RecommenderModel {
  return withCatalogs(toyModel(songs), (genre) => songs.filter((s) => s.genre === genre).map((s, i) => ({ uri: s.uri, features: s.vector, ...metadata(s, i) })));
}

/** `base`'s fitted parts (scaler, classifier, mixtures) over other catalogs: `catalog(genre)` gives each genre's songs. */
export function withCatalogs(base: RecommenderModel, catalog: (genre: string) => CatalogSong[]): RecommenderModel {
  return RecommenderModel.build({
    scaler: base.scaler,
    classifier: base.classifier,
    genres: base.genres,
    genreModels: base.genreModels.map(({ genre, mixture }) => ({ genre, mixture, songs: catalog(genre) })),
    training: { createdAt: '2026-01-01T00:00:00.000Z' },
  });
}

/**
 * `base` with a classifier made by hand: one stump per genre on the key (feature 0), so every
 * track with key ≤ 2.5 reads exactly the probabilities `low` and every other track `high`
 * (`baseline`, the boosting start, holds the log priors; each leaf is log p − baseline). The
 * catalogs, scaler and mixtures are `base`'s.
 */
export function withKeyStumps(base: RecommenderModel, low: readonly number[], high: readonly number[], baseline: readonly number[] = low.map(() => 0)): RecommenderModel {
  const classifier = GradientBoostingClassifier.fromJSON({
    ...base.classifier.toJSON(),
    nIter: 1,
    baseline: [...baseline],
    featureImportances: base.featureNames.map((_, f) => (f === 0 ? 1 : 0)),
    trees: {
      roots: low.map((_, g) => 3 * g),
      feature: low.flatMap(() => [0, -1, -1]),
      threshold: low.flatMap((_, g) => [2.5, Math.log(low[g]!) - baseline[g]!, Math.log(high[g]!) - baseline[g]!]),
      left: low.flatMap((_, g) => [3 * g + 1, 0, 0]),
    },
  });
  const d = base.featureNames.length;
  return RecommenderModel.build({
    scaler: base.scaler,
    classifier,
    genres: base.genres,
    genreModels: base.genreModels.map(({ genre, mixture, catalog }) => ({ genre, mixture, songs: catalog.uris.map((uri, j) => ({ uri, features: catalog.raw.subarray(j * d, (j + 1) * d) })) })),
    training: { createdAt: '2026-01-01T00:00:00.000Z' },
  });
}
