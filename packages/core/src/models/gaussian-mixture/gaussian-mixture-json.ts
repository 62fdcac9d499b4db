import * as z from '../../schema/zod-mini.js';
import { covarianceSize } from './gaussian-components.js';

/** The `format` tag of a serialised {@link GaussianMixture}. */
export const GAUSSIAN_MIXTURE_FORMAT = 'msr.gaussian-mixture';

const count = z.int().check(z.gte(1));

/** zod schema of {@link GaussianMixtureJSON}; shapes are cross-checked after parsing. */
export const gaussianMixtureJsonSchema = z
  .object({
    format: z.literal(GAUSSIAN_MIXTURE_FORMAT),
    version: z.literal(1),
    options: z.object({
      nComponents: count,
      covarianceType: z.enum(['full', 'tied', 'diag', 'spherical']),
      randomState: z.int().check(z.gte(0), z.lte(2 ** 32 - 1)),
      maxIter: count,
      tol: z.number().check(z.gte(0)),
      regCovar: z.number().check(z.gte(0)),
      nInit: count,
    }),
    nFeatures: count,
    weights: z.array(z.number().check(z.gte(0), z.lte(1))),
    means: z.array(z.number()),
    covariances: z.array(z.number()),
    converged: z.boolean(),
    nIter: z.int().check(z.gte(0)),
    lowerBound: z.number(),
  })
  .check(
    z.superRefine((model, ctx) => {
      const k = model.options.nComponents;
      const d = model.nFeatures;
      const expect = (field: 'weights' | 'means' | 'covariances', length: number): void => {
        if (model[field].length !== length) {
          ctx.addIssue({ code: 'custom', path: [field], message: `must have ${length} values for ${k} components × ${d} features, got ${model[field].length}` });
        }
      };
      expect('weights', k);
      expect('means', k * d);
      expect('covariances', covarianceSize(model.options.covarianceType, k, d));
    }),
  );

/** The JSON form of a fitted {@link GaussianMixture} (version 1). */
export type GaussianMixtureJSON = z.infer<typeof gaussianMixtureJsonSchema>;
