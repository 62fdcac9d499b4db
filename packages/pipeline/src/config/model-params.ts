import { GAUSSIAN_MIXTURE_PARAMETERS, GRADIENT_BOOSTING_PARAMETERS, modelOptionsOf, perGenreOptionsOf, type ParamsFile } from '@msr/core';
import type { ClassifierParams, ClusteringParams } from './stage-configs.js';

// No converter here: the options are derived from each model's declarations in @msr/core
// (docs/decisions/0920), so a new hyper-parameter needs no line in the pipeline.

/** The default component count of a genre when params.yaml lists none. */
export const DEFAULT_N_COMPONENTS = GAUSSIAN_MIXTURE_PARAMETERS.nComponents.perGenre.default;

/** `params.yaml` → `GradientBoostingClassifier`, as the classifier's options. */
export function classifierParams(params: ParamsFile): ClassifierParams {
  return modelOptionsOf<ClassifierParams>(GRADIENT_BOOSTING_PARAMETERS, params.GradientBoostingClassifier);
}

/** `params.yaml` → `GaussianMixture`, as the mixture's options with one component count per genre. */
export function clusteringParams(params: ParamsFile, genres: readonly string[]): ClusteringParams {
  return perGenreOptionsOf<ClusteringParams>(GAUSSIAN_MIXTURE_PARAMETERS, params.GaussianMixture, genres.length);
}
