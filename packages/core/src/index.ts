/**
 * `@msr/core` — the pure heart of msr: the typed data model, config and dataset schemas,
 * the models (gradient boosting, Gaussian mixture, scalers), metrics and `recommend()`.
 *
 * It does no I/O and imports nothing from `node:`, so it runs in browsers, edge workers and
 * Node alike.
 *
 * @module
 */
export * from './data/features.js';
export * from './data/genres.js';
export * from './errors/msr-error.js';
export * from './random/prng.js';
export * from './data/song.js';
export * from './data/song-metadata.js';
export * from './data/kaggle-track.js';
export * from './data/playlist.js';
export * from './config/params-file.js';
export * from './config/params-section.js';
export * from './data/column-type.js';
export * from './config/config-issue.js';
export * from './errors/error-codes.js';
export type { DenseMatrix, MatrixLike } from './models/matrix.js';
export * from './models/gradient-boosting/gradient-boosting-classifier.js';
export {
  GRADIENT_BOOSTING_FORMAT,
  gradientBoostingClassifierJsonSchema,
  type GradientBoostingClassifierJSON,
} from './models/gradient-boosting/gradient-boosting-json.js';
export * from './models/gaussian-mixture/gaussian-mixture.js';
export { COVARIANCE_TYPES, type CovarianceType } from './models/gaussian-mixture/gaussian-components.js';
export { GAUSSIAN_MIXTURE_FORMAT, gaussianMixtureJsonSchema, type GaussianMixtureJSON } from './models/gaussian-mixture/gaussian-mixture-json.js';
export * from './preprocessing/feature-scaler.js';
export * from './preprocessing/min-max-scaler.js';
export * from './preprocessing/standard-scaler.js';
export * from './preprocessing/scaler-json.js';
export * from './preprocessing/label-encoder.js';
export * from './preprocessing/train-test-split.js';
export * from './preprocessing/recording-groups.js';
export type { Label, Labels } from './metrics/label-set.js';
export * from './metrics/accuracy-score.js';
export * from './metrics/confusion-matrix.js';
export * from './metrics/precision-recall-fscore.js';
export * from './metrics/classification-report.js';
export * from './metrics/silhouette-score.js';
export * from './metrics/calinski-harabasz-score.js';
export * from './metrics/davies-bouldin-score.js';
export * from './encoding/base64-floats.js';
export * from './recommend/recommend-error.js';
export * from './recommend/playlist-input.js';
export * from './recommend/recommend.js';
export * from './recommend/genre-top-up.js';
export * from './recommend/recommender-model.js';
export * from './recommend/recommender-model-json.js';
export * from './recommend/evaluate-recommender.js';
export * from './recommend/cosine.js';
export * from './recommend/catalog-index.js';
export * from './recommend/catalog-metadata.js';
export * from './models/hyper-parameter.js';
export { GRADIENT_BOOSTING_PARAMETERS } from './models/gradient-boosting/gradient-boosting-params.js';
export { GAUSSIAN_MIXTURE_PARAMETERS } from './models/gaussian-mixture/gaussian-mixture-params.js';
export * from './search/search-catalog.js';
export * from './search/search-error.js';
export * from './search/normalize-text.js';
export * from './search/find-song.js';
