import {
  accuracyScore,
  calinskiHarabaszScore,
  confusionMatrix,
  daviesBouldinScore,
  GaussianMixture,
  GradientBoostingClassifier,
  precisionRecallFscore,
  silhouetteScore,
  StandardScaler,
} from '@msr/core';
import type { ModelKit } from './model-kit.js';

/**
 * The {@link ModelKit} of `@msr/core`: `GradientBoostingClassifier`, `GaussianMixture`,
 * `StandardScaler` and its metrics. The default of `runPipeline`.
 */
export function coreModelKit(): ModelKit {
  const labels = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
  return {
    classifier: {
      create: (p) =>
        new GradientBoostingClassifier({
          learningRate: p.learningRate,
          maxDepth: p.maxDepth,
          nEstimators: p.nEstimators,
          randomState: p.randomState,
          ...(p.minSamplesLeaf !== undefined && { minSamplesLeaf: p.minSamplesLeaf }),
          ...(p.subsample !== undefined && { subsample: p.subsample }),
          ...(p.maxBins !== undefined && { maxBins: p.maxBins }),
          ...(p.l2Regularization !== undefined && { l2Regularization: p.l2Regularization }),
          ...(p.validationFraction !== undefined || p.nIterNoChange !== undefined
            ? { earlyStopping: { ...(p.validationFraction !== undefined && { validationFraction: p.validationFraction }), ...(p.nIterNoChange !== undefined && { nIterNoChange: p.nIterNoChange }) } }
            : {}),
        }),
      fromJSON: (json) => GradientBoostingClassifier.fromJSON(json),
    },
    clusterer: {
      create: (p) => new GaussianMixture(p),
      fromJSON: (json) => GaussianMixture.fromJSON(json),
    },
    scaler: { create: () => new StandardScaler(), fromJSON: (json) => StandardScaler.fromJSON(json) },
    metrics: {
      accuracy: (t, p) => accuracyScore(t, p),
      classificationReport: (t, p, k) => {
        const r = precisionRecallFscore(t, p, { labels: labels(k) });
        return r.labels.map((_l, i) => ({ precision: r.precision[i]!, recall: r.recall[i]!, f1: r.f1[i]!, support: r.support[i]! }));
      },
      confusionMatrix: (t, p, k) => confusionMatrix(t, p, { labels: labels(k) }).matrix,
      silhouette: (X, l) => silhouetteScore(X, l),
      calinskiHarabasz: (X, l) => calinskiHarabaszScore(X, l),
      daviesBouldin: (X, l) => daviesBouldinScore(X, l),
    },
    bundle: { create: (parts) => parts },
  };
}
