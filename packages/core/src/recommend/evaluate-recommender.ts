import { trackIdFromUri } from '../data/track-id.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import { createPrng } from '../random/prng.js';
import { knnSystem, recommenderSystem, trueGenreSystem, type EvaluatedSystem } from './evaluation/evaluated-system.js';
import { buildPlaylist, PLAYLIST_FAMILIES, type HeldOutPlaylist, type LabelledSong, type PlaylistFamily, type Pools } from './evaluation/playlist-families.js';
import { meanPairwiseDistance, ndcgAt, quantile } from './evaluation/ranking-metrics.js';
import { catalogRecordingKeys, recordingKeyOf } from './evaluation/recording-key.js';
import type { RecommenderModel } from './recommender-model.js';

export type { LabelledSong, PlaylistFamily, HeldOutPlaylist } from './evaluation/playlist-families.js';
export { PLAYLIST_FAMILIES } from './evaluation/playlist-families.js';
export { recordingKeyOf, recordingKeyOfRow } from './evaluation/recording-key.js';
export { knnSystem, recommenderSystem, trueGenreSystem, type EvaluatedSystem, type SystemAnswer } from './evaluation/evaluated-system.js';

/** Options of {@link evaluateRecommender}. */
export interface EvaluateRecommenderOptions {
  /** Playlists of each family. @default 300 */
  playlists?: number;
  /** The families built. @default every {@link PLAYLIST_FAMILIES} */
  families?: readonly PlaylistFamily[];
  /** Recommendations asked for, and the cut-off of recall and NDCG. @default 20 */
  count?: number;
  /** Seed of playlist construction. @default 42 */
  seed?: number;
  /**
   * Real playlists to evaluate as the `configured` family, e.g. the tracks of a Million Playlist
   * Dataset file that are held-out recordings: each playlist's first half (in the order given)
   * is visible, the rest hidden. Playlists with fewer than 4 tracks are left out.
   * @default none
   */
  configured?: readonly (readonly LabelledSong[])[];
  /** The systems compared, side by side on the same playlists. @default {@link defaultSystems} */
  systems?: readonly EvaluatedSystem[];
  /** Clock for latency, in milliseconds. @default performance.now */
  now?: () => number;
}

