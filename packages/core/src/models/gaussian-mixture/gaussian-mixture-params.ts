import { choiceParameter as choice, intParameter as int, numberParameter as num, type HyperParameters } from '../hyper-parameter.js';
import { COVARIANCE_TYPES } from './gaussian-components.js';

/**
 * The hyper-parameters of {@link GaussianMixture}, declared once: the constructor checks its
 * options against them, `params.yaml`'s `GaussianMixture` section is validated from them and
 * turned into each genre's options (there `n_components` is per genre: a list, one count per
 * genre, `default_n_components`, or `n_components_range`), every one is logged to MLflow, and
 * the server's params form shows them.
 */
export const GAUSSIAN_MIXTURE_PARAMETERS = {
  covarianceType: choice({ yaml: 'covariance_type', option: 'covarianceType', label: 'Covariance', help: 'Shape of the covariances.', default: 'full', choices: COVARIANCE_TYPES, required: true }),
  // Optional in params.yaml: without a list every genre gets default_n_components (issue 18), 3 as the original's every entry.
  nComponents: int({ yaml: 'n_components', option: 'nComponents', label: 'Clusters', help: 'Gaussian components (clusters) per genre.', default: 1, min: 1, max: 1_000, perGenre: { default: 3, range: true } }),
  randomState: int({ yaml: 'random_state', option: 'randomState', label: 'Seed', help: 'Seed of the k-means initialisation.', default: 0, min: 0, max: 2 ** 32 - 1, required: true }),
  maxIter: int({ yaml: 'max_iter', option: 'maxIter', label: 'EM iterations', help: 'EM iterations per initialisation at most.', default: 100, min: 1, max: 100_000 }),
  tol: num({ yaml: 'tol', option: 'tol', label: 'Tolerance', help: 'Stop when the mean log-likelihood gains less than this per iteration.', default: 1e-3, min: 0 }),
  regCovar: num({ yaml: 'reg_covar', option: 'regCovar', label: 'Covariance floor', help: 'Added to covariance diagonals so they stay positive definite.', default: 1e-6, min: 0 }),
  nInit: int({ yaml: 'n_init', option: 'nInit', label: 'Initialisations', help: 'Initialisations tried; the best likelihood is kept.', default: 1, min: 1, max: 100 }),
} as const satisfies HyperParameters;
