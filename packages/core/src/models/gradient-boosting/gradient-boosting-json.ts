import * as z from '../../schema/zod-mini.js';

/** The `format` tag of a serialised {@link GradientBoostingClassifier}. */
export const GRADIENT_BOOSTING_FORMAT = 'msr.gradient-boosting-classifier';

const finite = z.number();
const count = z.int().check(z.gte(1));

/** zod schema of {@link GradientBoostingClassifierJSON}; structure is checked after parsing. */
export const gradientBoostingClassifierJsonSchema = z
  .object({
    format: z.literal(GRADIENT_BOOSTING_FORMAT),
    version: z.literal(1),
    options: z.object({
      learningRate: z.number().check(z.positive()),
      maxDepth: count,
      // Absent in models saved before best-first growth: they grew depth-wise.
      maxLeafNodes: z.optional(z.int().check(z.gte(0))),
      nEstimators: count,
      randomState: z.int(),
      minSamplesLeaf: count,
      subsample: z.number().check(z.positive(), z.lte(1)),
      maxBins: z.int().check(z.gte(2), z.lte(255)),
      l2Regularization: z.number().check(z.gte(0)),
      earlyStopping: z.union([
        z.literal(false),
        z.object({ validationFraction: z.number().check(z.positive(), z.lt(1)), nIterNoChange: count, tol: z.number().check(z.gte(0)) }),
      ]),
    }),
    classes: z.array(z.int()).check(z.minLength(2)),
    nFeatures: count,
    nIter: count,
    baseline: z.array(finite).check(z.minLength(1)),
    featureImportances: z.array(z.number().check(z.gte(0))),
    trees: z.object({
      roots: z.array(z.int().check(z.gte(0))),
      feature: z.array(z.int().check(z.gte(-1))),
      threshold: z.array(finite),
      left: z.array(z.int().check(z.gte(0))),
    }),
  })
  .check(
    z.superRefine((model, ctx) => {
      const issue = (path: (string | number)[], message: string): void => {
        ctx.addIssue({ code: 'custom', path, message });
      };
      const nOutputs = model.classes.length === 2 ? 1 : model.classes.length;
      if (new Set(model.classes).size !== model.classes.length || model.classes.some((c, i) => i > 0 && c <= model.classes[i - 1]!)) {
        issue(['classes'], 'must be distinct and ascending');
      }
      if (model.baseline.length !== nOutputs) issue(['baseline'], `must have ${nOutputs} values for ${model.classes.length} classes`);
      if (model.featureImportances.length !== model.nFeatures) issue(['featureImportances'], `must have ${model.nFeatures} values`);
      const { roots, feature, threshold, left } = model.trees;
      const size = feature.length;
      if (threshold.length !== size || left.length !== size) issue(['trees'], 'feature, threshold and left must have the same length');
      if (roots.length !== model.nIter * nOutputs) {
        issue(['trees', 'roots'], `must have nIter × ${nOutputs} = ${model.nIter * nOutputs} trees, got ${roots.length}`);
      }
      for (let t = 0; t < roots.length; t++) {
        if (roots[t]! >= size || (t > 0 && roots[t]! <= roots[t - 1]!)) return issue(['trees', 'roots', t], 'must be ascending node indices');
      }
      for (let node = 0; node < size; node++) {
        const f = feature[node]!;
        if (f >= model.nFeatures) return issue(['trees', 'feature', node], `must be -1 (leaf) or below nFeatures (${model.nFeatures})`);
        // Children after their parent and inside the arrays: every traversal ends, in bounds.
        if (f >= 0 && (left[node]! <= node || left[node]! + 1 >= size)) return issue(['trees', 'left', node], 'child index out of order or out of range');
      }
    }),
  );

/** The JSON form of a fitted {@link GradientBoostingClassifier} (version 1). */
export type GradientBoostingClassifierJSON = z.infer<typeof gradientBoostingClassifierJsonSchema>;
