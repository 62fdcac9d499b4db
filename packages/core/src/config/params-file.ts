import { z } from 'zod';
import type { GaussianMixtureOptions } from '../models/gaussian-mixture/gaussian-mixture.js';
import { GAUSSIAN_MIXTURE_PARAMETERS } from '../models/gaussian-mixture/gaussian-mixture-params.js';
import type { GradientBoostingClassifierOptions } from '../models/gradient-boosting/gradient-boosting-classifier.js';
import { GRADIENT_BOOSTING_PARAMETERS } from '../models/gradient-boosting/gradient-boosting-params.js';
import { modelOptionsOf, paramsSectionSchema, type ParamsSection } from './params-section.js';

/**
 * The sections of `params.yaml`, each a model's own declarations. Everything about the file is
 * derived from them: its schema, the models' options, the MLflow params, the server's form.
 */
export const PARAMS_FILE_SECTIONS = {
  GradientBoostingClassifier: GRADIENT_BOOSTING_PARAMETERS,
  GaussianMixture: GAUSSIAN_MIXTURE_PARAMETERS,
} as const;

/** The parsed `params.yaml`, typed from the declarations. */
export type ParamsFile = { [S in keyof typeof PARAMS_FILE_SECTIONS]: ParamsSection<(typeof PARAMS_FILE_SECTIONS)[S]> };

/**
 * `params.yaml`: model hyper-parameters, derived from each model's own declaration
 * (`GRADIENT_BOOSTING_PARAMETERS`, `GAUSSIAN_MIXTURE_PARAMETERS`), so a value the model would
 * refuse is refused here, at the boundary, with the same bounds. The original keys
 * (`learning_rate`, `max_depth`, `n_estimators`, `covariance_type`, `random_state` of the
 * mixture) are required; the others are msr extensions with the models' defaults.
 * `GaussianMixture.n_components` lists one count per genre, in the order of the genre list;
 * without it every genre gets `default_n_components` (3), or a count chosen by BIC within
 * `n_components_range`.
 */
export const paramsFileSchema = z.strictObject({
  GradientBoostingClassifier: paramsSectionSchema(GRADIENT_BOOSTING_PARAMETERS),
  GaussianMixture: paramsSectionSchema(GAUSSIAN_MIXTURE_PARAMETERS),
}) as unknown as z.ZodObject<{ [S in keyof typeof PARAMS_FILE_SECTIONS]: z.ZodObject<Record<string, z.ZodType>, z.core.$strict> }, z.core.$strict> & z.ZodType<ParamsFile>;

/**
 * The `GradientBoostingClassifier` section as the model's options: keys left out keep the
 * model's defaults (`random_state`: 42, the original's); `validation_fraction` or
 * `n_iter_no_change` turn early stopping on.
 */
export function gradientBoostingOptionsOf(section: ParamsFile['GradientBoostingClassifier']): GradientBoostingClassifierOptions {
  return modelOptionsOf(GRADIENT_BOOSTING_PARAMETERS, section);
}

/** The `GaussianMixture` section as the options of genre number `genreIndex`'s mixture. */
export function gaussianMixtureOptionsOf(section: ParamsFile['GaussianMixture'], genreIndex: number): GaussianMixtureOptions {
  return modelOptionsOf(GAUSSIAN_MIXTURE_PARAMETERS, section, genreIndex);
}
