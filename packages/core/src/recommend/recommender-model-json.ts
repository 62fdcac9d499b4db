import * as z from '../schema/zod-mini.js';

/** The `format` tag of a serialised {@link RecommenderModel}. */
export const RECOMMENDER_MODEL_FORMAT = 'msr.recommender-model';

/** The newest bundle version this build reads and the one it writes. */
export const RECOMMENDER_MODEL_VERSION = 1;

/** Training metadata carried by a bundle: where it came from, for audits and monitoring. */
export const trainingMetadataSchema = z.object({
  /** ISO-8601 time the bundle was assembled. */
  createdAt: z.string(),
  /** Tracking run ids of the parts (classifier, and clustering per genre), when tracked. */
  runIds: z._default(z.object({ classifier: z.optional(z.nullable(z.string())), clustering: z.optional(z.record(z.string(), z.nullable(z.string()))) }), {}),
  /** Hyper-parameters the parts were trained with. */
  params: z._default(z.record(z.string(), z.unknown()), {}),
  /** Evaluation metrics of the parts (accuracy, silhouette per genre, …). */
  metrics: z._default(z.record(z.string(), z.unknown()), {}),
  /** Fingerprint (e.g. SHA-256) of the songs base the bundle was trained on. */
  dataFingerprint: z.optional(z.string()),
});

/** Training metadata of a bundle. */
export type TrainingMetadata = z.infer<typeof trainingMetadataSchema>;

/**
 * Strings that repeat (an artist's many songs, an album's tracks) stored once: `values` holds
 * each distinct string, `index` one position into it per song. Cuts a 100k-song bundle's names
 * by about a quarter on Kaggle-like data (bench:search).
 */
const pooledStrings = z
  .strictObject({ values: z.array(z.string()), index: z.array(z.int().check(z.gte(0))) })
  .check(z.refine((p) => p.index.every((i) => i < p.values.length), { path: ['index'], message: 'points past the end of values' }));

const lengthOf = (v: readonly string[] | { index: readonly number[] }) => ('index' in v ? v.index.length : v.length);

const catalogJsonSchema = z
  .object({
    uris: z.array(z.string().check(z.minLength(1))),
    /** Raw features, row-major, as base64 of little-endian float32. */
    features: z.string(),
    labels: z.array(z.int().check(z.gte(0))),
    names: z.optional(z.array(z.string())),
    /** Artists, one per uri (`''` when unknown): a plain list, or pooled (each distinct value once). */
    artists: z.optional(z.union([z.array(z.string()), pooledStrings])),
    /** Album titles, one per uri (`''` when unknown), plain or pooled. */
    albums: z.optional(z.union([z.array(z.string()), pooledStrings])),
    /** Popularity 0–100, one signed byte per uri (-1 when unknown), as base64. */
    popularity: z.optional(z.string()),
    /** Length in ms, one little-endian int32 per uri (-1 when unknown), as base64. */
    durationMs: z.optional(z.string()),
    /** Explicit flags as one character per uri: `1`, `0`, or `-` when unknown. */
    explicit: z.optional(z.string().check(z.regex(/^[01-]*$/, 'must hold only 1, 0 or -'))),
  })
  .check(
    z.refine((c) => c.labels.length === c.uris.length, { path: ['labels'], message: 'must have one label per uri' }),
    z.refine((c) => c.names === undefined || c.names.length === c.uris.length, { path: ['names'], message: 'must have one name per uri' }),
    z.refine((c) => c.artists === undefined || lengthOf(c.artists) === c.uris.length, { path: ['artists'], message: 'must have one artist per uri' }),
    z.refine((c) => c.albums === undefined || lengthOf(c.albums) === c.uris.length, { path: ['albums'], message: 'must have one album per uri' }),
    z.refine((c) => c.explicit === undefined || c.explicit.length === c.uris.length, { path: ['explicit'], message: 'must have one flag per uri' }),
  );

/** zod schema of {@link RecommenderModelJSON}. */
export const recommenderModelJsonSchema = z.object({
  format: z.literal(RECOMMENDER_MODEL_FORMAT),
  version: z.literal(RECOMMENDER_MODEL_VERSION),
  featureNames: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /** Genres in classifier label order: label `i` is `genres[i]`. */
  genres: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  scaler: z.unknown(),
  classifier: z.unknown(),
  /** One entry per genre, in `genres` order. */
  genreModels: z.array(z.object({ genre: z.string().check(z.minLength(1)), mixture: z.unknown(), catalog: catalogJsonSchema })),
  training: trainingMetadataSchema,
});

/** The JSON form of a {@link RecommenderModel} (version 1). */
export type RecommenderModelJSON = z.infer<typeof recommenderModelJsonSchema>;
