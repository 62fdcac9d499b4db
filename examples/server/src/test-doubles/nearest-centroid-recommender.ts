/**
 * TEST DOUBLE (phase 1): a {@link Recommender} over the stand-in {@link NearestCentroidModel}.
 * Phase 2 replaces it with `@msr/core` `recommend()`.
 */
import { FEATURE_COUNT } from '@msr/core';
import type { ModelStore } from '../seams/model-store.js';
import { ModelNotReadyError, type RecommendationResult, type Recommender, type ResolvedPlaylist } from '../seams/recommender.js';
import { scaleFeatures, type NearestCentroidModel } from './nearest-centroid-model.js';

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j]! * b[j]!;
    na += a[j]! * a[j]!;
    nb += b[j]! * b[j]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function mean(vectors: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(FEATURE_COUNT).fill(0);
  for (const v of vectors) for (let j = 0; j < FEATURE_COUNT; j++) out[j]! += v[j]! / vectors.length;
  return out;
}

/**
 * Predicts the genre by the nearest centroid (probabilities from a softmax of negative
 * distances), ranks the genre's songs by cosine similarity to the playlist mean, tops up from
 * other genres when the genre has too few, and reports the cosine between the playlist mean and
 * the mean of the answer.
 */
export class NearestCentroidRecommender implements Recommender {
  constructor(private readonly store: ModelStore<unknown>) {}

  recommend(playlist: ResolvedPlaylist, count: number): RecommendationResult {
    const entry = this.store.current();
    if (!entry) throw new ModelNotReadyError();
    const model = entry.model as NearestCentroidModel;
    const m = mean(playlist.tracks.map((t) => scaleFeatures(model, t.features)));
    const distances = model.centroids.map((c) => Math.sqrt(c.reduce((s, cj, j) => s + (cj - m[j]!) ** 2, 0)));
    const weights = distances.map((d) => Math.exp(-d / 0.25));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const probabilities: Record<string, number> = {};
    model.genres.forEach((g, i) => (probabilities[g] = weights[i]! / total));
    const best = distances.indexOf(Math.min(...distances));
    const genre = model.genres[best]!;
    const exclude = new Set(playlist.tracks.map((t) => t.uri));
    const ranked = model.tracks
      .filter((t) => !exclude.has(t.uri))
      .map((t) => ({ t, score: cosine(t.x, m), same: t.genre === genre }))
      .sort((a, b) => Number(b.same) - Number(a.same) || b.score - a.score)
      .slice(0, count);
    return {
      genre,
      probabilities,
      similarity: ranked.length === 0 ? 0 : cosine(m, mean(ranked.map((r) => r.t.x))),
      songs: ranked.map(({ t, score }) => ({
        uri: t.uri,
        ...(t.name === undefined ? {} : { name: t.name }),
        ...(t.artist === undefined ? {} : { artist: t.artist }),
        score,
      })),
      modelVersion: entry.info.version,
    };
  }
}
