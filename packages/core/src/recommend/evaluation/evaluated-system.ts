import { trackIdFromUri } from '../../data/track-id.js';
import type { PlaylistTrack } from '../playlist-input.js';
import { recommend, type RecommendOptions } from '../recommend.js';
import type { RecommenderModel } from '../recommender-model.js';
import { TopK } from '../top-k.js';
import { catalogRecordingKeys, recordingKeyOf } from './recording-key.js';

/** What an evaluated system answers for one playlist. */
export interface SystemAnswer {
  /** The genre it assigns the playlist (a kNN baseline: the most frequent genre of its list). */
  genre: string;
  /** Best first. */
  recommendations: readonly { uri: string; genre: string }[];
}

/** A recommender under evaluation: anything that answers a playlist. */
export interface EvaluatedSystem {
  name: string;
  /**
   * @param tracks - The visible tracks, with uri and features.
   * @param truth - The playlist's true genres; only reference systems may read it.
   */
  recommend(tracks: readonly PlaylistTrack[], count: number, truth: { genres: readonly string[] }): SystemAnswer;
}

/** `recommend()` with fixed options. */
export function recommenderSystem(name: string, model: RecommenderModel, options: RecommendOptions = {}): EvaluatedSystem {
  return { name, recommend: (tracks, count) => recommend(tracks, model, { ...options, count }) };
}

/** `recommend()` told the playlist's (first) true genre: the ceiling of genre inference. */
export function trueGenreSystem(name: string, model: RecommenderModel, options: RecommendOptions = {}): EvaluatedSystem {
  return { name, recommend: (tracks, count, truth) => recommend(tracks, model, { ...options, count, genre: truth.genres[0]! }) };
}

/**
 * What a practitioner tries first, with no model but the scaler: cosine similarity in the
 * scaled space over the whole catalog (each recording once, the playlist's recordings left out).
 * - `'mean-vector'`: cosine to the playlist's mean vector.
 * - `'sum-cosine'`: the sum of the cosines to each playlist track.
 */
export function knnSystem(name: string, model: RecommenderModel, kind: 'mean-vector' | 'sum-cosine'): EvaluatedSystem {
  const d = model.featureNames.length;
  const { uris, ids, genres, keys, unit } = knnCatalog(model);
  const row = new Float64Array(d);
  const scaled = new Float64Array(d);
  return {
    name,
    recommend(tracks, count) {
      const query = new Float64Array(d);
      const ownKeys = new Set<string>();
      const ownIds = new Set<string>();
      const usable = tracks.filter((t) => t.features);
      for (const track of tracks) if (track.uri !== undefined) ownIds.add(trackIdFromUri(track.uri));
      for (const track of usable) {
        const features = track.features as Record<string, number>;
        ownKeys.add(recordingKeyOf(model, features));
        for (let f = 0; f < d; f++) row[f] = features[model.featureNames[f]!]!;
        model.scaler.transformRow(row, scaled);
        const norm = kind === 'sum-cosine' ? Math.hypot(...scaled) || 1 : usable.length;
        for (let f = 0; f < d; f++) query[f]! += scaled[f]! / norm;
      }
      // Each playlist track excludes at most two entries (its id, its recording): keep enough
      // to drop them afterwards instead of testing every catalog song.
      const top = new TopK(count + 2 * tracks.length);
      scanDots(unit, d, query, top);
      const recommendations = top
        .sorted()
        .filter(({ index }) => !ownIds.has(ids[index]!) && !ownKeys.has(keys[index]!))
        .slice(0, count)
        .map(({ index }) => ({ uri: uris[index]!, genre: genres[index]! }));
      const votes = new Map<string, number>();
      for (const r of recommendations) votes.set(r.genre, (votes.get(r.genre) ?? 0) + 1);
      const genre = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? model.genres[0]!;
      return { genre, recommendations };
    },
  };
}

/**
 * Offers every catalog row's dot product with `query` to `top`. Four rows at a time, each with
 * its own sum taken in feature order — the sums of a one-row loop, bit for bit — so the adds of
 * different rows overlap (the scan over 100k songs is most of a kNN baseline's time).
 */
export function scanDots(unit: Float64Array, d: number, query: Float64Array, top: TopK): void {
  const n = unit.length / d;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = j * d;
    let a = 0;
    let b = 0;
    let c = 0;
    let e = 0;
    for (let f = 0; f < d; f++) {
      const q = query[f]!;
      a += unit[o + f]! * q;
      b += unit[o + d + f]! * q;
      c += unit[o + 2 * d + f]! * q;
      e += unit[o + 3 * d + f]! * q;
    }
    top.push(a, j);
    top.push(b, j + 1);
    top.push(c, j + 2);
    top.push(e, j + 3);
  }
  for (; j < n; j++) {
    let dot = 0;
    for (let f = 0; f < d; f++) dot += unit[j * d + f]! * query[f]!;
    top.push(dot, j);
  }
}

/** The kNN baselines' catalog: each recording once (first in genre then catalog order), as unit vectors in the scaled space. */
interface KnnCatalog {
  uris: string[];
  ids: string[];
  genres: string[];
  keys: string[];
  unit: Float64Array;
}

const knnCatalogs = new WeakMap<RecommenderModel, KnnCatalog>();

/** The {@link KnnCatalog} of `model`, built once and shared by both baselines (a pass over every catalog song). */
function knnCatalog(model: RecommenderModel): KnnCatalog {
  const cached = knnCatalogs.get(model);
  if (cached) return cached;
  const d = model.featureNames.length;
  const catalogKeys = catalogRecordingKeys(model);
  const out: Omit<KnnCatalog, 'unit'> = { uris: [], ids: [], genres: [], keys: [] };
  const units = new Float64Array(model.genreModels.reduce((n, { catalog }) => n + catalog.size, 0) * d);
  const seen = new Set<string>();
  model.genreModels.forEach(({ genre, catalog }, g) => {
    for (let j = 0; j < catalog.size; j++) {
      const key = catalogKeys[g]![j]!;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = catalog.scaled.subarray(j * d, (j + 1) * d);
      const norm = Math.hypot(...row) || 1;
      const at = out.uris.length * d;
      for (let f = 0; f < d; f++) units[at + f] = row[f]! / norm;
      out.uris.push(catalog.uris[j]!);
      out.ids.push(catalog.ids[j]!);
      out.genres.push(genre);
      out.keys.push(key);
    }
  });
  const built = { ...out, unit: units.slice(0, out.uris.length * d) };
  knnCatalogs.set(model, built);
  return built;
}
