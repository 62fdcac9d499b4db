import type { AudioFeatures } from '../data/features.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { createPrng, type Prng } from '../random/prng.js';
import { findUri } from './catalog-index.js';
import { cosineSimilarity } from './cosine.js';
import { recommend, type RecommendOptions } from './recommend.js';
import type { RecommenderModel } from './recommender-model.js';

/** A song with a known genre, used to build evaluation playlists. */
export interface LabelledSong {
  uri: string;
  genre: string;
  features: Readonly<Record<string, number>> | AudioFeatures;
}

/** A recommender configuration under evaluation. */
export type EvaluatedMethod =
  | { name: string; options: RecommendOptions }
  /** Random songs from the genre `mean-proba` predicts: the floor any ranking must beat. */
  | { name: string; randomFromGenre: true };

/** Options of {@link evaluateRecommender}. */
export interface EvaluateRecommenderOptions {
  /** Playlists of each kind to build. @default 300 */
  playlists?: number;
  /** Tracks per playlist before hiding. @default 20 */
  playlistSize?: number;
  /** Fraction of each playlist hidden from the recommender and counted as relevant. @default 0.5 */
  hideFraction?: number;
  /** Seed for playlist construction and the random baseline. @default 42 */
  seed?: number;
  /**
   * The methods compared, side by side.
   * @default mean-proba (ours), the original algorithm (`mean-features` + `catalog-order`), random-from-genre
   */
  methods?: EvaluatedMethod[];
  /** Clock for latency, in milliseconds. @default performance.now */
  now?: () => number;
}

