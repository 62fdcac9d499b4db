import { z } from 'zod';
import { COVARIANCE_TYPES, type CovarianceType as CovarianceTypeName } from '../models/gaussian-mixture/gaussian-components.js';

const positiveInt = z.number().int('must be an integer').min(1, 'must be at least 1');
const seed = z.number().int('must be an integer').min(0, 'must not be negative');

/**
 * `params.yaml`: model hyper-parameters. The original keys (`learning_rate`, `max_depth`,
 * `n_estimators`, `covariance_type`, `n_components`, `random_state`) are required; the others
 * are msr extensions with the defaults documented on the models.
 */
export const paramsFileSchema = z.strictObject({
  GradientBoostingClassifier: z.strictObject({
    learning_rate: z.number().gt(0, 'must be greater than 0').max(10, 'must be at most 10'),
    max_depth: positiveInt,
    n_estimators: positiveInt,
    random_state: seed.optional(),
    min_samples_leaf: positiveInt.optional(),
    subsample: z.number().gt(0, 'must be greater than 0').max(1, 'must be at most 1').optional(),
    max_bins: z.number().int().min(2, 'must be at least 2').max(255, 'must be at most 255').optional(),
    l2_regularization: z.number().min(0, 'must not be negative').optional(),
    validation_fraction: z.number().gt(0).lt(1).optional(),
    n_iter_no_change: positiveInt.optional(),
  }),
  GaussianMixture: z.strictObject({
    covariance_type: z.enum(COVARIANCE_TYPES as readonly [CovarianceTypeName, ...CovarianceTypeName[]], {
      error: (issue) => `unknown covariance type ${JSON.stringify(issue.input)}; expected one of ${COVARIANCE_TYPES.join(', ')}`,
    }),
    /**
     * One component count per genre, in the order of the genre list (config.yaml's, `--genres`,
     * or the data's sorted genres). Without it every genre gets `default_n_components`.
     */
    n_components: z.array(positiveInt).min(1, 'must list one component count per genre').optional(),
    /** The component count of every genre when `n_components` is absent. msr extension. @default 3 */
    default_n_components: positiveInt.optional(),
    /**
     * `[min, max]`: choose each genre's component count by BIC within this range instead
     * (used when `n_components` is absent). msr extension.
     */
    n_components_range: z
      .tuple([positiveInt, positiveInt])
      .refine(([lo, hi]) => lo <= hi, 'must be [min, max] with min ≤ max')
      .optional(),
    random_state: seed,
    max_iter: positiveInt.optional(),
    tol: z.number().gt(0).optional(),
    reg_covar: z.number().min(0).optional(),
    n_init: positiveInt.optional(),
  }),
});

/** The parsed `params.yaml`. */
export type ParamsFile = z.infer<typeof paramsFileSchema>;
