/**
 * `npm run bench:recommend [-- --data <csv>] [--playlists N]`: offline evaluation of
 * `recommend()` — ours (`mean-proba`), the original algorithm (`mean-features`, one cluster in
 * uri order) and random-from-genre, side by side in one run — on the committed fixture and on
 * the real data (default `../shared/data/spotify-tracks-9-genres.csv` when present); then the
 * original's genre accuracy of mean-vector vs mean-of-probabilities classification, latency on
 * a 100k-song synthetic catalog, and bundle sizes. Not a test: figures depend on the machine.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FEATURE_NAMES } from '../src/data/features.js';
import { GaussianMixture } from '../src/models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';
import { trainTestSplitIndices } from '../src/preprocessing/train-test-split.js';
import { createPrng } from '../src/random/prng.js';
import { evaluateRecommender, type EvaluationFigures, type LabelledSong } from '../src/recommend/evaluate-recommender.js';
import { recommend } from '../src/recommend/recommend.js';
import { RecommenderModel, type CatalogSong } from '../src/recommend/recommender-model.js';
import { table } from './table.js';
import { loadTracks, type Tracks } from './tracks-csv.js';

const root = resolve(new URL('.', import.meta.url).pathname, '../../..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const PLAYLISTS = Number(option('--playlists') ?? 300);
const ORIGINAL: GradientBoostingClassifierOptions = { learningRate: 0.008, maxDepth: 5, nEstimators: 250, randomState: 42 };

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface Built {
  model: RecommenderModel;
  test: LabelledSong[];
  genres: string[];
  trainMs: number;
}

/** The pipeline's recipe: scaler on all songs, classifier on the 80% split, one 3-component spherical mixture per genre on scaled songs, every song in the catalog. */
function build(tracks: Tracks, classifierOptions: GradientBoostingClassifierOptions): Built {
  const genres = [...new Set(tracks.genres)].sort();
  const y = tracks.genres.map((g) => genres.indexOf(g));
  const split = trainTestSplitIndices(tracks.X.length, { testSize: 0.2, randomState: 42, stratify: y });
  const started = performance.now();
  const scaler = new StandardScaler().fit(tracks.X);
  const classifier = new GradientBoostingClassifier(classifierOptions).fit(
    Array.from(split.train, (i) => tracks.X[i]!),
    Array.from(split.train, (i) => y[i]!),
  );
  const genreModels = genres.map((genre) => {
    const members = tracks.genres.flatMap((g, i) => (g === genre ? [i] : []));
    const mixture = new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 42 }).fit(scaler.transform(members.map((i) => tracks.X[i]!)));
    const songs: CatalogSong[] = members.map((i) => ({ uri: tracks.ids[i]!, features: tracks.X[i]! }));
    return { genre, mixture, songs };
  });
  const model = RecommenderModel.build({ scaler, classifier, genres, genreModels });
  const trainMs = performance.now() - started;
  const test = Array.from(split.test, (i) => ({
    uri: tracks.ids[i]!,
    genre: tracks.genres[i]!,
    features: Object.fromEntries(FEATURE_NAMES.map((n, f) => [n, tracks.X[i]![f]!])),
  }));
  return { model, test, genres, trainMs };
}

function printEvaluation(name: string, built: Built): EvaluationFigures[] {
  const report = evaluateRecommender(built.model, built.test, { playlists: PLAYLISTS });
  console.log(`\n## ${name}: ${built.model.catalogSize} songs in the catalog, ${built.test.length} held out; ${report.setup.playlists} playlists per kind of ${report.setup.playlistSize} tracks, ${report.setup.hidden} hidden; model built in ${(built.trainMs / 1000).toFixed(1)} s`);
  table(
    ['method', 'playlists', 'genre acc', 'genre P@10', 'recall@20', 'NDCG@20', 'similarity', 'returned', 'p50 ms', 'p99 ms'],
    report.figures.map((f) => [f.method, f.kind, pct(f.genreAccuracy), pct(f.genrePrecisionAt10), pct(f.recallAt20), f.ndcgAt20.toFixed(3), f.meanSimilarity.toFixed(3), f.meanReturned.toFixed(1), f.latencyP50Ms.toFixed(3), f.latencyP99Ms.toFixed(3)]),
  );
  const ours = report.figures.find((f) => f.method === 'mean-proba' && f.kind === 'coherent')!;
  const original = report.figures.find((f) => f.method === 'original' && f.kind === 'coherent')!;
  const ratio = (a: number, b: number) => (b === 0 ? '∞' : `${(a / b).toFixed(1)}×`);
  console.log(`coherent playlists, ours vs the original: recall@20 ${ratio(ours.recallAt20, original.recallAt20)} (target ≥ 3×), NDCG@20 ${ratio(ours.ndcgAt20, original.ndcgAt20)} (target ≥ 3×)`);
  return report.figures;
}

