import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import type { CovarianceType } from '../models/gaussian-mixture/gaussian-components.js';
import type { GaussianMixtureOptions } from '../models/gaussian-mixture/gaussian-mixture.js';
import { GAUSSIAN_MIXTURE_PARAMETERS } from '../models/gaussian-mixture/gaussian-mixture-params.js';
import type { GradientBoostingClassifierOptions } from '../models/gradient-boosting/gradient-boosting-classifier.js';
import { GRADIENT_BOOSTING_PARAMETERS } from '../models/gradient-boosting/gradient-boosting-params.js';
import type { ChoiceHyperParameter, NumericHyperParameter } from '../models/hyper-parameter.js';

/** The zod check of one numeric hyper-parameter: exactly its declared bounds, in words. */
function numberSchema(p: NumericHyperParameter): z.ZodNumber {
  let schema = z.number({ error: 'must be a number' });
  if (p.kind === 'int') schema = schema.int('must be an integer');
  schema = p.minExclusive ? schema.gt(p.min, `must be greater than ${p.min}`) : schema.min(p.min, p.min === 0 ? 'must not be negative' : `must be at least ${p.min}`);
  if (p.max !== undefined) schema = p.maxExclusive ? schema.lt(p.max, `must be less than ${p.max}`) : schema.max(p.max, `must be at most ${p.max}`);
  return schema;
}

function choiceSchema<T extends string>(p: ChoiceHyperParameter): z.ZodEnum<Record<T, T>> {
  return z.enum(p.choices as readonly [T, ...T[]], {
    error: (issue) => `unknown ${p.yaml.replaceAll('_', ' ')} ${JSON.stringify(issue.input)}; expected one of ${p.choices.join(', ')}`,
  }) as unknown as z.ZodEnum<Record<T, T>>;
}


const GB = GRADIENT_BOOSTING_PARAMETERS;
const GM = GAUSSIAN_MIXTURE_PARAMETERS;

// Required (the original keys) or optional: as each declaration's `required` says; a test holds
// the two together.
/**
 * `params.yaml`: model hyper-parameters, derived from each model's own declaration
 * (`GRADIENT_BOOSTING_PARAMETERS`, `GAUSSIAN_MIXTURE_PARAMETERS`), so a value the model would
 * refuse is refused here, at the boundary, with the same bounds. The original keys
 * (`learning_rate`, `max_depth`, `n_estimators`, `covariance_type`, `n_components`,
 * `random_state`) are required; the others are msr extensions with the models' defaults.
 */
export const paramsFileSchema = z.strictObject({
  GradientBoostingClassifier: z.strictObject({
    learning_rate: numberSchema(GB.learningRate),
    max_depth: numberSchema(GB.maxDepth),
    n_estimators: numberSchema(GB.nEstimators),
    random_state: numberSchema(GB.randomState).optional(),
    min_samples_leaf: numberSchema(GB.minSamplesLeaf).optional(),
    subsample: numberSchema(GB.subsample).optional(),
    max_bins: numberSchema(GB.maxBins).optional(),
    l2_regularization: numberSchema(GB.l2Regularization).optional(),
    validation_fraction: numberSchema(GB.validationFraction).optional(),
    n_iter_no_change: numberSchema(GB.nIterNoChange).optional(),
  }),
  GaussianMixture: z.strictObject({
    covariance_type: choiceSchema<CovarianceType>(GM.covarianceType),
    /**
     * One component count per genre, in the order of the genre list (config.yaml's, `--genres`,
     * or the data's sorted genres). Without it every genre gets `default_n_components`.
     */
    n_components: z.array(numberSchema(GM.nComponents)).min(1, 'must list one component count per genre').optional(),
    /** The component count of every genre when `n_components` is absent. msr extension. @default 3 */
    default_n_components: numberSchema(GM.nComponents).optional(),
    /**
     * `[min, max]`: choose each genre's component count by BIC within this range instead
     * (used when `n_components` is absent). msr extension.
     */
    n_components_range: z
      .tuple([numberSchema(GM.nComponents), numberSchema(GM.nComponents)])
      .refine(([lo, hi]) => lo <= hi, 'must be [min, max] with min ≤ max')
      .optional(),
    random_state: numberSchema(GM.randomState),
    max_iter: numberSchema(GM.maxIter).optional(),
    tol: numberSchema(GM.tol).optional(),
    reg_covar: numberSchema(GM.regCovar).optional(),
    n_init: numberSchema(GM.nInit).optional(),
  }),
});

/** The parsed `params.yaml`. */
export type ParamsFile = z.infer<typeof paramsFileSchema>;

/** The hyper-parameters of each `params.yaml` section, for forms and tools that list them. */
export const PARAMS_FILE_SECTIONS = {
  GradientBoostingClassifier: GRADIENT_BOOSTING_PARAMETERS,
  GaussianMixture: GAUSSIAN_MIXTURE_PARAMETERS,
} as const;

/**
 * The `GradientBoostingClassifier` section as the model's options: keys left out keep the
 * model's defaults; `validation_fraction` or `n_iter_no_change` turn early stopping on.
 */
export function gradientBoostingOptionsOf(section: ParamsFile['GradientBoostingClassifier']): GradientBoostingClassifierOptions {
  const out: GradientBoostingClassifierOptions = { learningRate: section.learning_rate, maxDepth: section.max_depth, nEstimators: section.n_estimators };
  if (section.random_state !== undefined) out.randomState = section.random_state;
  if (section.min_samples_leaf !== undefined) out.minSamplesLeaf = section.min_samples_leaf;
  if (section.subsample !== undefined) out.subsample = section.subsample;
  if (section.max_bins !== undefined) out.maxBins = section.max_bins;
  if (section.l2_regularization !== undefined) out.l2Regularization = section.l2_regularization;
  if (section.validation_fraction !== undefined || section.n_iter_no_change !== undefined) {
    out.earlyStopping = {
      ...(section.validation_fraction !== undefined ? { validationFraction: section.validation_fraction } : {}),
      ...(section.n_iter_no_change !== undefined ? { nIterNoChange: section.n_iter_no_change } : {}),
    };
  }
  return out;
}

/** The `GaussianMixture` section as the options of genre number `genreIndex`'s mixture. */
export function gaussianMixtureOptionsOf(section: ParamsFile['GaussianMixture'], genreIndex: number): GaussianMixtureOptions {
  // Without a list every genre gets `default_n_components` (3, as the original's every entry).
  const nComponents = section.n_components ? section.n_components[genreIndex] : (section.default_n_components ?? 3);
  if (nComponents === undefined) {
    throw new InvalidArgumentError('genreIndex', `is ${genreIndex}, but GaussianMixture.n_components lists ${section.n_components?.length ?? 0} genre(s)`, ERROR_CODES.outOfRange);
  }
  const out: GaussianMixtureOptions = { nComponents, covarianceType: section.covariance_type, randomState: section.random_state };
  if (section.max_iter !== undefined) out.maxIter = section.max_iter;
  if (section.tol !== undefined) out.tol = section.tol;
  if (section.reg_covar !== undefined) out.regCovar = section.reg_covar;
  if (section.n_init !== undefined) out.nInit = section.n_init;
  return out;
}
