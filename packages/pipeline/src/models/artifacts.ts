import { z } from 'zod';

/** `labels.json`: the label classes (sorted genres) and the digest of the songs base. */
export const labelsFileSchema = z.object({ column: z.string(), classes: z.array(z.string()).min(2), dataSha256: z.string() });
/** The parsed `labels.json`. */
export type LabelsFile = z.infer<typeof labelsFileSchema>;

/** The trained classifier as the trainer writes it (`models/model.json`). */
export const classifierArtifactSchema = z.object({
  format: z.literal('msr.classifier-artifact'),
  version: z.literal(1),
  classes: z.array(z.string()),
  params: z.record(z.string(), z.unknown()),
  trainSize: z.number().int(),
  trainedAt: z.number(),
  dataSha256: z.string(),
  /** Mean log loss on the training rows after each boosting round (round i at index i − 1). */
  trainLoss: z.array(z.number()).optional(),
  model: z.unknown(),
});
/** The parsed classifier artifact. */
export type ClassifierArtifact = z.infer<typeof classifierArtifactSchema>;

/** The fitted scaler (`models/scaler.json`). */
export const scalerArtifactSchema = z.object({ format: z.literal('msr.scaler-artifact'), version: z.literal(1), dataSha256: z.string(), model: z.unknown() });
/** The parsed scaler artifact. */
export type ScalerArtifact = z.infer<typeof scalerArtifactSchema>;

/** One genre's fitted mixture (`models/umodel_<i>.json`). */
export const clustererArtifactSchema = z.object({
  format: z.literal('msr.clusterer-artifact'),
  version: z.literal(1),
  genre: z.string(),
  index: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  dataSha256: z.string(),
  model: z.unknown(),
});
/** The parsed clusterer artifact. */
export type ClustererArtifact = z.infer<typeof clustererArtifactSchema>;

/** The classifier's evaluation (`metrics/metrics.json`). */
export const classifierMetricsSchema = z.object({
  accuracy: z.number(),
  predictTimeMs: z.number(),
  testSize: z.number().int(),
  classes: z.array(z.string()),
  report: z.record(z.string(), z.object({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })),
  confusionMatrix: z.array(z.array(z.number())),
  runId: z.string().nullable(),
});
/** The parsed classifier metrics. */
export type ClassifierMetrics = z.infer<typeof classifierMetricsSchema>;

/** One genre's clustering metrics (`metrics/uns_metrics_<i>.json`). */
export const clusteringMetricsSchema = z.object({
  genre: z.string(),
  /** `null` when fewer than two clusters are populated (the scores are undefined then). */
  silhouette: z.number().nullable(),
  calinskiHarabasz: z.number().nullable(),
  daviesBouldin: z.number().nullable(),
  predictTimeMs: z.number(),
  nComponents: z.number().int(),
  /** With `n_components_range`: the BIC of each component count tried (the lowest was chosen). */
  bic: z.record(z.string(), z.number()).optional(),
  clusterSizes: z.array(z.number().int()),
  runId: z.string().nullable(),
});
/** The parsed clustering metrics. */
export type ClusteringMetrics = z.infer<typeof clusteringMetricsSchema>;
