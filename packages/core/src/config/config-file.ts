import { z } from 'zod';

const path = z.string().min(1, 'must be a non-empty path');

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
  }),
  data_transformation: z.strictObject({
    root_dir: path,
    data_path: path,
    reco_dir: path,
    genres: z
      .array(z.string().min(1, 'a genre must not be empty'))
      .min(1, 'must list at least one genre')
      .refine((genres) => new Set(genres).size === genres.length, 'must not repeat a genre'),
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
