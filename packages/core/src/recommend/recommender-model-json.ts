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

const catalogJsonSchema = z
  .object({
    uris: z.array(z.string().min(1)),
    /** Raw features, row-major, as base64 of little-endian float32. */
    features: z.string(),
    labels: z.array(z.number().int().min(0)),
    names: z.array(z.string()).optional(),
    artists: z.array(z.string()).optional(),
    /** Album titles, one per uri (`''` when unknown). */
    albums: z.array(z.string()).optional(),
    /** Popularity 0–100, one per uri (-1 when unknown). */
    popularity: z.array(z.number().int().min(-1).max(100)).optional(),
    /** Length in ms, one per uri (-1 when unknown). */
    durationMs: z.array(z.number().int().min(-1)).optional(),
    /** Explicit flags as one character per uri: `1`, `0`, or `-` when unknown. */
    explicit: z.string().regex(/^[01-]*$/, 'must hold only 1, 0 or -').optional(),
  })
  .refine((c) => c.labels.length === c.uris.length, { path: ['labels'], message: 'must have one label per uri' })
  .refine((c) => c.names === undefined || c.names.length === c.uris.length, { path: ['names'], message: 'must have one name per uri' })
  .refine((c) => c.artists === undefined || c.artists.length === c.uris.length, { path: ['artists'], message: 'must have one artist per uri' })
  .refine((c) => c.albums === undefined || c.albums.length === c.uris.length, { path: ['albums'], message: 'must have one album per uri' })
  .refine((c) => c.popularity === undefined || c.popularity.length === c.uris.length, { path: ['popularity'], message: 'must have one popularity per uri' })
  .refine((c) => c.durationMs === undefined || c.durationMs.length === c.uris.length, { path: ['durationMs'], message: 'must have one duration per uri' })
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
