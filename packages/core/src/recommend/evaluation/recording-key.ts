import type { RecommenderModel } from '../recommender-model.js';

/**
 * A recording's identity across every genre's catalog: its raw features as stored (float32),
 * as text. Re-releases under other ids, in any genre, share it.
 */
export function recordingKeyOfRow(raw: ArrayLike<number>): string {
  return Array.from(raw, (v) => Math.fround(v)).join(',');
}

/** The key of a song given by named features, in the model's feature order. */
export function recordingKeyOf(model: RecommenderModel, features: Readonly<Record<string, number>>): string {
  return recordingKeyOfRow(model.featureNames.map((name) => features[name]!));
}

/** The key of catalog song `j` of genre `g`. */
export function catalogRecordingKey(model: RecommenderModel, g: number, j: number): string {
  const d = model.featureNames.length;
  return recordingKeyOfRow(model.genreModels[g]!.catalog.raw.subarray(j * d, (j + 1) * d));
}
