import type { RecommenderModel } from '../recommender-model.js';

/**
 * A recording's identity across every genre's catalog: its raw features as stored (float32),
 * as text. Re-releases under other ids, in any genre, share it.
 */
export function recordingKeyOfRow(raw: ArrayLike<number>): string {
  // The text of `Array.from(raw, Math.fround).join(',')`, without the intermediate array: the
  // evaluation builds one per catalog song and per playlist track.
  let key = '';
  for (let f = 0; f < raw.length; f++) key += f === 0 ? `${Math.fround(raw[f]!)}` : `,${Math.fround(raw[f]!)}`;
  return key;
}

/** The key of a song given by named features, in the model's feature order. */
export function recordingKeyOf(model: RecommenderModel, features: Readonly<Record<string, number>>): string {
  return recordingKeyOfRow(model.featureNames.map((name) => features[name]!));
}

const catalogKeysOf = new WeakMap<RecommenderModel, readonly (readonly string[])[]>();

/**
 * The key of every catalog song, by genre then position: built once per model (the evaluation
 * and both kNN baselines need all of them; at 100k songs each pass was about a second).
 */
export function catalogRecordingKeys(model: RecommenderModel): readonly (readonly string[])[] {
  let keys = catalogKeysOf.get(model);
  if (!keys) {
    const d = model.featureNames.length;
    keys = model.genreModels.map(({ catalog }) => Array.from({ length: catalog.size }, (_, j) => recordingKeyOfRow(catalog.raw.subarray(j * d, (j + 1) * d))));
    catalogKeysOf.set(model, keys);
  }
  return keys;
}
