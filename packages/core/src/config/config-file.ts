import { z } from 'zod';

const path = z.string().min(1, 'must be a non-empty path');

/** How invalid dataset rows are handled: refuse the dataset, or set the rows aside. */
export const VALIDATION_POLICIES = ['quarantine', 'fail'] as const;

/** A validation policy (`config.yaml` → `data_validation.policy`). */
export type ValidationPolicy = (typeof VALIDATION_POLICIES)[number];

/** A list of genres: non-empty names, at least one, none repeated. */
export const genreListSchema = z
  .array(z.string().min(1, 'a genre must not be empty'))
  .min(1, 'must list at least one genre')
  .refine((genres) => new Set(genres).size === genres.length, 'must not repeat a genre');

/**
 * `config.yaml`: where each stage reads and writes, and the genre list. The keys are the
 * original project's, so its users can bring their file unchanged. Relative paths are resolved
 * by the pipeline against its root directory.
 */
export const configFileSchema = z.strictObject({
  data_ingestion: z.strictObject({
    root_dir: path,
    /** A URL (http/https/file) or a local path of the dataset CSV or zip. */
    source_URL: path,
    local_data_file: path,
    unzip_dir: path,
  }),
  data_validation: z.strictObject({
    root_dir: path,
    /** The songs base to validate (the original's name for it). */
    unzip_dir: path,
    STATUS_FILE: path,
    /**
     * What to do with invalid rows of the dataset: `quarantine` sets them aside in
     * `quarantine_file` (with row, line, column and reason) and goes on while they are at most
     * `max_invalid_share` of the rows; `fail` refuses the dataset. msr extension. @default quarantine
     */
    policy: z.enum(VALIDATION_POLICIES).optional(),
    /** The largest share of invalid rows a run accepts under `quarantine`. msr extension. @default 0.01 */
    max_invalid_share: z.number().min(0, 'must not be negative').max(1, 'must be at most 1').optional(),
    /** Where invalid rows are set aside (CSV). msr extension. @default data/quarantine.csv */
    quarantine_file: path.optional(),
  }),
  data_transformation: z.strictObject({
    root_dir: path,
    data_path: path,
    reco_dir: path,
    /**
     * The genres to train on. Without it, every genre of the dataset with at least
     * `min_recordings` recordings (distinct feature vectors) is used.
     */
    genres: genreListSchema.optional(),
    /** Least recordings a genre needs to be chosen from the data. msr extension. @default 30 */
    min_recordings: z.number().int('must be an integer').min(1, 'must be at least 1').optional(),
  }),
  model_trainer: z.strictObject({
    root_dir: path,
    X_train_path: path,
    X_test_path: path,
    y_train_path: path,
    y_test_path: path,
    model_name: path,
  }),
  model_evaluation: z.strictObject({
    root_dir: path,
    X_test_path: path,
    y_test_path: path,
    model_path: path,
    metric_file_name: path,
  }),
  unsmodel_fit: z.strictObject({
    root_dir: path,
    features_path_prefix: path,
    genres_path: path,
    model_dir: path,
    model_name_prefix: path,
    metrics_path_prefix: path,
  }),
});

/** The parsed `config.yaml`. */
export type ConfigFile = z.infer<typeof configFileSchema>;
