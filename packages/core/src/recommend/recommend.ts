import { trackIdFromUri } from '../data/playlist.js';
import { findRecording, findUri } from './catalog-index.js';
import { cosineSimilarity } from './cosine.js';
import type { RecommenderModel } from './recommender-model.js';
import { playlistRows, type PlaylistInput, type SkippedTrack } from './playlist-input.js';
import { RecommendError } from './recommend-error.js';
import { TopK } from './top-k.js';

/** How the playlist's genre and clusters are inferred. */
export type RecommendStrategy = 'mean-proba' | 'mean-features';

/** How candidates are ordered. */
export type RecommendRanking = 'score' | 'catalog-order';

/** Options of {@link recommend}. */
export interface RecommendOptions {
  /**
   * How many songs to return, 1–100. Exactly this many come back whenever the candidate
   * genres' catalogs hold that many songs outside the playlist and `excludeUris`.
   * @default 10
   */
  count?: number;
  /**
   * - `'mean-proba'`: the genre is the argmax of the mean of the tracks' class probabilities,
   *   and cluster posteriors are the mean of the tracks' posteriors. Robust to playlists whose
   *   mean lands between genres.
   * - `'mean-features'`: the original algorithm — classify the mean feature vector, take the
   *   cluster of the mean. Kept for fidelity and as the evaluation baseline.
   * @default 'mean-proba'
   */
  strategy?: RecommendStrategy;
  /**
   * - `'score'`: rank by the documented score (see {@link Recommendation.score}), filling from
   *   less probable clusters and then the whole genre until `count` is reached.
   * - `'catalog-order'`: the original's behaviour — members of the playlist's single cluster in
   *   catalog (uri) order, no ranking and no filling, so fewer than `count` may come back. For
   *   baselines only.
   * @default 'score'
   */
  ranking?: RecommendRanking;
  /** Track ids or `spotify:track:` uris never to recommend (the playlist's own are always excluded). */
  excludeUris?: Iterable<string>;
  /** Force the genre instead of predicting it. Must be one of the model's genres. */
  genre?: string;
  /**
   * Share the count across several genres for mixed playlists: every genre whose probability is
   * at least `minShare` (default 0.25) gets a part of `count` proportional to its probability
   * (largest remainders, at least one each), ranked around the centroid of the playlist tracks
   * predicted in that genre; the parts are merged by score. `false` keeps one genre.
   * @default false
   */
  multiGenre?: boolean | { minShare?: number };
  /**
   * Recommend each recording once. The catalog often lists one recording under several track
   * ids (re-releases, compilations: identical features); with this on, only its first id (by
   * uri) can be recommended, and a recording is excluded when any of its ids — or a playlist
   * track with identical features — is in the playlist or `excludeUris`. Applies to
   * `ranking: 'score'`; `'catalog-order'` stays faithful to the original.
   * @default true
   */
  collapseDuplicates?: boolean;
}

/** One recommended song. */
export interface Recommendation {
  /** Track id as stored in the catalog. */
  uri: string;
  /** 1-based position in the result. */
  rank: number;
  /**
   * `posterior(cluster | playlist) × exp(−½ (distance / bandwidth)²)`, in [0, 1]: high when the
   * song sits in a cluster the playlist belongs to and close to the playlist's centroid.
   * `bandwidth` is the playlist's RMS radius in scaled space, at least 0.5. With
   * `ranking: 'catalog-order'` the score is the cluster posterior alone.
   */
  score: number;
  genre: string;
  /** Index of the song's cluster in its genre's Gaussian mixture. */
  cluster: number;
  /** Euclidean distance to the playlist centroid in the model's scaled feature space. */
  distance: number;
  name?: string;
  artist?: string;
}

/** The answer of {@link recommend}. */
export interface RecommendResult {
  /** The genre the playlist was assigned (the most probable, or `options.genre`). */
  genre: string;
  /** Probability of every model genre for the playlist, in model genre order; sums to 1. */
  genreProbabilities: Record<string, number>;
  /** The clusters candidates came from, with the playlist's posterior for each, most probable first. */
  clusters: { genre: string; cluster: number; posterior: number }[];
  /** Ranked recommendations, best first; never includes the playlist's own tracks. */
  recommendations: Recommendation[];
  /**
   * Cosine similarity, in the model's scaled feature space, between the playlist centroid and
   * the mean of the recommendations: in [−1, 1], 1 when they point the same way. Logged per
   * request for monitoring (a drop means recommendations drift from what users submit).
   * `NaN` only if nothing was recommended.
   */
  similarity: number;
  /** Tracks without features, reported rather than silently dropped. */
  skipped: SkippedTrack[];
  /** How many playlist tracks were used. */
  usedTracks: number;
  strategy: RecommendStrategy;
}

