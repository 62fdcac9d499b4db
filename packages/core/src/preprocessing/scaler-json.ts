import * as z from '../schema/zod-mini.js';

/** The `format` tags of serialised scalers. */
export const SCALER_FORMATS = { minMax: 'msr.min-max-scaler', standard: 'msr.standard-scaler' } as const;

/** zod schema of {@link MinMaxScalerJSON}. */
export const minMaxScalerJsonSchema = z
  .object({
    format: z.literal(SCALER_FORMATS.minMax),
    version: z.literal(1),
    featureRange: z.tuple([z.number(), z.number()]),
    dataMin: z.array(z.number()).check(z.minLength(1)),
    dataMax: z.array(z.number()).check(z.minLength(1)),
  })
  .check(
    z.refine((s) => s.featureRange[0] < s.featureRange[1], { path: ['featureRange'], message: 'must be [min, max] with min < max' }),
    z.refine((s) => s.dataMin.length === s.dataMax.length, { path: ['dataMax'], message: 'must have as many values as dataMin' }),
    z.refine((s) => s.dataMin.every((min, j) => min <= s.dataMax[j]!), { path: ['dataMax'], message: 'must be ≥ dataMin' }),
  );

/** The JSON form of a fitted {@link MinMaxScaler} (version 1). */
export type MinMaxScalerJSON = z.infer<typeof minMaxScalerJsonSchema>;

/** zod schema of {@link StandardScalerJSON}. */
export const standardScalerJsonSchema = z
  .object({
    format: z.literal(SCALER_FORMATS.standard),
    version: z.literal(1),
    withMean: z.boolean(),
    withStd: z.boolean(),
    mean: z.array(z.number()).check(z.minLength(1)),
    scale: z.array(z.number().check(z.positive())).check(z.minLength(1)),
  })
  .check(z.refine((s) => s.mean.length === s.scale.length, { path: ['scale'], message: 'must have as many values as mean' }));

/** The JSON form of a fitted {@link StandardScaler} (version 1). */
export type StandardScalerJSON = z.infer<typeof standardScalerJsonSchema>;
