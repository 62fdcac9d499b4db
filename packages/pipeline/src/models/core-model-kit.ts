import {
  accuracyScore,
  calinskiHarabaszScore,
  confusionMatrix,
  daviesBouldinScore,
  GaussianMixture,
  GradientBoostingClassifier,
  InvalidArgumentError,
  precisionRecallFscore,
  RecommenderModel,
  silhouetteScore,
  StandardScaler,
} from '@msr/core';
import { fitClassifierInWorker } from './fit-in-worker.js';
import type { ModelKit } from './model-kit.js';

/** Options of {@link coreModelKit}. */
export interface CoreModelKitOptions {
  /**
   * Fit the classifier in a worker thread ({@link fitClassifierInWorker}), so clustering runs
   * at the same time and progress and the run lock's heartbeat keep flowing.
   * @default true
   */
  fitInWorker?: boolean;
}

/**
 * The {@link ModelKit} of `@msr/core`: `GradientBoostingClassifier`, `GaussianMixture`,
 * `StandardScaler`, its metrics, and `RecommenderModel.build` for the served bundle. The
 * default of `runPipeline`.
 */
export function coreModelKit(options: CoreModelKitOptions = {}): ModelKit {
  const inWorker = options.fitInWorker ?? true;
  const labels = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
  return {
    classifier: {
      create: (p) => {
        // The params are the model's own options (derived from its declarations in @msr/core).
        const options = { ...p };
        if (!inWorker) return new GradientBoostingClassifier(options);
        let fitted: GradientBoostingClassifier | undefined;
        const model = (): GradientBoostingClassifier => {
          if (!fitted) throw new InvalidArgumentError('classifier', 'is not fitted yet; call fit first', 'ERR_NOT_FITTED');
          return fitted;
        };
        return {
          fit: async (X, y, o) => {
            fitted = await fitClassifierInWorker(options, X, y, { ...(o?.onIteration ? { onIteration: o.onIteration } : {}), ...(o?.signal ? { signal: o.signal } : {}) });
          },
          predict: (X) => model().predict(X),
          toJSON: () => model().toJSON(),
        };
      },
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
    bundle: {
      create: (parts) =>
        RecommenderModel.build({
          scaler: StandardScaler.fromJSON(parts.scaler),
          classifier: GradientBoostingClassifier.fromJSON(parts.classifier.model),
          genres: parts.classes,
          genreModels: parts.clusterers.map((c, i) => ({ genre: c.genre, mixture: GaussianMixture.fromJSON(c.model), songs: parts.catalogs[i]!.songs })),
          training: {
            createdAt: new Date(parts.createdAt).toISOString(),
            runIds: { classifier: parts.classifier.runId, clustering: Object.fromEntries(parts.clusterers.map((c) => [c.genre, c.runId])) },
            params: { classifier: parts.training.classifierParams, clustering: Object.fromEntries(parts.clusterers.map((c, i) => [c.genre, parts.training.clusteringParams[i]])) },
            metrics: { accuracy: parts.classifier.accuracy, silhouette: Object.fromEntries(parts.clusterers.map((c) => [c.genre, c.silhouette])), songs: parts.training.songs },
            dataFingerprint: parts.training.dataSha256,
          },
        }).toJSON(),
    },
  };
}
