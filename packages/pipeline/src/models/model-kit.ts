import type { GaussianMixtureOptions, SongMetadata } from '@msr/core';
import type { ClassifierParams } from '../config/stage-configs.js';

/** Rows of features, each in `FEATURE_NAMES` order (`@msr/core`'s `MatrixLike`). */
export type FeatureRows = ReadonlyArray<ArrayLike<number>>;

/** A classifier as the model stages use it (`@msr/core`'s `GradientBoostingClassifier` fits). */
export interface Classifier {
  /**
   * Fits on rows and integer labels; `onIteration` reports each boosting round (with its mean
   * log loss on the training rows, when the model computes it). May return a
   * promise (a kit that fits in a worker thread); the stage awaits it.
   */
  fit(X: FeatureRows, y: ArrayLike<number>, options?: { onIteration?: (event: { iteration: number; trainLoss?: number }) => void; signal?: AbortSignal }): unknown;
  /** Predicted integer labels. */
  predict(X: FeatureRows): ArrayLike<number>;
  /** A JSON-serialisable form that `fromJSON` restores. */
  toJSON(): unknown;
}

/** Gaussian-mixture settings for one genre: the model's own options (`@msr/core`'s declarations). */
export type ClustererParams = GaussianMixtureOptions & { nComponents: number };

/** A clustering model as the clustering stage uses it (`@msr/core`'s `GaussianMixture` fits). */
export interface Clusterer {
  /** Fits on rows; may return a promise, which the stage awaits. */
  fit(X: FeatureRows): unknown;
  /** The component of each row. */
  predict(X: FeatureRows): ArrayLike<number>;
  /** Bayesian information criterion on `X` (lower is better); needed to choose a component count by BIC. */
  bic?(X: FeatureRows): number;
  toJSON(): unknown;
}

/** A feature scaler (`@msr/core`'s `StandardScaler` fits). */
export interface Scaler {
  fit(X: FeatureRows): unknown;
  transform(X: FeatureRows): ArrayLike<number>[];
  toJSON(): unknown;
}

/** Per-class figures of a classification report. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The metrics the evaluation and clustering stages compute. */
export interface ModelMetrics {
  accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number;
  /** Per-class precision, recall, F1 and support, for classes `0 … nClasses-1`. */
  classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): ClassScores[];
  /** `matrix[true][predicted]` counts. */
  confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number[][];
  silhouette(X: FeatureRows, labels: ArrayLike<number>): number;
  calinskiHarabasz(X: FeatureRows, labels: ArrayLike<number>): number;
  daviesBouldin(X: FeatureRows, labels: ArrayLike<number>): number;
}

/** One catalog song of the bundle: its uri, raw features and display metadata (all optional). */
export interface BundleSong extends SongMetadata {
  uri: string;
  /** Raw features in `FEATURE_NAMES` order. */
  features: number[];
}

/** Everything the assembly stage selected, for {@link ModelKit.bundle} to turn into the served model. */
export interface BundleParts {
  /** ms since the epoch. */
  createdAt: number;
  /** Label order of the classifier (sorted genres). */
  classes: string[];
  /** Genre order of `clusterers` and `catalogs` (config order). */
  genres: string[];
  /** The fitted scaler's JSON; the mixtures were fitted on scaled features, the classifier on raw ones. */
  scaler: unknown;
  classifier: { model: unknown; runId: string | null; accuracy: number };
  clusterers: { genre: string; model: unknown; runId: string | null; silhouette: number | null }[];
  catalogs: { genre: string; songs: BundleSong[] }[];
  training: { dataSha256: string; songs: number; classifierParams: Record<string, unknown>; clusteringParams: Record<string, unknown>[] };
}

/**
 * The models and metrics the model stages are built on. `@msr/core` provides them (gradient
 * boosting, Gaussian mixture, standard scaler, metrics); the stages only need this narrow
 * surface, so they stay independent of how the models are implemented.
 */
export interface ModelKit {
  classifier: { create(params: ClassifierParams): Classifier; fromJSON(json: unknown): Classifier };
  clusterer: { create(params: ClustererParams): Clusterer; fromJSON(json: unknown): Clusterer };
  scaler: { create(): Scaler; fromJSON(json: unknown): Scaler };
  metrics: ModelMetrics;
  /**
   * Builds the served bundle (JSON-serialisable) from the selected parts, labelling every
   * catalog song with its cluster.
   */
  bundle: { create(parts: BundleParts): unknown };
}