/** The figures of one system on one family of playlists. */
export interface EvaluationFigures {
  system: string;
  family: PlaylistFamily;
  playlists: number;
  /** Share of playlists whose assigned genre is (one of) the playlist's genre(s); NaN for `configured`. */
  genreAccuracy: number;
  /** Mean share of the recommendations in the playlist's genre(s); NaN for `configured`. */
  genrePrecision: number;
  /** Mean share of the hidden recordings found in the list. */
  recallAt20: number;
  /** Mean NDCG of the list, the hidden recordings relevant. */
  ndcgAt20: number;
  /** Distinct recordings recommended over the family's playlists / recordings in the catalog. */
  coverage: number;
  /** Share of lists holding both genres of a mix (NaN for single-genre families). */
  bothGenres: number;
  /** Mean pairwise distance of a list in the model's scaled space. */
  diversity: number;
  /** Mean list length. */
  returned: number;
  /** Recommendations that were a playlist track (by id, or a re-release with identical features). Must be 0. */
  playlistTracks: number;
  /** Recommendations repeating a recording already in the same list. Must be 0. */
  repeats: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** The evaluation report. */
export interface EvaluationReport {
  figures: EvaluationFigures[];
  /** Per system: distinct recordings recommended over every family / recordings in the catalog. */
  coverage: { system: string; coverage: number }[];
  setup: { playlists: number; families: PlaylistFamily[]; count: number; songs: number; recordings: number; catalogRecordings: number; seed: number };
}

/**
 * The systems compared by default: msr's recommender (`default`), the previous default
 * (`mean-proba`), the original algorithm (`original`: classify the mean vector, one cluster in
 * catalog order), two kNN baselines (`knn-mean`, `knn-sum`) and the reference told the true
 * genre (`true-genre`).
 */
export function defaultSystems(model: RecommenderModel): EvaluatedSystem[] {
  return [
    recommenderSystem('default', model),
    recommenderSystem('mean-proba', model, { strategy: 'mean-proba' }),
    recommenderSystem('original', model, { strategy: 'mean-features', ranking: 'catalog-order' }),
    knnSystem('knn-mean', model, 'mean-vector'),
    knnSystem('knn-sum', model, 'sum-cosine'),
    trueGenreSystem('true-genre', model),
  ];
}

/**
 * Offline evaluation of recommenders on held-out recordings: builds playlists of every
 * {@link PlaylistFamily} from `songs` — which must be recordings the model was not trained on,
 * but which are in its catalog, so hidden tracks can be found — hides part of each, asks every
 * system for `count` recommendations and reports, per system and family, genre accuracy and
 * precision, recall@20 and NDCG@20 of the hidden recordings (relevance by recording: a
 * re-release of a hidden track counts), coverage, both-genre rate of mixes, diversity, latency,
 * and the two counts that must stay 0: playlist tracks and repeated recordings returned.
 *
 * @example
 * ```ts
 * const report = evaluateRecommender(model, heldOutSongs, { playlists: 200 });
 * console.table(report.figures);
 * ```
 */
export function evaluateRecommender(model: RecommenderModel, songs: readonly LabelledSong[], options: EvaluateRecommenderOptions = {}): EvaluationReport {
  const playlists = options.playlists ?? 300;
  const count = options.count ?? 20;
  const seed = options.seed ?? 42;
  const families = [...(options.families ?? PLAYLIST_FAMILIES)];
  const systems = options.systems ?? defaultSystems(model);
  const now = options.now ?? defaultClock;
  if (!Number.isInteger(playlists) || playlists < 1) throw new InvalidArgumentError('options.playlists', `must be a positive integer, got ${playlists}`);
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new InvalidArgumentError('options.count', `must be an integer from 1 to 100, got ${count}`);

  // One song per recording: a playlist must not hide the twin of a visible track.
  const pools: Pools = new Map();
  const seen = new Set<string>();
  for (const song of songs) {
    if (!model.genres.includes(song.genre)) continue;
    const key = recordingKeyOf(model, song.features);
    if (seen.has(key)) continue;
    seen.add(key);
    const pool = pools.get(song.genre) ?? [];
    pool.push(song);
    pools.set(song.genre, pool);
  }
  const small = [...pools].filter(([, pool]) => pool.length < 20);
  for (const [genre] of small) pools.delete(genre);
  const genres = [...pools.keys()].sort();
  if (genres.length < 2) {
    const counts = model.genres.map((g) => `${g}: ${small.find(([s]) => s === g)?.[1].length ?? pools.get(g)?.length ?? 0}`).join(', ');
    throw new InvalidArgumentError('songs', `needs at least 20 held-out recordings in each of two genres to build playlists (${counts})`);
  }
  const sortedPools: Pools = new Map(genres.map((g) => [g, pools.get(g)!]));

  const rng = createPrng(seed);
  const built: HeldOutPlaylist[] = [];
  for (const family of families) for (let p = 0; p < playlists; p++) built.push(buildPlaylist(model, sortedPools, family, genres[p % genres.length]!, rng));
  const configured = (options.configured ?? []).filter((tracks) => tracks.length >= 4);
  for (const tracks of configured) {
    const half = Math.floor(tracks.length / 2);
    built.push({ family: 'configured', genres: [], visible: tracks.slice(0, half), hidden: tracks.slice(half) });
  }
  if (configured.length > 0) families.push('configured');

  // Every catalog song's recording, across genres.
  const catalogKeys = catalogRecordingKeys(model);
  const byUri = new Map<string, { key: string; row: Float64Array }>();
  const d = model.featureNames.length;
  model.genreModels.forEach(({ genre, catalog }, g) => {
    for (let j = 0; j < catalog.size; j++) byUri.set(`${genre}\u0000${catalog.uris[j]}`, { key: catalogKeys[g]![j]!, row: catalog.scaled.subarray(j * d, (j + 1) * d) });
  });
  const catalogRecordings = new Set(catalogKeys.flat()).size;

  // What each playlist's figures compare against, the same for every system: built once.
  const prepared = built.map((playlist) => ({
    playlist,
    hidden: new Set(playlist.hidden.map((t) => recordingKeyOf(model, t.features))),
    ownKeys: new Set(playlist.visible.map((t) => recordingKeyOf(model, t.features))),
    ownIds: new Set(playlist.visible.map((t) => trackIdFromUri(t.uri))),
  }));

  const figures: EvaluationFigures[] = [];
  const coverage: EvaluationReport['coverage'] = [];
  for (const system of systems) {
    const everyFamily = new Set<string>();
    for (const family of families) {
      const ofFamily = prepared.filter((b) => b.playlist.family === family);
      const acc = { genre: 0, precision: 0, recall: 0, ndcg: 0, both: 0, diversity: 0, returned: 0, playlistTracks: 0, repeats: 0 };
      const recommended = new Set<string>();
      const latencies: number[] = [];
      for (const { playlist, hidden, ownKeys, ownIds } of ofFamily) {
        // A fresh input per call: a system may keep or change what it is given.
        const input = playlist.visible.map((t) => ({ uri: t.uri, features: t.features }));
        const start = now();
        const answer = system.recommend(input, count, { genres: playlist.genres });
        latencies.push(now() - start);
        const recs = answer.recommendations;
        const rows = recs.map((r) => byUri.get(`${r.genre}\u0000${r.uri}`));
        const keys = recs.map((r, i) => rows[i]?.key ?? `uri:${r.uri}`);
        acc.genre += playlist.genres.includes(answer.genre) ? 1 : 0;
        acc.precision += recs.length === 0 ? 0 : recs.filter((r) => playlist.genres.includes(r.genre)).length / recs.length;
        const relevant = keys.map((k) => hidden.has(k));
        acc.recall += relevant.filter(Boolean).length / hidden.size;
        acc.ndcg += ndcgAt(relevant, hidden.size, count);
        if (playlist.genres.length > 1) acc.both += playlist.genres.every((g) => recs.some((r) => r.genre === g)) ? 1 : 0;
        acc.diversity += meanPairwiseDistance(rows.flatMap((row) => row?.row ?? []));
        acc.returned += recs.length;
        acc.playlistTracks += recs.filter((r, i) => ownIds.has(trackIdFromUri(r.uri)) || ownKeys.has(keys[i]!)).length;
        acc.repeats += keys.length - new Set(keys).size;
        for (const key of keys) {
          recommended.add(key);
          everyFamily.add(key);
        }
      }
      const m = ofFamily.length;
      latencies.sort((a, b) => a - b);
      const genreKnown = family !== 'configured';
      figures.push({
        system: system.name,
        family,
        playlists: m,
        genreAccuracy: genreKnown ? acc.genre / m : Number.NaN,
        genrePrecision: genreKnown ? acc.precision / m : Number.NaN,
        recallAt20: acc.recall / m,
        ndcgAt20: acc.ndcg / m,
        coverage: recommended.size / catalogRecordings,
        bothGenres: family === 'mix' ? acc.both / m : Number.NaN,
        diversity: acc.diversity / m,
        returned: acc.returned / m,
        playlistTracks: acc.playlistTracks,
        repeats: acc.repeats,
        latencyP50Ms: quantile(latencies, 0.5),
        latencyP99Ms: quantile(latencies, 0.99),
      });
    }
    coverage.push({ system: system.name, coverage: everyFamily.size / catalogRecordings });
  }
  return {
    figures,
    coverage,
    setup: { playlists, families, count, songs: songs.length, recordings: seen.size, catalogRecordings, seed },
  };
}

/** `performance.now()` where the platform has it (browsers, Node, workers), else `Date.now()`. */
function defaultClock(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
