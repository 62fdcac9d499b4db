/**
 * The nine audio features every msr model reads, in the order the original pipeline used
 * (`key, acousticness, danceability, energy, instrumentalness, loudness, speechiness, valence,
 * tempo`). Feature vectors are always laid out in this order.
 */
export const FEATURE_NAMES = [
  'key',
  'acousticness',
  'danceability',
  'energy',
  'instrumentalness',
  'loudness',
  'speechiness',
  'valence',
  'tempo',
] as const;

/** One of the nine audio feature names. */
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Number of features in a feature vector. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** The nine audio features of one track, by name. */
export type AudioFeatures = Record<FeatureName, number>;

/**
 * Lays out named features as a vector in {@link FEATURE_NAMES} order.
 *
 * @example
 * ```ts
 * const v = featureVector(song); // Float64Array(9) [key, acousticness, …, tempo]
 * ```
 */
export function featureVector(features: AudioFeatures, output: Float64Array = new Float64Array(FEATURE_COUNT)): Float64Array {
  for (let j = 0; j < FEATURE_COUNT; j++) output[j] = features[FEATURE_NAMES[j]!];
  return output;
}
