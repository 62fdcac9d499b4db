import { trackIdFromUri } from '../data/track-id.js';
import type { SongMetadata } from '../data/song-metadata.js';
import { songMetadataAt } from './catalog-metadata.js';
import { cosineSimilarity } from './cosine.js';
import type { RecommenderModel } from './recommender-model.js';
import { servingIndex, type ServingIndex } from './serving-index.js';
import { playlistRows, type PlaylistInput, type PlaylistRows, type SkippedTrack } from './playlist-input.js';
import { RecommendError } from './recommend-error.js';
import { scanCatalog, squaredDistance } from './catalog-scan.js';
import { TopK } from './top-k.js';
import { maximalMarginalRelevance, mmrWorkspace, type RankedList } from './mmr.js';

/** How the playlist's genre and clusters are inferred. */
export type RecommendStrategy = 'mixture' | 'mean-proba' | 'mean-features';

const STRATEGIES: readonly RecommendStrategy[] = ['mixture', 'mean-proba', 'mean-features'];

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
   * - `'mixture'`: the playlist is a mixture of genres. Its genre shares are the maximum-
   *   likelihood mixing weights of the tracks' class probabilities (EM, so one stray track does
   *   not split a coherent playlist, and a 10 + 10 mix comes out near half and half). Candidates
   *   come from every genre with a share, scored by `share^genreWeight × exp(−½ (d / h)²)`
   *   around the centroid of the tracks that genre explains (responsibility-weighted), `h` that
   *   group's RMS radius (at least 0.5). No genre is filtered out on a guess.
   * - `'mean-proba'`: the genre is the argmax of the mean of the tracks' class probabilities,
   *   and cluster posteriors are the mean of the tracks' posteriors; candidates from that genre
   *   only. The default before decision 0824.
   * - `'mean-features'`: the original algorithm — classify the mean feature vector, take the
   *   cluster of the mean. Kept for fidelity and as the evaluation baseline.
   * @default 'mixture'
   */
  strategy?: RecommendStrategy;
  /**
   * With `strategy: 'mixture'`: the exponent of a genre's share (or, for a playlist read as one
   * genre, of its mean class probability) in the score, i.e. how strongly the classifier's view
   * of the playlist outweighs distance. 0 ignores genres (pure kernel kNN around the centroids).
   * @default 2
   */
  genreWeight?: number;
  /**
   * With `strategy: 'mixture'`: how much near-duplicates are pushed down (maximal marginal
   * relevance over the best `3 × count` of each genre). 0 ranks by score alone. Chosen on a
   * validation split of the training songs (decision 1010: coherent recall@20 0.171 at 0.25,
   * 0.169 at 0, 0.166 at 0.5; coverage 63% against 60% at 0).
   * @default 0.25
   */
  diversity?: number;
  /**
   * With `strategy: 'mixture'`: how much better, in nats of log-likelihood, the maximum-
   * likelihood mixture of genres must explain the tracks' class probabilities than the best
   * single genre (the sum of the tracks' log-probabilities) for the playlist to be read as a mix.
   * Below it the playlist is one genre: `result.genre` is the genre with the largest sum of the
   * tracks' log-probabilities less (tracks − 1) × the log of the genre's share of the
   * classifier's training rows (decisions 1001, 1100: the playlist's posterior, its prior counted
   * once), and every genre's candidates are scored around the whole playlist by that
   * genre's mean probability over its prior (normalised)^`genreWeight` × the kernel, without quotas (decision 1010: a close
   * song of the runner-up genre may beat a far one of the argmax). A mix of two genres gains
   * several nats; a coherent playlist's tracks share their probabilities and gain little.
   * 0 always reads a mixture. The default was chosen on a validation split of the training
   * songs (decision 0960).
   * @default 4
   */
  mixEvidence?: number;
  /**
   * With `strategy: 'mixture'`: temperature applied to each track's class probabilities before
   * the shares are estimated (`p^(1/T)`, renormalised). Below 1 sharpens flat probabilities.
   * The genre a playlist read as one genre is named does not depend on it (decision 1100).
   * @default 1
   */
  temperature?: number;
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
   * at least `minShare` (default 0.05 with `'mixture'`, 0.25 with `'mean-proba'` and
   * `'mean-features'`) gets a part of `count` proportional to its probability (largest
   * remainders, at least one each); the parts are merged by score, and any left unfilled go to
   * the best remaining candidates. With `'mixture'` the probabilities are the genre shares, and
   * `false` lets the score alone decide (a mix then mostly gets its larger genre). With the
   * other strategies each part is ranked around the centroid of the playlist tracks predicted
   * in that genre, and `false` keeps one genre.
   * @default true with `'mixture'`, false otherwise
   */
  multiGenre?: boolean | { minShare?: number };
  /**
   * Kept for compatibility; recordings are always collapsed (decision 0823). The catalog often
   * lists one recording under several track ids (re-releases, compilations: identical
   * features): only its first id (by uri) is ever recommended, once, even when it is listed in
   * several genres, and a recording is excluded when any of its ids — or a playlist track with
   * identical features — is in the playlist or `excludeUris`.
   * @deprecated has no effect
   * @default true
   */
  collapseDuplicates?: boolean;
}