/** The figures of one method on one kind of playlist. */
export interface EvaluationFigures {
  method: string;
  kind: PlaylistKind;
  playlists: number;
  /** Share of playlists whose predicted genre is the playlist's genre. */
  genreAccuracy: number;
  /** Mean share of the top 10 recommendations in the playlist's genre. */
  genrePrecisionAt10: number;
  /** Mean share of the hidden tracks found in the top 20. */
  recallAt20: number;
  /** Mean NDCG@20 with the hidden tracks as the relevant items. */
  ndcgAt20: number;
  /** Mean monitoring similarity (see `RecommendResult.similarity`). */
  meanSimilarity: number;
  /** Mean number of recommendations returned (the original may return fewer than asked). */
  meanReturned: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * `coherent`: a seed song and its nearest neighbours in its genre (scaled space) — like a
 * curated playlist. `random`: songs drawn at random from one genre — a loose genre playlist.
 */
export type PlaylistKind = 'coherent' | 'random';

/** The evaluation report. */
export interface EvaluationReport {
  figures: EvaluationFigures[];
  /** How the playlists were built. */
  setup: { playlists: number; playlistSize: number; hidden: number; songs: number; seed: number };
}

const DEFAULT_METHODS: EvaluatedMethod[] = [
  { name: 'mean-proba', options: {} },
  { name: 'original', options: { strategy: 'mean-features', ranking: 'catalog-order' } },
  { name: 'random-from-genre', randomFromGenre: true },
];

/**
 * Offline evaluation of recommenders on held-out songs: builds coherent and random single-genre
 * playlists from `songs` (which should be songs the classifier was not trained on, but which
 * are in the model's catalog, so hidden tracks can be found), hides part of each, asks each
 * method for 20 recommendations and reports genre accuracy, genre precision@10, recall@20 and
 * NDCG@20 of the hidden tracks, mean similarity and latency.
 *
 * @example
 * ```ts
 * const report = evaluateRecommender(model, testSongs, { playlists: 200 });
 * console.table(report.figures);
 * ```
 */
export function evaluateRecommender(model: RecommenderModel, songs: readonly LabelledSong[], options: EvaluateRecommenderOptions = {}): EvaluationReport {
  const playlists = options.playlists ?? 300;
  const size = options.playlistSize ?? 20;
  const hideFraction = options.hideFraction ?? 0.5;
  const seed = options.seed ?? 42;
  const methods = options.methods ?? DEFAULT_METHODS;
  const now = options.now ?? defaultClock;
  if (!Number.isInteger(playlists) || playlists < 1) throw new InvalidArgumentError('options.playlists', 'must be a positive integer');
  if (!Number.isInteger(size) || size < 2) throw new InvalidArgumentError('options.playlistSize', 'must be an integer ≥ 2');
  if (!(hideFraction > 0 && hideFraction < 1)) throw new InvalidArgumentError('options.hideFraction', 'must be in (0, 1)');
  const hidden = Math.max(1, Math.round(size * hideFraction));
  if (hidden >= size) throw new InvalidArgumentError('options.hideFraction', 'leaves no visible track');

  const byGenre = new Map<string, LabelledSong[]>();
  for (const song of songs) {
    if (!model.genres.includes(song.genre)) continue;
    const list = byGenre.get(song.genre) ?? [];
    list.push(song);
    byGenre.set(song.genre, list);
  }
  const genres = [...byGenre.keys()].filter((g) => byGenre.get(g)!.length >= size).sort();
  if (genres.length === 0) throw new InvalidArgumentError('songs', `no genre of the model has ${size} songs to build a playlist from`);

  const rng = createPrng(seed);
  const built: { kind: PlaylistKind; genre: string; tracks: LabelledSong[] }[] = [];
  for (const kind of ['coherent', 'random'] as const) {
    for (let p = 0; p < playlists; p++) {
      const genre = genres[p % genres.length]!;
      const pool = byGenre.get(genre)!;
      const tracks = kind === 'random' ? sample(pool, size, rng) : neighbourhood(model, pool, size, rng);
      built.push({ kind, genre, tracks: rng.shuffle(tracks) });
    }
  }

  const figures: EvaluationFigures[] = [];
  for (const method of methods) {
    for (const kind of ['coherent', 'random'] as const) {
      const baselineRng = createPrng(seed + 1);
      const acc = { genre: 0, precision: 0, recall: 0, ndcg: 0, similarity: 0, returned: 0 };
      const latencies: number[] = [];
      const ofKind = built.filter((b) => b.kind === kind);
      for (const playlist of ofKind) {
        const visible = playlist.tracks.slice(hidden);
        // Relevance is by recording: a re-release of a hidden track (same features, another id) counts.
        const hiddenIds = new Set(playlist.tracks.slice(0, hidden).map((t) => recordingKey(model, t.genre, t.uri)));
        const input = visible.map((t) => ({ uri: t.uri, features: t.features as Record<string, number> }));
        const start = now();
        const result =
          'randomFromGenre' in method
            ? randomFromGenre(model, input, 20, baselineRng)
            : recommend(input, model, { ...method.options, count: 20 });
        latencies.push(now() - start);
        const recs = result.recommendations;
        acc.genre += result.genre === playlist.genre ? 1 : 0;
        const top10 = recs.slice(0, 10);
        acc.precision += top10.length === 0 ? 0 : top10.filter((r) => r.genre === playlist.genre).length / 10;
        const relevant = recs.map((r) => hiddenIds.has(recordingKey(model, r.genre, r.uri)));
        acc.recall += relevant.filter(Boolean).length / hiddenIds.size;
        acc.ndcg += ndcg(relevant, hiddenIds.size, 20);
        acc.similarity += Number.isNaN(result.similarity) ? 0 : result.similarity;
        acc.returned += recs.length;
      }
      const m = ofKind.length;
      latencies.sort((a, b) => a - b);
      figures.push({
        method: method.name,
        kind,
        playlists: m,
        genreAccuracy: acc.genre / m,
        genrePrecisionAt10: acc.precision / m,
        recallAt20: acc.recall / m,
        ndcgAt20: acc.ndcg / m,
        meanSimilarity: acc.similarity / m,
        meanReturned: acc.returned / m,
        latencyP50Ms: quantile(latencies, 0.5),
        latencyP99Ms: quantile(latencies, 0.99),
      });
    }
  }
  return { figures, setup: { playlists, playlistSize: size, hidden, songs: songs.length, seed } };
}

/** `performance.now()` where the platform has it (browsers, Node, workers), else `Date.now()`. */
function defaultClock(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

/** `genre:recording` of a catalog song (its uri when it is not in that genre's catalog). */
function recordingKey(model: RecommenderModel, genre: string, uri: string): string {
  const g = model.genres.indexOf(genre);
  const catalog = g === -1 ? undefined : model.genreModels[g]!.catalog;
  const j = catalog ? findUri(catalog.uris, uri) : -1;
  return j === -1 ? `uri:${uri}` : `${genre}:${catalog!.recordings.recording[j]}`;
}

function sample<T>(pool: readonly T[], n: number, rng: Prng): T[] {
  const copy = pool.slice();
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** A random seed song and its nearest neighbours in the pool, in the model's scaled space. */
function neighbourhood(model: RecommenderModel, pool: readonly LabelledSong[], n: number, rng: Prng): LabelledSong[] {
  const d = model.featureNames.length;
  const scaledOf = (song: LabelledSong) => {
    const raw = Float64Array.from(model.featureNames, (name) => (song.features as Record<string, number>)[name]!);
    return model.scaler.transformRow(raw, new Float64Array(d));
  };
  const seed = scaledOf(pool[rng.int(pool.length)]!);
  return pool
    .map((song) => {
      const x = scaledOf(song);
      let d2 = 0;
      for (let f = 0; f < d; f++) d2 += (x[f]! - seed[f]!) ** 2;
      return { song, d2 };
    })
    .sort((a, b) => a.d2 - b.d2 || (a.song.uri < b.song.uri ? -1 : 1))
    .slice(0, n)
    .map(({ song }) => song);
}

function randomFromGenre(model: RecommenderModel, input: { uri: string; features: Record<string, number> }[], count: number, rng: Prng) {
  const guess = recommend(input, model, { count: 1 });
  const catalog = model.genreModels[model.genres.indexOf(guess.genre)]!.catalog;
  const own = new Set(input.map((t) => t.uri));
  const candidates: number[] = [];
  for (let j = 0; j < catalog.size; j++) if (!own.has(catalog.uris[j]!)) candidates.push(j);
  const picks = sample(candidates, Math.min(count, candidates.length), rng);
  // The same cosine as RecommendResult.similarity, for the random picks.
  const d = model.featureNames.length;
  const centroid = new Float64Array(d);
  const row = new Float64Array(d);
  for (const track of input) {
    model.scaler.transformRow(Float64Array.from(model.featureNames, (name) => track.features[name]!), row);
    for (let f = 0; f < d; f++) centroid[f]! += row[f]! / input.length;
  }
  const mean = new Float64Array(d);
  for (const j of picks) for (let f = 0; f < d; f++) mean[f]! += catalog.scaled[j * d + f]! / picks.length;
  return {
    genre: guess.genre,
    similarity: cosineSimilarity(centroid, mean),
    recommendations: picks.map((j) => ({ uri: catalog.uris[j]!, genre: guess.genre })),
  };
}

function ndcg(relevant: boolean[], totalRelevant: number, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i++) if (relevant[i]) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}
