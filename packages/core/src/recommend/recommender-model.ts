import { FEATURE_NAMES } from '../data/features.js';
import { trackIdFromUri } from '../data/track-id.js';
import { decodeFloat32Base64, encodeFloat32Base64 } from '../encoding/base64-floats.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { GaussianMixture } from '../models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier } from '../models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { indexRecordings, type RecordingIndex } from './catalog-index.js';
import { metadataFromJSON, metadataFromSongs, metadataToJSON, type CatalogMetadata } from './catalog-metadata.js';
import type { SongMetadata } from '../data/song-metadata.js';
import {
  RECOMMENDER_MODEL_FORMAT,
  RECOMMENDER_MODEL_VERSION,
  recommenderModelJsonSchema,
  trainingMetadataSchema,
  type RecommenderModelJSON,
  type TrainingMetadata,
} from './recommender-model-json.js';

/** The songs one genre recommends from, ready for scoring. */
export interface Catalog extends CatalogMetadata {
  readonly size: number;
  /** Track ids, in catalog order (sorted by uri when built with {@link RecommenderModel.build}), as stored. */
  readonly uris: readonly string[];
  /** Bare track id of each song (`spotify:track:…` and open.spotify.com forms normalised), for identity. */
  readonly ids: readonly string[];
  /** Bare track id → catalog index. */
  readonly idIndex: ReadonlyMap<string, number>;
  /** Raw features as stored (float32), row-major `size × featureNames.length`. */
  readonly raw: Float32Array;
  /** The same features in the model's scaled space, row-major. */
  readonly scaled: Float64Array;
  /** Each song's cluster in its genre's mixture. */
  readonly labels: Int32Array;
  /** Which songs are the same recording (identical features) — see {@link RecordingIndex}. */
  readonly recordings: RecordingIndex;
}

/** One genre's Gaussian mixture and catalog. */
export interface GenreModel {
  readonly genre: string;
  /** Fitted on the genre's songs in the model's scaled space. */
  readonly mixture: GaussianMixture;
  readonly catalog: Catalog;
}

/** A catalog song given to {@link RecommenderModel.build}. */
export interface CatalogSong extends SongMetadata {
  uri: string;
  /** Raw features in `featureNames` order. */
  features: ArrayLike<number>;
}

/** The fitted parts {@link RecommenderModel.build} assembles. */
export interface RecommenderModelParts {
  /** @default FEATURE_NAMES */
  featureNames?: readonly string[];
  /** Fitted on the songs' raw features; the mixtures and every distance use its output. */
  scaler: StandardScaler;
  /** Fitted on raw features with integer labels indexing `genres`. */
  classifier: GradientBoostingClassifier;
  /** Genres in classifier label order (label `i` is `genres[i]`). */
  genres: readonly string[];
  /** Per genre (any order, every genre once): its mixture, fitted on scaled features, and its songs. */
  genreModels: readonly { genre: string; mixture: GaussianMixture; songs: readonly CatalogSong[] }[];
  /** @default createdAt now, nothing else */
  training?: Partial<TrainingMetadata>;
}

/**
 * Everything `recommend()` needs, in one serialisable bundle: feature names, the fitted
 * scaler, the genre classifier, and per genre its Gaussian mixture and catalog (uris, features,
 * cluster labels, optional display metadata: names, artists, albums, popularity, duration, explicit), plus training metadata.
 *
 * @example
 * ```ts
 * const model = RecommenderModel.build({ scaler, classifier, genres, genreModels, training });
 * const text = JSON.stringify(model.toJSON());
 * const again = RecommenderModel.fromJSON(JSON.parse(text)); // validated
 * ```
 */
export class RecommenderModel {
  private constructor(
    readonly featureNames: readonly string[],
    readonly genres: readonly string[],
    readonly scaler: StandardScaler,
    readonly classifier: GradientBoostingClassifier,
    readonly genreModels: readonly GenreModel[],
    readonly training: TrainingMetadata,
  ) {}