/** One recommended song, with the catalog's display metadata for it when the bundle has names. */
export interface Recommendation extends SongMetadata {
  /** Track id as stored in the catalog (compare with `trackIdFromUri`: stored forms vary). */
  uri: string;
  /** 1-based position in the result. */
  rank: number;
  /**
   * In [0, 1], higher is better. With `strategy: 'mixture'`: `share(genre)^genreWeight ×
   * exp(−½ (distance / bandwidth)²)`, the distance to the centroid of the tracks that genre
   * explains (for a playlist read as one genre, see `mixEvidence`: the genre's mean class
   * probability over its training prior, normalised, in place of the share, and the whole
   * playlist's centroid). With the other strategies: `posterior(cluster | playlist) × exp(−½ (distance /
   * bandwidth)²)`. `bandwidth` is the tracks' RMS radius in scaled space, at least 0.5. With
   * `ranking: 'catalog-order'` the score is the cluster posterior alone.
   */
  score: number;
  genre: string;
  /** Index of the song's cluster in its genre's Gaussian mixture. */
  cluster: number;
  /** Euclidean distance to the playlist centroid in the model's scaled feature space. */
  distance: number;
}

/** The answer of {@link recommend}. */
export interface RecommendResult {
  /** The genre the playlist was assigned: the most probable (read as one genre, its posterior — see `mixEvidence`; a mix, the largest share), or `options.genre`. */
  genre: string;
  /**
   * Probability of every model genre for the playlist, in model genre order; sums to 1. With
   * `strategy: 'mixture'`, the estimated share of the playlist in each genre.
   */
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
/**
 * `mixEvidence`'s default. On a validation split of the real data's training songs (decision
 * 0960), classifier at learning rate 0.1 × 100 rounds: at 4 nats, coherent recall@20 0.164
 * (0.144 always mixing) with both genres in 64% of two-genre lists; 2 nats: 0.155 / 72%; 6 nats:
 * 0.166 / 54%. With the original 0.008 × 250 the probabilities are flat and mixes rarely gain 4
 * nats (both genres in 33%; 69% at 0).
 */
const MIX_EVIDENCE = 4;
/** From this many tracks the classifier scores them in one batch (its SIMD walk needs 8). */
const BATCH_ROWS = 8;
const LOG_FLOOR = 1e-12;
/** EM iterations for the genre shares; they settle well within this on 10-genre models. */
const MIXTURE_ITERATIONS = 40;
/** Genres below this share are not searched by `'mixture'`: they could not reach the top. */
const MIN_SEARCHED_SHARE = 1e-3;
/**
 * `'mixture'`'s default `multiGenre.minShare`: EM shares of a single-genre playlist rarely leave
 * 5% to a second genre, while a 7 + 7 mix's second genre usually has more (bench:recommend:
 * both genres in 65% of mixes at 0.05, 43% at 0.2; coherent recall@20 0.143 vs 0.147 without).
 */
const MIXTURE_MIN_SHARE = 0.05;
/** `diversity`'s default (decision 1010). */
const DIVERSITY = 0.25;
/** With `diversity`, MMR picks from this many times `count` candidates per genre. */
const MMR_POOL = 3;

/**
 * Recommends songs like a playlist. Pure, synchronous and deterministic: the same playlist —
 * in any order — model and options give the same result, bit for bit. Never returns a playlist
 * track (whatever form its uri takes: bare id, `spotify:track:…`, open.spotify.com URL, or a
 * re-release with identical features) and never the same recording twice.
 *
 * @example
 * ```ts
 * const model = RecommenderModel.fromJSON(JSON.parse(text));
 * const result = recommend(
 *   [{ uri: '5SuOikwiRyPMVoIQDJUgSV', features: { key: 1, acousticness: 0.03, … } }],
 *   model,
 *   { count: 20 },
 * );
 * result.recommendations[0]; // { uri, rank: 1, score, genre, cluster, distance, name, artist, album, … }
 * ```
 */
export function recommend(playlist: PlaylistInput, model: RecommenderModel, options: RecommendOptions = {}): RecommendResult {
  const count = options.count ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw new RecommendError('ERR_OUT_OF_RANGE', `options.count: must be an integer from 1 to 100, got ${String(count)}`);
  }
  const strategy = options.strategy ?? 'mixture';
  if (!STRATEGIES.includes(strategy)) {
    throw new RecommendError('ERR_INVALID_ARGUMENT', `options.strategy: must be one of ${STRATEGIES.map((x) => `'${x}'`).join(', ')}, got ${String(strategy)}`);
  }
  const ranking = options.ranking ?? 'score';
  if (ranking !== 'score' && ranking !== 'catalog-order') {
    throw new RecommendError('ERR_INVALID_ARGUMENT', `options.ranking: must be 'score' or 'catalog-order', got ${String(ranking)}`);
  }
  const genreWeight = options.genreWeight ?? 2;
  if (!(genreWeight >= 0 && Number.isFinite(genreWeight))) throw new RecommendError('ERR_OUT_OF_RANGE', `options.genreWeight: must be a finite number ≥ 0, got ${String(genreWeight)}`);
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0 && Number.isFinite(temperature))) throw new RecommendError('ERR_OUT_OF_RANGE', `options.temperature: must be a finite number > 0, got ${String(temperature)}`);
  const mixEvidence = options.mixEvidence ?? MIX_EVIDENCE;
  if (!(mixEvidence >= 0 && Number.isFinite(mixEvidence))) throw new RecommendError('ERR_OUT_OF_RANGE', `options.mixEvidence: must be a finite number ≥ 0, got ${String(mixEvidence)}`);
  const diversity = options.diversity ?? DIVERSITY;
  if (!(diversity >= 0 && Number.isFinite(diversity))) throw new RecommendError('ERR_OUT_OF_RANGE', `options.diversity: must be a finite number ≥ 0, got ${String(diversity)}`);
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
  const rawRow = new Float64Array(d);
  const scaledRow = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) rawRow[f] = rows.raw[i * d + f]!;
    scaled.set(model.scaler.transformRow(rawRow, scaledRow), i * d);
  }
  const centroid = meanRow(scaled, 0, n, d, new Float64Array(d));
  const index = servingIndex(model);
  const trackRecording = new Int32Array(n);
  markExcluded(model, index, rows, options.excludeUris, trackRecording);

  // Per-track class probabilities (row-major n × genres).
  const trackProba = new Float64Array(n * nGenres);
  if (strategy !== 'mean-features') predictTrackProba(model, index, rows.raw, n, d, trackRecording, trackProba);

  let genreProbabilities: Float64Array;
  let picks: Pick[];
  const clusters: RecommendResult['clusters'] = [];
  // A playlist the mixture does not explain clearly better than one genre is ranked as one genre.
  const mixture = strategy === 'mixture' && ranking === 'score' ? (forced === -1 ? genreShares(trackProba, n, nGenres, temperature, model.classifier.classLogPriors) : oneGenre(forced, n, nGenres)) : undefined;
  const oneGenreRead = mixture !== undefined && forced === -1 && mixture.gain < mixEvidence;
  if (oneGenreRead) {
    // One genre, softly (decision 1010): every genre's candidates around the whole playlist,
    // scored by its weight^genreWeight × the kernel, so a close song of the runner-up genre can
    // still beat a far one of the argmax genre; no quotas. The weight is the mean class
    // probability over the genre's training prior, normalised (decision 1100: the prior taken
    // out, as the genre's name takes it out of the sum).
    genreProbabilities = meanProbabilities(trackProba, n, nGenres);
    const weights = withoutPrior(genreProbabilities, model.classifier.classLogPriors);
    picks = rankMixture(model, index, scaled, n, weights, new Float64Array(n * nGenres).fill(1), count, genreWeight, diversity, false, clusters);
  } else if (mixture !== undefined) {
    const { shares, responsibility } = mixture;
    genreProbabilities = shares;
    picks = rankMixture(model, index, scaled, n, shares, responsibility, count, genreWeight, diversity, options.multiGenre ?? true, clusters);
  } else {
    genreProbabilities = new Float64Array(nGenres);
    const trackGenre = new Int32Array(n);
    if (strategy === 'mean-features') {
      model.classifier.predictProbaRow(meanRow(rows.raw, 0, n, d, new Float64Array(d)), genreProbabilities);
      trackGenre.fill(argmax(genreProbabilities));
    } else {
      genreProbabilities = meanProbabilities(trackProba, n, nGenres);
      for (let i = 0; i < n; i++) trackGenre[i] = argmax(trackProba.subarray(i * nGenres, (i + 1) * nGenres));
    }
    const top = forced === -1 ? argmax(genreProbabilities) : forced;
    const allocation = allocate(count, top, genreProbabilities, forced === -1 ? options.multiGenre : false, 0.25);
    const lists: RankedList[] = [];
    for (const [g] of allocation) {
      // The tracks predicted in this genre give its centroid; the whole playlist when none are.
      const members: number[] = [];
      for (let i = 0; i < n; i++) if (trackGenre[i] === g) members.push(i);
      const own = members.length > 0 && allocation.length > 1;
      const genreRows = own ? gather(scaled, members, d) : scaled;
      const genreCount = own ? members.length : n;
      const genreCentroid = own ? meanRow(genreRows, 0, genreCount, d, new Float64Array(d)) : centroid;
      // Each list is `count` long, so shares survive recordings other genres already took.
      lists.push(rankGenre(model, index, g, genreRows, genreCount, genreCentroid, count, strategy, ranking, clusters));
    }
    picks = merge(model, index, lists, allocation.map(([, share]) => share), count, ranking === 'catalog-order' ? allocation.reduce((sum, [, share]) => sum + share, 0) : count);
  }
  // A one-genre read is named by the best single genre's posterior (decisions 1001, 1100).
  const top = forced === -1 ? (oneGenreRead ? mixture.likeliest : argmax(genreProbabilities)) : forced;
  if (ranking === 'score') picks.sort((a, b) => b.score - a.score || compare(a.uri, b.uri));
  // Objects and display metadata only for what is returned: candidates outnumber the list several times.
  const recommendations = picks.map(({ list, position, score, uri }, i): Recommendation => {
    const { catalog } = model.genreModels[list.genre]!;
    const j = list.rows[position]!;
    return {
      uri,
      rank: i + 1,
      score,
      genre: model.genres[list.genre]!,
      cluster: catalog.labels[j]!,
      distance: Math.sqrt(squaredDistance(catalog.scaled, j * d, list.centre, d)),
      ...songMetadataAt(catalog, j),
    };
  });

  return {
    genre: model.genres[top]!,
    genreProbabilities: Object.fromEntries(model.genres.map((genre, g) => [genre, genreProbabilities[g]!])),
    clusters,
    recommendations,
    similarity: similarityOf(model, picks, centroid),
    skipped: rows.skipped,
    usedTracks: n,
    strategy,
  };
}