const MIN_BANDWIDTH = 0.5;
const LOG_FLOOR = 1e-12;

/**
 * Recommends songs like a playlist. Pure, synchronous and deterministic: the same playlist,
 * model and options give the same result, bit for bit.
 *
 * @example
 * ```ts
 * const model = RecommenderModel.fromJSON(JSON.parse(text));
 * const result = recommend(
 *   [{ uri: '5SuOikwiRyPMVoIQDJUgSV', features: { key: 1, acousticness: 0.03, … } }],
 *   model,
 *   { count: 20 },
 * );
 * result.recommendations[0]; // { uri, rank: 1, score, genre, cluster, distance, name, artist }
 * ```
 */
export function recommend(playlist: PlaylistInput, model: RecommenderModel, options: RecommendOptions = {}): RecommendResult {
  const count = options.count ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw new RecommendError('ERR_OUT_OF_RANGE', `options.count: must be an integer from 1 to 100, got ${String(count)}`);
  }
  const strategy = options.strategy ?? 'mean-proba';
  if (strategy !== 'mean-proba' && strategy !== 'mean-features') {
    throw new RecommendError('ERR_INVALID_ARGUMENT', `options.strategy: must be 'mean-proba' or 'mean-features', got ${String(strategy)}`);
  }
  const ranking = options.ranking ?? 'score';
  if (ranking !== 'score' && ranking !== 'catalog-order') {
    throw new RecommendError('ERR_INVALID_ARGUMENT', `options.ranking: must be 'score' or 'catalog-order', got ${String(ranking)}`);
  }
  const forced = options.genre === undefined ? -1 : model.genres.indexOf(options.genre);
  if (options.genre !== undefined && forced === -1) {
    throw new RecommendError('ERR_UNKNOWN_GENRE', `options.genre: "${options.genre}" is not one of the model's genres (${model.genres.join(', ')})`);
  }

  const rows = playlistRows(playlist, model.featureNames);
  const d = model.featureNames.length;
  const nGenres = model.genres.length;
  const n = rows.count;

  // The classifier reads raw features (trees don't care about scale); the mixtures, distances
  // and the similarity work in the model's scaled space.
  const scaled = new Float64Array(n * d);
  for (let i = 0; i < n; i++) model.scaler.transformRow(rows.raw.subarray(i * d, (i + 1) * d), scaled.subarray(i * d, (i + 1) * d));
  const centroid = meanRow(scaled, 0, n, d, new Float64Array(d));

  // Genre probabilities and each track's most probable genre.
  const genreProbabilities = new Float64Array(nGenres);
  const trackGenre = new Int32Array(n);
  const proba = new Float64Array(nGenres);
  if (strategy === 'mean-proba') {
    for (let i = 0; i < n; i++) {
      model.classifier.predictProbaRow(rows.raw.subarray(i * d, (i + 1) * d), proba);
      for (let g = 0; g < nGenres; g++) genreProbabilities[g]! += proba[g]! / n;
      trackGenre[i] = argmax(proba);
    }
  } else {
    model.classifier.predictProbaRow(meanRow(rows.raw, 0, n, d, new Float64Array(d)), genreProbabilities);
    trackGenre.fill(argmax(genreProbabilities));
  }

  const excluded = new Set(rows.ids);
  if (options.excludeUris !== undefined) for (const uri of options.excludeUris) excluded.add(trackIdFromUri(uri));

  const top = forced === -1 ? argmax(genreProbabilities) : forced;
  const allocation = allocate(count, top, genreProbabilities, forced === -1 ? options.multiGenre : false);

  const picks: Ranked[] = [];
  const clusters: RecommendResult['clusters'] = [];
  for (const [g, share] of allocation) {
    // The tracks predicted in this genre give its centroid; the whole playlist when none are.
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (trackGenre[i] === g) members.push(i);
    const genreRows = members.length > 0 && allocation.length > 1 ? gather(scaled, members, d) : scaled;
    const genreCount = members.length > 0 && allocation.length > 1 ? members.length : n;
    const genreCentroid = genreRows === scaled ? centroid : meanRow(genreRows, 0, genreCount, d, new Float64Array(d));
    const exclusion = { uris: excluded, playlistRaw: rows.raw, playlistCount: n, collapse: options.collapseDuplicates ?? true };
    picks.push(...rankGenre(model, g, genreRows, genreCount, genreCentroid, share, exclusion, strategy, ranking, clusters));
  }
  picks.sort((a, b) => b.recommendation.score - a.recommendation.score || compare(a.recommendation.uri, b.recommendation.uri));
  const recommendations = picks.map(({ recommendation }, i) => ((recommendation.rank = i + 1), recommendation));

  return {
    genre: model.genres[top]!,
    genreProbabilities: Object.fromEntries(model.genres.map((genre, g) => [genre, genreProbabilities[g]!])),
    clusters,
    recommendations,
    similarity: similarityOf(picks, centroid),
    skipped: rows.skipped,
    usedTracks: n,
    strategy,
  };
}

