import { FEATURE_NAMES, RecommenderModel, trackIdFromUri, type AudioFeatures } from '@msr/core';
import type { ResolvedPlaylist } from '../adapters/spotify-playlist-resolver.js';

/** What the results page draws "why this song" from: the playlist's mean and each song's features. */
export interface WhyThisSong {
  /** The mean of the playlist's tracks' features, raw units. */
  playlistMean: AudioFeatures;
  /** Features of the recommended songs the serving model's catalog holds, by uri. */
  features: ReadonlyMap<string, AudioFeatures>;
}

/**
 * Looks up the features of the recommended `uris` in the model's catalogs (the raw values the
 * model stored) and averages the playlist's. `undefined` when the model is not an msr
 * `RecommenderModel` or the playlist has no tracks; a song a retrain removed meanwhile is left out.
 */
export function whyThisSong(model: unknown, playlist: ResolvedPlaylist, uris: readonly string[]): WhyThisSong | undefined {
  if (!(model instanceof RecommenderModel) || playlist.tracks.length === 0) return undefined;
  const columns = FEATURE_NAMES.map((name) => model.featureNames.indexOf(name));
  if (columns.some((j) => j < 0)) return undefined;
  const d = model.featureNames.length;
  const features = new Map<string, AudioFeatures>();
  for (const uri of uris) {
    const id = trackIdFromUri(uri);
    for (const { catalog } of model.genreModels) {
      const i = catalog.idIndex.get(id);
      if (i === undefined) continue;
      features.set(uri, Object.fromEntries(FEATURE_NAMES.map((name, k) => [name, catalog.raw[i * d + columns[k]!]!])) as AudioFeatures);
      break;
    }
  }
  const playlistMean = Object.fromEntries(
    FEATURE_NAMES.map((name) => [name, playlist.tracks.reduce((sum, t) => sum + t.features[name], 0) / playlist.tracks.length]),
  ) as AudioFeatures;
  return { playlistMean, features };
}
