/**
 * `@msr/core/models` — the models and their serialised forms: the gradient-boosting classifier,
 * the Gaussian mixture, the scalers and the label encoder, each with its JSON schema and its
 * declared hyper-parameters. Pure and YAML-free, like `@msr/core/recommend`.
 *
 * @module
 */
export type { DenseMatrix, MatrixLike } from './matrix.js';
export * from './gradient-boosting/gradient-boosting-classifier.js';
export {
  GRADIENT_BOOSTING_FORMAT,
  gradientBoostingClassifierJsonSchema,
  type GradientBoostingClassifierJSON,
} from './gradient-boosting/gradient-boosting-json.js';
export * from './gaussian-mixture/gaussian-mixture.js';
export { COVARIANCE_TYPES, type CovarianceType } from './gaussian-mixture/gaussian-components.js';
export { GAUSSIAN_MIXTURE_FORMAT, gaussianMixtureJsonSchema, type GaussianMixtureJSON } from './gaussian-mixture/gaussian-mixture-json.js';
export * from './hyper-parameter.js';
export { GRADIENT_BOOSTING_PARAMETERS } from './gradient-boosting/gradient-boosting-params.js';
export { GAUSSIAN_MIXTURE_PARAMETERS } from './gaussian-mixture/gaussian-mixture-params.js';
export * from '../preprocessing/feature-scaler.js';
export * from '../preprocessing/min-max-scaler.js';
export * from '../preprocessing/standard-scaler.js';
export * from '../preprocessing/scaler-json.js';
export * from '../preprocessing/label-encoder.js';