function rankGenre(
  model: RecommenderModel,
  g: number,
  scaled: Float64Array,
  n: number,
  centroid: Float64Array,
  count: number,
  exclusion: Exclusion,
  strategy: RecommendStrategy,
  ranking: RecommendRanking,
  clusters: RecommendResult['clusters'],
): Ranked[] {
  const { genre, mixture, catalog } = model.genreModels[g]!;
  const d = centroid.length;
  const k = mixture.options.nComponents;

  // Posterior of each cluster for the playlist.
  const posterior = new Float64Array(k);
  if (strategy === 'mean-proba') {
    const buffer = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      mixture.predictProbaRow(scaled.subarray(i * d, (i + 1) * d), buffer);
      for (let c = 0; c < k; c++) posterior[c]! += buffer[c]! / n;
    }
  } else {
    posterior[mixture.predictRow(centroid)] = 1;
  }
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => posterior[b]! - posterior[a]! || a - b);

  const top = new TopK(count);
  if (ranking === 'catalog-order') {
    // The original: members of the most probable cluster, in catalog order, no filling.
    const cluster = order[0]!;
    clusters.push({ genre, cluster, posterior: posterior[cluster]! });
    for (let j = 0, kept = 0; j < catalog.size && kept < count; j++) {
      if (catalog.labels[j] !== cluster || exclusion.uris.has(catalog.uris[j]!)) continue;
      top.push(-kept, j); // keeps catalog order
      kept++;
    }
    return top.sorted().map(({ index }) => pick(catalog, index, genre, posterior[cluster]!, centroid));
  }

  let spread = 0;
  for (let i = 0; i < n; i++) spread += squaredDistance(scaled, i * d, centroid, d);
  const bandwidth = Math.max(Math.sqrt(spread / n), MIN_BANDWIDTH);
  const inv2h2 = 1 / (2 * bandwidth * bandwidth);
  const logPosterior = new Float64Array(k);
  for (let c = 0; c < k; c++) logPosterior[c] = Math.log(Math.max(posterior[c]!, LOG_FLOOR));

  // Log-space score, so clusters with a zero posterior still order by distance when filling.
  const features = catalog.scaled;
  const recording = catalog.recordings.recording;
  const excludedRecordings = exclude(catalog, exclusion, d);
  for (let j = 0; j < catalog.size; j++) {
    if (exclusion.collapse ? recording[j] !== j || excludedRecordings.has(j) : exclusion.uris.has(catalog.uris[j]!)) continue;
    const d2 = squaredDistance(features, j * d, centroid, d);
    top.push(logPosterior[catalog.labels[j]!]! - d2 * inv2h2, j);
  }
  const kept = top.sorted();
  const used = new Set(kept.map(({ index }) => catalog.labels[index]!));
  for (const c of order) if (used.has(c)) clusters.push({ genre, cluster: c, posterior: posterior[c]! });
  return kept.map(({ index, score }) => pick(catalog, index, genre, Math.exp(score), centroid));
}

/** What a genre's ranking must leave out. */
interface Exclusion {
  /** Bare ids of the playlist's tracks and `excludeUris`. */
  uris: Set<string>;
  playlistRaw: Float64Array;
  playlistCount: number;
  collapse: boolean;
}