/** Genre shares of a playlist, each track's responsibility per genre, and what a mixture gains. */
interface GenreShares {
  shares: Float64Array;
  responsibility: Float64Array;
  /**
   * Log-likelihood of the tracks' probabilities under the shares minus that under the best
   * single genre (≥ 0; the evidence that the playlist is a mix).
   */
  gain: number;
  /**
   * The best single genre: the largest sum of the tracks' log-probabilities (decision 1001; on
   * validation splits of the training songs it names a single-genre playlist's genre more often
   * than the argmax of the mean probabilities, which a few confident tracks can swing), less
   * (n − 1) × the genre's log prior (decision 1100). Each track's probability is a posterior
   * under the classifier's training priors, so a plain sum counts the prior n times and a genre
   * with more training rows wins close calls it should not; counted once, it is the playlist's
   * posterior. (Tempered by T, the sum is Σ log p / T + a per-track constant, so the prior term
   * is divided by T too and the argmax does not depend on the temperature.)
   */
  likeliest: number;
}

/**
 * The playlist's genre shares: maximum-likelihood mixing weights of the tracks' (tempered)
 * class probabilities, by EM from uniform; and each track's responsibility per genre.
 */
function genreShares(trackProba: Float64Array, n: number, nGenres: number, temperature: number, logPriors: ArrayLike<number>): GenreShares {
  const p = new Float64Array(n * nGenres);
  // p¹ is p: no power at the default temperature (the same floats, a power call less per entry).
  const exponent = 1 / temperature;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let g = 0; g < nGenres; g++) {
      const floored = Math.max(trackProba[i * nGenres + g]!, LOG_FLOOR);
      sum += p[i * nGenres + g] = exponent === 1 ? floored : floored ** exponent;
    }
    for (let g = 0; g < nGenres; g++) p[i * nGenres + g]! /= sum;
  }
  let shares = new Float64Array(nGenres).fill(1 / nGenres);
  let next = new Float64Array(nGenres);
  // One track's responsibilities at a time: only the last step's are returned (computed below).
  const row = new Float64Array(nGenres);
  for (let it = 0; it < MIXTURE_ITERATIONS; it++) {
    next.fill(0);
    for (let i = 0, at = 0; i < n; i++, at += nGenres) {
      let sum = 0;
      for (let g = 0; g < nGenres; g++) sum += row[g] = shares[g]! * p[at + g]!;
      for (let g = 0; g < nGenres; g++) next[g]! += row[g]! / sum / n;
    }
    let change = 0;
    for (let g = 0; g < nGenres; g++) change = Math.max(change, Math.abs(next[g]! - shares[g]!));
    const previous = shares;
    shares = next;
    next = previous;
    // Settled: further steps would not move any share by a visible amount.
    if (change < 1e-6) break;
  }
  // The last step's responsibilities, under the shares it started from (now `next`): the same floats.
  const responsibility = new Float64Array(n * nGenres);
  for (let i = 0, at = 0; i < n; i++, at += nGenres) {
    let sum = 0;
    for (let g = 0; g < nGenres; g++) sum += responsibility[at + g] = next[g]! * p[at + g]!;
    for (let g = 0; g < nGenres; g++) responsibility[at + g]! /= sum;
  }
  // One genre explains the tracks with the sum of their log-probabilities; the mixture with
  // the log of each track's share-weighted probability.
  const single = new Float64Array(nGenres);
  let mixed = 0;
  for (let i = 0; i < n; i++) {
    let likelihood = 0;
    for (let g = 0; g < nGenres; g++) {
      single[g]! += Math.log(p[i * nGenres + g]!);
      likelihood += shares[g]! * p[i * nGenres + g]!;
    }
    mixed += Math.log(likelihood);
  }
  // The mixture's gain is over the best single genre's likelihood, as before 1100 (the read's
  // threshold, mixEvidence, was chosen so); the prior only names the genre.
  const best = single[argmax(single)]!;
  let likeliest = 0;
  let posterior = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < nGenres; g++) {
    const value = single[g]! - ((n - 1) / temperature) * logPriors[g]!;
    if (value > posterior) {
      posterior = value;
      likeliest = g;
    }
  }
  // EM stops after MIXTURE_ITERATIONS: on flat (e.g. tempered) probabilities its shares may not
  // have reached the maximum, and their likelihood may then fall below the best single genre's.
  // The gain is kept ≥ 0 so that `mixEvidence: 0` always reads a mixture, as documented.
  return { shares, responsibility, gain: Math.max(0, mixed - best), likeliest };
}

