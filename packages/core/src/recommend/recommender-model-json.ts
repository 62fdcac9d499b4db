import { z } from 'zod';

/** The `format` tag of a serialised {@link RecommenderModel}. */
export const RECOMMENDER_MODEL_FORMAT = 'msr.recommender-model';

/** The newest bundle version this build reads and the one it writes. */
export const RECOMMENDER_MODEL_VERSION = 1;

/** Training metadata carried by a bundle: where it came from, for audits and monitoring. */
export const trainingMetadataSchema = z.object({
  /** ISO-8601 time the bundle was assembled. */
  createdAt: z.string(),
  /** Tracking run ids of the parts (classifier, and clustering per genre), when tracked. */
  runIds: z
    .object({ classifier: z.string().nullable().optional(), clustering: z.record(z.string(), z.string().nullable()).optional() })
    .default({}),
  /** Hyper-parameters the parts were trained with. */
  params: z.record(z.string(), z.unknown()).default({}),
  /** Evaluation metrics of the parts (accuracy, silhouette per genre, …). */
  metrics: z.record(z.string(), z.unknown()).default({}),
  /** Fingerprint (e.g. SHA-256) of the songs base the bundle was trained on. */
  dataFingerprint: z.string().optional(),
});

/** Training metadata of a bundle. */
export type TrainingMetadata = z.infer<typeof trainingMetadataSchema>;

/**
 * Strings that repeat (an artist's many songs, an album's tracks) stored once: `values` holds
 * each distinct string, `index` one position into it per song. Cuts a 100k-song bundle's names
 * by about a quarter on Kaggle-like data (bench:search).
 */
const pooledStrings = z
  .strictObject({ values: z.array(z.string()), index: z.array(z.number().int().min(0)) })
  .refine((p) => p.index.every((i) => i < p.values.length), { path: ['index'], message: 'points past the end of values' });

const lengthOf = (v: readonly string[] | { index: readonly number[] }) => ('index' in v ? v.index.length : v.length);

const catalogJsonSchema = z
  .object({
    uris: z.array(z.string().min(1)),
    /** Raw features, row-major, as base64 of little-endian float32. */
    features: z.string(),
    labels: z.array(z.number().int().min(0)),
    names: z.array(z.string()).optional(),
    /** Artists, one per uri (`''` when unknown): a plain list, or pooled (each distinct value once). */
    artists: z.union([z.array(z.string()), pooledStrings]).optional(),
    /** Album titles, one per uri (`''` when unknown), plain or pooled. */
    albums: z.union([z.array(z.string()), pooledStrings]).optional(),
    /** Popularity 0–100, one signed byte per uri (-1 when unknown), as base64. */
    popularity: z.string().optional(),
    /** Length in ms, one little-endian int32 per uri (-1 when unknown), as base64. */
    durationMs: z.string().optional(),
    /** Explicit flags as one character per uri: `1`, `0`, or `-` when unknown. */
    explicit: z.string().regex(/^[01-]*$/, 'must hold only 1, 0 or -').optional(),
  })
  .refine((c) => c.labels.length === c.uris.length, { path: ['labels'], message: 'must have one label per uri' })
  .refine((c) => c.names === undefined || c.names.length === c.uris.length, { path: ['names'], message: 'must have one name per uri' })
  .refine((c) => c.artists === undefined || lengthOf(c.artists) === c.uris.length, { path: ['artists'], message: 'must have one artist per uri' })
  .refine((c) => c.albums === undefined || lengthOf(c.albums) === c.uris.length, { path: ['albums'], message: 'must have one album per uri' })
  .refine((c) => c.explicit === undefined || c.explicit.length === c.uris.length, { path: ['explicit'], message: 'must have one flag per uri' });

/** zod schema of {@link RecommenderModelJSON}. */
export const recommenderModelJsonSchema = z.object({
  format: z.literal(RECOMMENDER_MODEL_FORMAT),
  version: z.literal(RECOMMENDER_MODEL_VERSION),
  featureNames: z.array(z.string().min(1)).min(1),
  /** Genres in classifier label order: label `i` is `genres[i]`. */
  genres: z.array(z.string().min(1)).min(1),
  scaler: z.unknown(),
  classifier: z.unknown(),
  /** One entry per genre, in `genres` order. */
  genreModels: z.array(z.object({ genre: z.string().min(1), mixture: z.unknown(), catalog: catalogJsonSchema })),
  training: trainingMetadataSchema,
});

/** The JSON form of a {@link RecommenderModel} (version 1). */
export type RecommenderModelJSON = z.infer<typeof recommenderModelJsonSchema>;