/** Recordings of the catalog the playlist already holds (by id or by identical features). */
function exclude(catalog: RecommenderModel['genreModels'][number]['catalog'], exclusion: Exclusion, d: number): Set<number> {
  const out = new Set<number>();
  if (!exclusion.collapse) return out;
  for (const uri of exclusion.uris) {
    const j = findUri(catalog.uris, uri);
    if (j !== -1) out.add(catalog.recordings.recording[j]!);
  }
  const row = new Float32Array(d);
  for (let i = 0; i < exclusion.playlistCount; i++) {
    for (let f = 0; f < d; f++) row[f] = exclusion.playlistRaw[i * d + f]!;
    const r = findRecording(catalog.recordings, catalog.raw, row, d);
    if (r !== -1) out.add(r);
  }
  return out;
}

/** A recommendation with where its scaled features are, for the similarity. */
interface Ranked {
  recommendation: Recommendation;
  features: Float64Array;
  offset: number;
}

function pick(catalog: RecommenderModel['genreModels'][number]['catalog'], j: number, genre: string, score: number, centroid: Float64Array): Ranked {
  const d = centroid.length;
  const recommendation: Recommendation = {
    uri: catalog.uris[j]!,
    rank: 0,
    score,
    genre,
    cluster: catalog.labels[j]!,
    distance: Math.sqrt(squaredDistance(catalog.scaled, j * d, centroid, d)),
  };
  const name = catalog.names?.[j];
  const artist = catalog.artists?.[j];
  if (name) recommendation.name = name;
  if (artist) recommendation.artist = artist;
  return { recommendation, features: catalog.scaled, offset: j * d };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Genres and their share of `count`: the top genre alone, or a proportional split. */
function allocate(count: number, top: number, probabilities: Float64Array, multi: RecommendOptions['multiGenre']): [number, number][] {
  if (!multi) return [[top, count]];
  const minShare = typeof multi === 'object' && multi.minShare !== undefined ? multi.minShare : 0.25;
  if (!(minShare > 0 && minShare <= 1)) throw new RecommendError('ERR_OUT_OF_RANGE', `options.multiGenre.minShare: must be in (0, 1], got ${String(minShare)}`);
  const chosen = Array.from(probabilities.keys())
    .filter((g) => g === top || probabilities[g]! >= minShare)
    .sort((a, b) => probabilities[b]! - probabilities[a]! || a - b)
    .slice(0, count);
  const total = chosen.reduce((sum, g) => sum + probabilities[g]!, 0);
  const exact = chosen.map((g) => (probabilities[g]! / total) * count);
  const shares = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = count - shares.reduce((a, b) => a + b, 0);
  const byRemainder = chosen.map((_, i) => i).sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || a - b);
  for (let r = 0; left > 0; r = (r + 1) % chosen.length, left--) shares[byRemainder[r]!]!++;
  for (let i = shares.length - 1; left < 0; i = (i - 1 + shares.length) % shares.length) {
    if (shares[i]! > 1) {
      shares[i]!--;
      left++;
    }
  }
  return chosen.map((g, i) => [g, shares[i]!]);
}

function similarityOf(picks: Ranked[], centroid: Float64Array): number {
  if (picks.length === 0) return Number.NaN;
  const d = centroid.length;
  const mean = new Float64Array(d);
  for (const { features, offset } of picks) for (let f = 0; f < d; f++) mean[f]! += features[offset + f]! / picks.length;
  return cosineSimilarity(centroid, mean);
}

function meanRow(rows: Float64Array, from: number, n: number, d: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = from; i < from + n; i++) for (let f = 0; f < d; f++) out[f]! += rows[i * d + f]!;
  for (let f = 0; f < d; f++) out[f]! /= n;
  return out;
}

function gather(rows: Float64Array, which: number[], d: number): Float64Array {
  const out = new Float64Array(which.length * d);
  which.forEach((i, r) => out.set(rows.subarray(i * d, (i + 1) * d), r * d));
  return out;
}

function squaredDistance(rows: Float64Array, offset: number, point: Float64Array, d: number): number {
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const diff = rows[offset + f]! - point[f]!;
    sum += diff * diff;
  }
  return sum;
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
