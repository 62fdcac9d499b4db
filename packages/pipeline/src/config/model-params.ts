import type { ParamsFile } from '@msr/core';
import type { ClassifierParams, ClusteringParams } from './stage-configs.js';

/** The default component count of a genre when params.yaml lists none. */
export const DEFAULT_N_COMPONENTS = 3;

/** `params.yaml` → `GradientBoostingClassifier`, camelCase, for the classifier stages. */
export function classifierParams(params: ParamsFile): ClassifierParams {
  const p = params.GradientBoostingClassifier;
  const out: ClassifierParams = { learningRate: p.learning_rate, maxDepth: p.max_depth, nEstimators: p.n_estimators, randomState: p.random_state ?? 42 };
  if (p.min_samples_leaf !== undefined) out.minSamplesLeaf = p.min_samples_leaf;
  if (p.subsample !== undefined) out.subsample = p.subsample;
  if (p.max_bins !== undefined) out.maxBins = p.max_bins;
  if (p.l2_regularization !== undefined) out.l2Regularization = p.l2_regularization;
  if (p.validation_fraction !== undefined) out.validationFraction = p.validation_fraction;
  if (p.n_iter_no_change !== undefined) out.nIterNoChange = p.n_iter_no_change;
  return out;
}

/** `params.yaml` → `GaussianMixture`, camelCase, with one component count per genre. */
export function clusteringParams(params: ParamsFile, genres: readonly string[]): ClusteringParams {
  const gm = params.GaussianMixture;
  const out: ClusteringParams = { covarianceType: gm.covariance_type, nComponents: gm.n_components ? [...gm.n_components] : genres.map(() => gm.default_n_components ?? DEFAULT_N_COMPONENTS), randomState: gm.random_state };
  if (!gm.n_components && gm.n_components_range) out.nComponentsRange = [...gm.n_components_range];
  if (gm.max_iter !== undefined) out.maxIter = gm.max_iter;
  if (gm.tol !== undefined) out.tol = gm.tol;
  if (gm.reg_covar !== undefined) out.regCovar = gm.reg_covar;
  if (gm.n_init !== undefined) out.nInit = gm.n_init;
  return out;
}
