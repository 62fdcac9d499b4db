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

/** Per-model arrays built once: genre members and their unit-length vectors. */
interface PreparedModel {
  members: Map<string, Int32Array>;
  /** Row i holds track i's vector divided by its norm (zeros for a zero vector). */
  unit: Float64Array;
}

const prepared = new WeakMap<NearestCentroidModel, PreparedModel>();

function prepare(model: NearestCentroidModel): PreparedModel {
  let p = prepared.get(model);
  if (p) return p;
  const unit = new Float64Array(model.tracks.length * FEATURE_COUNT);
  const lists = new Map<string, number[]>();
  model.tracks.forEach((t, i) => {
    const norm = Math.hypot(...t.x) || 1;
    for (let j = 0; j < FEATURE_COUNT; j++) unit[i * FEATURE_COUNT + j] = t.x[j]! / norm;
    const list = lists.get(t.genre) ?? [];
    list.push(i);
    lists.set(t.genre, list);
  });
  p = { unit, members: new Map([...lists].map(([g, l]) => [g, Int32Array.from(l)])) };
  prepared.set(model, p);
  return p;
}

/** The `k` best-scoring indices among `candidates` (cosine to `m`), best first, skipping `exclude`. */
function topK(p: PreparedModel, model: NearestCentroidModel, candidates: Int32Array, m: readonly number[], k: number, exclude: Set<string>) {
  const mNorm = Math.hypot(...m) || 1;
  const best: { i: number; score: number }[] = [];
  for (const i of candidates) {
    let dot = 0;
    for (let j = 0; j < FEATURE_COUNT; j++) dot += p.unit[i * FEATURE_COUNT + j]! * m[j]!;
    const score = dot / mNorm;
    if (best.length === k && score <= best[k - 1]!.score) continue;
    if (exclude.has(model.tracks[i]!.uri)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < score) at--;
    best.splice(at, 0, { i, score });
    if (best.length > k) best.pop();
  }
  return best.map(({ i, score }) => ({ t: model.tracks[i]!, score }));
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
    const p = prepare(model);
    // The predicted genre first; other genres only to make up the count.
    let ranked = topK(p, model, p.members.get(genre) ?? new Int32Array(), m, count, exclude);
    if (ranked.length < count) {
      const others = Int32Array.from(model.genres.filter((g) => g !== genre).flatMap((g) => [...(p.members.get(g) ?? [])]));
      ranked = ranked.concat(topK(p, model, others, m, count - ranked.length, exclude));
    }
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