  /** Assembles fitted parts; labels every catalog song with its cluster; sorts catalogs by uri. */
  static build(parts: RecommenderModelParts): RecommenderModel {
    const featureNames = [...(parts.featureNames ?? FEATURE_NAMES)];
    const d = featureNames.length;
    const genres = [...parts.genres];
    checkParts(parts.scaler.nFeatures, parts.classifier, genres, d);
    const byGenre = new Map(parts.genreModels.map((m) => [m.genre, m]));
    const genreModels = genres.map((genre, g): GenreModel => {
      const part = byGenre.get(genre);
      if (!part) throw new InvalidArgumentError('parts.genreModels', `has no entry for genre "${genre}"`);
      if (part.mixture.nFeatures !== d) {
        throw new InvalidArgumentError(`parts.genreModels[${g}].mixture`, `reads ${part.mixture.nFeatures} features, not ${d}`, ERROR_CODES.featureCountMismatch);
      }
      const songs = [...part.songs].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
      const repeated = songs.findIndex((s, i) => i > 0 && s.uri === songs[i - 1]!.uri);
      if (repeated !== -1) throw new InvalidArgumentError(`parts.genreModels[${g}].songs`, `lists uri "${songs[repeated]!.uri}" twice`);
      const raw = new Float32Array(songs.length * d);
      songs.forEach((song, i) => {
        if (song.features.length !== d) {
          throw new InvalidArgumentError(`parts.genreModels[${g}].songs[${i}].features`, `has ${song.features.length} values, not ${d}`, ERROR_CODES.featureCountMismatch);
        }
        for (let f = 0; f < d; f++) {
          const value = song.features[f]!;
          if (!Number.isFinite(value)) {
            throw new InvalidArgumentError(`parts.genreModels[${g}].songs[${i}].features[${f}]`, `must be finite, got ${value}`, ERROR_CODES.nonFinite);
          }
          raw[i * d + f] = value;
        }
      });
      const scaled = scaleAll(parts.scaler, raw, d);
      const labels = new Int32Array(songs.length);
      for (let i = 0; i < songs.length; i++) labels[i] = part.mixture.predictRow(scaled.subarray(i * d, (i + 1) * d));
      return { genre, mixture: part.mixture, catalog: catalog(songs.map((s) => s.uri), raw, scaled, labels, metadataFromSongs(songs)) };
    });
    const training = trainingMetadataSchema.parse({ createdAt: new Date().toISOString(), ...parts.training });
    return new RecommenderModel(featureNames, genres, parts.scaler, parts.classifier, genreModels, training);
  }

  /** Total songs over every genre's catalog. */
  get catalogSize(): number {
    return this.genreModels.reduce((sum, m) => sum + m.catalog.size, 0);
  }

  /** The versioned JSON form, for `JSON.stringify`. */
  toJSON(): RecommenderModelJSON {
    return {
      format: RECOMMENDER_MODEL_FORMAT,
      version: RECOMMENDER_MODEL_VERSION,
      featureNames: [...this.featureNames],
      genres: [...this.genres],
      scaler: this.scaler.toJSON(),
      classifier: this.classifier.toJSON(),
      genreModels: this.genreModels.map(({ genre, mixture, catalog: c }) => ({
        genre,
        mixture: mixture.toJSON(),
        catalog: {
          uris: [...c.uris],
          features: encodeFloat32Base64(c.raw),
          labels: Array.from(c.labels),
          ...metadataToJSON(c),
        },
      })),
      training: this.training,
    };
  }