/** Genre accuracy per genre of random 20-track single-genre playlists: mean vector vs mean of probabilities. */
function genreAccuracyByStrategy(built: Built): void {
  const rng = createPrng(7);
  const byGenre = new Map<string, LabelledSong[]>();
  for (const song of built.test) byGenre.set(song.genre, [...(byGenre.get(song.genre) ?? []), song]);
  const rows: (string | number)[][] = [];
  let totalFeatures = 0;
  let totalProba = 0;
  let total = 0;
  for (const genre of built.genres) {
    const pool = byGenre.get(genre) ?? [];
    if (pool.length < 20) continue;
    let meanFeatures = 0;
    let meanProba = 0;
    const trials = 100;
    for (let t = 0; t < trials; t++) {
      const tracks = rng.shuffle(pool.slice()).slice(0, 20).map((s) => ({ uri: s.uri, features: s.features as Record<string, number> }));
      if (recommend(tracks, built.model, { count: 1, strategy: 'mean-features' }).genre === genre) meanFeatures++;
      if (recommend(tracks, built.model, { count: 1 }).genre === genre) meanProba++;
    }
    rows.push([genre, pct(meanFeatures / trials), pct(meanProba / trials)]);
    totalFeatures += meanFeatures;
    totalProba += meanProba;
    total += trials;
  }
  rows.push(['all', pct(totalFeatures / total), pct(totalProba / total)]);
  table(['genre (20-track playlists)', 'mean-features (original)', 'mean-proba (ours)'], rows);
}

/** Grows a catalog to `size` songs by jittering real songs, for latency and size at scale. */
function syntheticTracks(tracks: Tracks, size: number): Tracks {
  const rng = createPrng(11);
  const out: Tracks = { ids: [], X: [], genres: [] };
  for (let i = 0; i < size; i++) {
    const j = i % tracks.X.length;
    const x = tracks.X[j]!.map((v, f) => (FEATURE_NAMES[f] === 'key' ? v : v * (1 + 0.02 * rng.normal())));
    out.ids.push(`${tracks.ids[j]!.slice(0, 16)}${i.toString(36).padStart(6, '0')}`);
    out.X.push(x);
    out.genres.push(tracks.genres[j]!);
  }
  return out;
}

function latency(model: RecommenderModel, test: LabelledSong[], calls: number): { p50: number; p99: number } {
  const rng = createPrng(3);
  const times: number[] = [];
  // Untimed warm-up, so the figures are of optimised code, not the JIT's first tiers.
  for (let c = 0; c < 300; c++) recommend(test.slice(c % 100, (c % 100) + 20).map((s) => ({ uri: s.uri, features: s.features as Record<string, number> })), model, { count: 20 });
  for (let c = 0; c < calls; c++) {
    const start = rng.int(test.length - 20);
    const tracks = test.slice(start, start + 20).map((s) => ({ uri: s.uri, features: s.features as Record<string, number> }));
    const t0 = performance.now();
    recommend(tracks, model, { count: 20 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(calls * 0.5)]!, p99: times[Math.floor(calls * 0.99)]! };
}

function sizeOf(model: RecommenderModel): string {
  const bytes = Buffer.byteLength(JSON.stringify(model.toJSON()));
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

const fixture = join(root, 'fixtures/dataset.csv');
const real = option('--data') ?? join(root, '../shared/data/spotify-tracks-9-genres.csv');
const sizes: (string | number)[][] = [];
const latencies: (string | number)[][] = [];

for (const [name, path] of [
  ['fixture', fixture],
  ['real data', real],
] as const) {
  if (!existsSync(path)) {
    console.log(`\n## ${name}: ${path} not found — skipped`);
    continue;
  }
  const tracks = loadTracks(path);
  const built = build(tracks, ORIGINAL);
  printEvaluation(`${name} (${path})`, built);
  console.log(`\ngenre accuracy of random single-genre playlists, ${name} (the original classified the mean vector):`);
  genreAccuracyByStrategy(built);
  const lat = latency(built.model, built.test, 2000);
  latencies.push([`${name}, ${built.model.catalogSize} songs`, lat.p50.toFixed(3), lat.p99.toFixed(3), '1 ms']);
  sizes.push([`${name}, ${built.model.catalogSize} songs`, sizeOf(built.model)]);
  if (name === 'real data' || !existsSync(real)) {
    const big = build(syntheticTracks(tracks, 100_000), { ...ORIGINAL, nEstimators: 50 });
    const bigLat = latency(big.model, big.test, 2000);
    latencies.push([`synthetic, ${big.model.catalogSize} songs`, bigLat.p50.toFixed(3), bigLat.p99.toFixed(3), '10 ms']);
    sizes.push([`synthetic, ${big.model.catalogSize} songs`, sizeOf(big.model)]);
  }
}
console.log('\n## latency of recommend() (20-track playlist, count 20, single thread, 2,000 calls)');
table(['catalog', 'p50 ms', 'p99 ms', 'target p99'], latencies);
console.log('\n## bundle size (JSON)');
table(['catalog', 'size'], sizes);