/** `p(g) / prior(g)`, normalised to sum to 1: probabilities with the classifier's prior taken out. */
function withoutPrior(p: Float64Array, logPriors: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  let sum = 0;
  for (let g = 0; g < p.length; g++) sum += out[g] = p[g]! * Math.exp(-logPriors[g]!);
  for (let g = 0; g < p.length; g++) out[g]! /= sum;
  return out;
}

function oneGenre(g: number, n: number, nGenres: number): GenreShares {
  const shares = new Float64Array(nGenres);
  shares[g] = 1;
  const responsibility = new Float64Array(n * nGenres);
  for (let i = 0; i < n; i++) responsibility[i * nGenres + g] = 1;
  return { shares, responsibility, gain: 0, likeliest: g };
}

/** `'mixture'`: candidates of every genre with a share, each around the tracks that genre explains. */
function rankMixture(
  model: RecommenderModel,
  index: ServingIndex,
  scaled: Float64Array,
  n: number,
  shares: Float64Array,
  responsibility: Float64Array,
  count: number,
  genreWeight: number,
  diversity: number,
  multi: RecommendOptions['multiGenre'],
  clusters: RecommendResult['clusters'],
): Pick[] {
  const d = model.featureNames.length;
  const nGenres = model.genres.length;
  const lists: RankedList[] = [];
  const quotas: number[] = [];
  const quotaOf = new Map<number, number>(multi ? allocate(count, argmax(shares), shares, multi, MIXTURE_MIN_SHARE) : []);
  // The best score per recording found so far: a genre without a quota whose best possible
  // score (its share term; the kernel is ≤ 1) cannot beat `count` of them is not scanned.
  const { found, best } = index;
  found.clear();
  const foundIds: number[] = [];
  const order = Array.from(shares.keys()).sort((a, b) => shares[b]! - shares[a]! || a - b);
  const poolSize = diversity > 0 ? MMR_POOL * count : count;
  const poolRows = new Int32Array(poolSize);
  const poolScores = new Float64Array(poolSize);
  // One heap and one MMR workspace for every genre (each drained or reset before reuse).
  const top = new TopK(poolSize);
  const workspace = diversity > 0 ? mmrWorkspace(poolSize, d) : undefined;
  for (const g of order) {
    if (shares[g]! < MIN_SEARCHED_SHARE) continue;
    const offset = genreWeight * Math.log(shares[g]!);
    if (!quotaOf.has(g) && countAbove(foundIds, best, Math.exp(offset), count) >= count) continue;
    // The centroid and radius of the tracks this genre explains.
    let weight = 0;
    const centre = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const r = responsibility[i * nGenres + g]!;
      weight += r;
      for (let f = 0; f < d; f++) centre[f]! += r * scaled[i * d + f]!;
    }
    for (let f = 0; f < d; f++) centre[f]! /= weight;
    let spread = 0;
    for (let i = 0; i < n; i++) spread += responsibility[i * nGenres + g]! * squaredDistance(scaled, i * d, centre, d);
    const bandwidth = Math.max(Math.sqrt(spread / weight), MIN_BANDWIDTH);
    const inv2h2 = 1 / (2 * bandwidth * bandwidth);
    const { genre, mixture, catalog } = model.genreModels[g]!;
    const recordingOf = index.recordingOf[g]!;
    scanCatalog(index.scans[g]!, centre, offset, inv2h2, recordingOf, index.excluded, top);
    const pooled = top.drain(poolRows, poolScores);
    const list = workspace ? maximalMarginalRelevance(g, centre, poolRows, poolScores, pooled, catalog.scaled, d, count, diversity, inv2h2, workspace) : rankedList(g, centre, poolRows, poolScores, pooled);
    if (list.length > 0) {
      const posterior = mixture.predictProbaRow(centre, new Float64Array(mixture.options.nComponents));
      const used = new Set<number>();
      for (let p = 0; p < list.length; p++) used.add(catalog.labels[list.rows[p]!]!);
      for (const c of [...used].sort((a, b) => posterior[b]! - posterior[a]! || a - b)) clusters.push({ genre, cluster: c, posterior: posterior[c]! });
    }
    for (let p = 0; p < list.length; p++) {
      const id = recordingOf[list.rows[p]!]!;
      const score = list.scores[p]!;
      if (found.has(id)) best[id] = Math.max(best[id]!, score);
      else {
        found.add(id);
        foundIds.push(id);
        best[id] = Math.max(0, score);
      }
    }
    lists.push(list);
    quotas.push(quotaOf.get(g) ?? 0);
  }
  return merge(model, index, lists, quotas, count, count);
}

