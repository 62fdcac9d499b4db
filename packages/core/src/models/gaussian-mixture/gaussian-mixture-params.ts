import type { ChoiceHyperParameter, HyperParameters, NumericHyperParameter } from '../hyper-parameter.js';
import { COVARIANCE_TYPES } from './gaussian-components.js';

const int = (p: Omit<NumericHyperParameter, 'kind'>): NumericHyperParameter => ({ kind: 'int', ...p });
const num = (p: Omit<NumericHyperParameter, 'kind'>): NumericHyperParameter => ({ kind: 'number', ...p });
const choice = (p: Omit<ChoiceHyperParameter, 'kind'>): ChoiceHyperParameter => ({ kind: 'choice', ...p });

/**
 * The hyper-parameters of {@link GaussianMixture}, declared once: the constructor checks its
 * options against them, `params.yaml`'s `GaussianMixture` section is validated from them (there
 * `n_components` is a list, one count per genre, each within these bounds), and the server's
 * params form shows them.
 */
export const GAUSSIAN_MIXTURE_PARAMETERS = {
  // Optional in params.yaml: without a list every genre gets default_n_components (issue 18).
  nComponents: int({ yaml: 'n_components', option: 'nComponents', label: 'Clusters', help: 'Gaussian components (clusters) per genre.', default: 1, min: 1, max: 1_000 }),
  covarianceType: choice({ yaml: 'covariance_type', option: 'covarianceType', label: 'Covariance', help: 'Shape of the covariances.', default: 'full', choices: COVARIANCE_TYPES, required: true }),
  randomState: int({ yaml: 'random_state', option: 'randomState', label: 'Seed', help: 'Seed of the k-means initialisation.', default: 0, min: 0, max: 2 ** 32 - 1, required: true }),
  maxIter: int({ yaml: 'max_iter', option: 'maxIter', label: 'EM iterations', help: 'EM iterations per initialisation at most.', default: 100, min: 1, max: 100_000 }),
  tol: num({ yaml: 'tol', option: 'tol', label: 'Tolerance', help: 'Stop when the mean log-likelihood gains less than this per iteration.', default: 1e-3, min: 0 }),
  regCovar: num({ yaml: 'reg_covar', option: 'regCovar', label: 'Covariance floor', help: 'Added to covariance diagonals so they stay positive definite.', default: 1e-6, min: 0 }),
  nInit: int({ yaml: 'n_init', option: 'nInit', label: 'Initialisations', help: 'Initialisations tried; the best likelihood is kept.', default: 1, min: 1, max: 100 }),
} as const satisfies HyperParameters;