  /**
   * Restores a bundle from its JSON form. Refuses, with an `ERR_MODEL_FORMAT` (or
   * `ERR_MODEL_VERSION` for a bundle written by a newer msr) error naming the field, anything
   * that is not a complete, consistent bundle.
   */
  static fromJSON(json: unknown): RecommenderModel {
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > RECOMMENDER_MODEL_VERSION) {
      throw new InvalidArgumentError(
        'json.version',
        `is ${version}, written by a newer msr; this build reads recommender models up to version ${RECOMMENDER_MODEL_VERSION}`,
        'ERR_MODEL_VERSION',
      );
    }
    const parsed = recommenderModelJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = ['json', ...issue.path.map(String)].join('.');
      throw new InvalidArgumentError(where, `${issue.message} (not a valid recommender model)`, ERROR_CODES.modelFormat);
    }
    const bundle = parsed.data;
    const d = bundle.featureNames.length;
    const scaler = nested('json.scaler', () => StandardScaler.fromJSON(bundle.scaler));
    const classifier = nested('json.classifier', () => GradientBoostingClassifier.fromJSON(bundle.classifier));
    checkParts(scaler.nFeatures, classifier, bundle.genres, d);
    if (bundle.genreModels.length !== bundle.genres.length || bundle.genreModels.some((m, g) => m.genre !== bundle.genres[g])) {
      throw new InvalidArgumentError('json.genreModels', 'must hold one entry per genre, in `genres` order', ERROR_CODES.modelFormat);
    }
    const genreModels = bundle.genreModels.map(({ genre, mixture: mixtureJson, catalog: c }, g): GenreModel => {
      const mixture = nested(`json.genreModels[${g}].mixture`, () => GaussianMixture.fromJSON(mixtureJson));
      if (mixture.nFeatures !== d) throw new InvalidArgumentError(`json.genreModels[${g}].mixture`, `reads ${mixture.nFeatures} features, not ${d}`, ERROR_CODES.modelFormat);
      const raw = decodeFloat32Base64(c.features, `json.genreModels[${g}].catalog.features`);
      if (raw.length !== c.uris.length * d) {
        throw new InvalidArgumentError(`json.genreModels[${g}].catalog.features`, `holds ${raw.length} values, not ${c.uris.length} songs × ${d} features`, ERROR_CODES.modelFormat);
      }
      for (let i = 0; i < raw.length; i++) {
        if (!Number.isFinite(raw[i]!)) throw new InvalidArgumentError(`json.genreModels[${g}].catalog.features[${i}]`, 'is not finite', ERROR_CODES.modelFormat);
      }
      const unsorted = c.uris.findIndex((uri, i) => i > 0 && !(c.uris[i - 1]! < uri));
      if (unsorted !== -1) throw new InvalidArgumentError(`json.genreModels[${g}].catalog.uris[${unsorted}]`, 'is out of order or repeated (catalogs are sorted by uri)', ERROR_CODES.modelFormat);
      const labels = Int32Array.from(c.labels);
      const k = mixture.options.nComponents;
      const bad = labels.findIndex((label) => label >= k);
      if (bad !== -1) throw new InvalidArgumentError(`json.genreModels[${g}].catalog.labels[${bad}]`, `is ${labels[bad]}, but the mixture has ${k} components`, ERROR_CODES.modelFormat);
      return { genre, mixture, catalog: catalog(c.uris, raw, scaleAll(scaler, raw, d), labels, metadataFromJSON(c, `json.genreModels[${g}].catalog`)) };
    });
    return new RecommenderModel(bundle.featureNames, bundle.genres, scaler, classifier, genreModels, bundle.training);
  }
}

function checkParts(scalerFeatures: number, classifier: GradientBoostingClassifier, genres: readonly string[], d: number): void {
  if (new Set(genres).size !== genres.length) throw new InvalidArgumentError('genres', 'must not repeat a genre', ERROR_CODES.modelFormat);
  if (scalerFeatures !== d) throw new InvalidArgumentError('scaler', `reads ${scalerFeatures} features, not ${d}`, ERROR_CODES.featureCountMismatch);
  if (classifier.nFeatures !== d) throw new InvalidArgumentError('classifier', `reads ${classifier.nFeatures} features, not ${d}`, ERROR_CODES.featureCountMismatch);
  const classes = classifier.classes;
  if (classes.length !== genres.length || classes.some((label, i) => label !== i)) {
    throw new InvalidArgumentError('classifier', `must predict labels 0…${genres.length - 1} (one per genre), has classes [${classes.join(', ')}]`, ERROR_CODES.modelFormat);
  }
}

function scaleAll(scaler: StandardScaler, raw: Float32Array, d: number): Float64Array {
  const n = raw.length / d;
  const scaled = new Float64Array(raw.length);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) row[f] = raw[i * d + f]!;
    scaler.transformRow(row, scaled.subarray(i * d, (i + 1) * d));
  }
  return scaled;
}

function catalog(
  uris: readonly string[],
  raw: Float32Array,
  scaled: Float64Array,
  labels: Int32Array,
  metadata: CatalogMetadata,
): Catalog {
  const recordings = indexRecordings(raw, uris.length, raw.length / Math.max(uris.length, 1));
  // Catalogs keep uris as given (`spotify:track:…` too); identity is the bare id, on both sides.
  const ids = uris.map(trackIdFromUri);
  const idIndex = new Map<string, number>();
  ids.forEach((id, j) => {
    if (!idIndex.has(id)) idIndex.set(id, j);
  });
  return { size: uris.length, uris, ids, idIndex, raw, scaled, labels, recordings, ...metadata };
}

/** Re-throws a part's own validation error under the bundle path it came from. */
function nested<T>(path: string, restore: () => T): T {
  try {
    return restore();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(path, message, ERROR_CODES.modelFormat, { cause: error });
  }
}