/**
 * How many of the recordings' best scores are above `floor`, counting no further than `enough`:
 * the `count`-th highest is above `floor` exactly when `count` of them are (no sort, no copy).
 */
function countAbove(ids: readonly number[], best: Float64Array, floor: number, enough: number): number {
  let above = 0;
  for (let k = 0; k < ids.length && above < enough; k++) if (best[ids[k]!]! > floor) above++;
  return above;
}

/** A list of the first `length` pooled candidates as they are, log-scores turned into scores. */
function rankedList(genre: number, centre: Float64Array, rows: Int32Array, logScores: Float64Array, length: number): RankedList {
  const scores = new Float64Array(length);
  for (let p = 0; p < length; p++) scores[p] = Math.exp(logScores[p]!);
  return { genre, centre, rows: rows.slice(0, length), scores, length };
}

/** A candidate taken from a list by the merge. */
interface Pick {
  readonly list: RankedList;
  readonly position: number;
  readonly score: number;
  /** The song's uri as the catalog stores it. */
  readonly uri: string;
}

/**
 * Merges ranked lists (each best first) into at most `limit` picks, each recording once: first
 * every list's quota, then the best of what is left, by score.
 */
function merge(model: RecommenderModel, index: ServingIndex, lists: RankedList[], quotas: number[], count: number, limit: number): Pick[] {
  const { taken } = index;
  taken.clear();
  const out: Pick[] = [];
  const next = lists.map(() => 0);
  const recordingAt = (l: number, p: number): number => index.recordingOf[lists[l]!.genre]![lists[l]!.rows[p]!]!;
  const uriAt = (l: number, p: number): string => model.genreModels[lists[l]!.genre]!.catalog.uris[lists[l]!.rows[p]!]!;
  const take = (l: number): boolean => {
    const list = lists[l]!;
    while (next[l]! < list.length) {
      const p = next[l]!++;
      const id = recordingAt(l, p);
      if (taken.has(id)) continue;
      taken.add(id);
      out.push({ list, position: p, score: list.scores[p]!, uri: uriAt(l, p) });
      return true;
    }
    return false;
  };
  lists.forEach((_, l) => {
    for (let q = 0; q < quotas[l]! && out.length < limit; q++) if (!take(l)) break;
  });
  while (out.length < Math.min(count, limit)) {
    // The best head among the lists: higher score, then lower uri.
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l]!;
      while (next[l]! < list.length && taken.has(recordingAt(l, next[l]!))) next[l]!++;
      if (next[l]! >= list.length) continue;
      if (best === -1) {
        best = l;
        continue;
      }
      const score = list.scores[next[l]!]!;
      const bestScore = lists[best]!.scores[next[best]!]!;
      if (score > bestScore || (score === bestScore && uriAt(l, next[l]!) < uriAt(best, next[best]!))) best = l;
    }
    if (best === -1 || !take(best)) break;
  }
  return out;
}

function rankGenre(
  model: RecommenderModel,
  index: ServingIndex,
  g: number,
  scaled: Float64Array,
  n: number,
  centroid: Float64Array,
  count: number,
  strategy: RecommendStrategy,
  ranking: RecommendRanking,
  clusters: RecommendResult['clusters'],
): RankedList {
  const { genre, mixture, catalog } = model.genreModels[g]!;
  const d = centroid.length;
  const k = mixture.options.nComponents;
  const recording = catalog.recordings.recording;
  const recordingOf = index.recordingOf[g]!;
  const excluded = index.excluded;

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
  const rows = new Int32Array(count);
  const logScores = new Float64Array(count);
  if (ranking === 'catalog-order') {
    // The original: members of the most probable cluster, in catalog order, no filling — but
    // never a playlist recording, and each recording once.
    const cluster = order[0]!;
    clusters.push({ genre, cluster, posterior: posterior[cluster]! });
    for (let j = 0, kept = 0; j < catalog.size && kept < count; j++) {
      if (catalog.labels[j] !== cluster || recording[j] !== j || excluded.has(recordingOf[j]!)) continue;
      top.push(-kept, j); // keeps catalog order
      kept++;
    }
    const length = top.drain(rows, logScores);
    return { genre: g, centre: centroid, rows: rows.slice(0, length), scores: new Float64Array(length).fill(posterior[cluster]!), length };
  }

  let spread = 0;
  for (let i = 0; i < n; i++) spread += squaredDistance(scaled, i * d, centroid, d);
  const bandwidth = Math.max(Math.sqrt(spread / n), MIN_BANDWIDTH);
  const inv2h2 = 1 / (2 * bandwidth * bandwidth);
  const logPosterior = new Float64Array(k);
  for (let c = 0; c < k; c++) logPosterior[c] = Math.log(Math.max(posterior[c]!, LOG_FLOOR));

  // Log-space score, so clusters with a zero posterior still order by distance when filling.
  const features = catalog.scaled;
  for (let j = 0; j < catalog.size; j++) {
    const score = logPosterior[catalog.labels[j]!]! - squaredDistance(features, j * d, centroid, d) * inv2h2;
    if (!top.admits(score, j) || recording[j] !== j || excluded.has(recordingOf[j]!)) continue;
    top.push(score, j);
  }
  const list = rankedList(g, centroid, rows, logScores, top.drain(rows, logScores));
  const used = new Set<number>();
  for (let p = 0; p < list.length; p++) used.add(catalog.labels[list.rows[p]!]!);
  for (const c of order) if (used.has(c)) clusters.push({ genre, cluster: c, posterior: posterior[c]! });
  return list;
}

/**
 * Marks the recordings the playlist or `excludeUris` hold in `index.excluded`: by bare id
 * (whatever form the catalog or the caller spelt it in), and by identical features — the
 * playlist's own, and so every re-release of a song excluded by id, in any genre, under any id.
 */
function markExcluded(model: RecommenderModel, index: ServingIndex, rows: PlaylistRows, excludeUris: Iterable<string> | undefined, trackRecording: Int32Array): void {
  const d = model.featureNames.length;
  const { excluded } = index;
  excluded.clear();
  // Every genre's songs with that id: one lookup per id (the serving index joins the genres).
  const mark = (id: string): void => {
    const recordings = index.idRecordings.get(id);
    if (recordings !== undefined) for (let k = 0; k < recordings.length; k++) excluded.add(recordings[k]!);
  };
  for (const id of rows.ids) mark(id);
  if (excludeUris !== undefined) for (const uri of excludeUris) mark(trackIdFromUri(uri));
  const row = new Float32Array(d);
  for (let i = 0; i < rows.count; i++) {
    for (let f = 0; f < d; f++) row[f] = rows.raw[i * d + f]!;
    const r = index.findRecording(row);
    trackRecording[i] = r;
    if (r !== -1) excluded.add(r);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Genres and their share of `count`: the top genre alone, or a proportional split. */
function allocate(count: number, top: number, probabilities: Float64Array, multi: RecommendOptions['multiGenre'], defaultMinShare: number): [number, number][] {
  if (!multi) return [[top, count]];
  const minShare = typeof multi === 'object' && multi.minShare !== undefined ? multi.minShare : defaultMinShare;
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

function similarityOf(model: RecommenderModel, picks: Pick[], centroid: Float64Array): number {
  if (picks.length === 0) return Number.NaN;
  const d = centroid.length;
  const mean = new Float64Array(d);
  for (const { list, position } of picks) {
    const features = model.genreModels[list.genre]!.catalog.scaled;
    const offset = list.rows[position]! * d;
    for (let f = 0; f < d; f++) mean[f]! += features[offset + f]! / picks.length;
  }
  return cosineSimilarity(centroid, mean);
}

/**
 * Every track's class probabilities, row-major `n × genres`: a track whose recording the catalog
 * holds with the same classifier bins takes the serving index's row (decision 1202); the others
 * are walked, one by one or as a batch — bit-identical every way.
 */
function predictTrackProba(model: RecommenderModel, index: ServingIndex, raw: Float64Array, n: number, d: number, trackRecording: Int32Array, out: Float64Array): void {
  const nGenres = model.genres.length;
  const { classBins, classProba } = index;
  const bins = new Uint8Array(n * d);
  if (classBins === undefined || !model.classifier.predictionBins(raw, n, bins)) {
    walkTrackProba(model, raw, n, d, out);
    return;
  }
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = trackRecording[i]!;
    let f = 0;
    if (r !== -1) while (f < d && bins[i * d + f] === classBins[r * d + f]) f++;
    if (r !== -1 && f === d) out.set(classProba.subarray(r * nGenres, (r + 1) * nGenres), i * nGenres);
    else missing.push(i);
  }
  if (missing.length === 0) return;
  if (missing.length === n) {
    walkTrackProba(model, raw, n, d, out);
    return;
  }
  const walked = new Float64Array(missing.length * nGenres);
  walkTrackProba(model, gather(raw, missing, d), missing.length, d, walked);
  for (let k = 0; k < missing.length; k++) out.set(walked.subarray(k * nGenres, (k + 1) * nGenres), missing[k]! * nGenres);
}

/** The classifier's tree walk for every row: one by one below {@link BATCH_ROWS}, else one batch; bit-identical either way. */
function walkTrackProba(model: RecommenderModel, raw: Float64Array, n: number, d: number, out: Float64Array): void {
  const nGenres = model.genres.length;
  if (n < BATCH_ROWS) {
    for (let i = 0; i < n; i++) model.classifier.predictProbaRow(raw.subarray(i * d, (i + 1) * d), out.subarray(i * nGenres, (i + 1) * nGenres));
    return;
  }
  model.classifier.predictProbaRows(raw, n, out);
}

/** The mean of the tracks' class probabilities, per genre. */
function meanProbabilities(trackProba: Float64Array, n: number, nGenres: number): Float64Array {
  const mean = new Float64Array(nGenres);
  for (let i = 0; i < n; i++) for (let g = 0; g < nGenres; g++) mean[g]! += trackProba[i * nGenres + g]! / n;
  return mean;
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

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
