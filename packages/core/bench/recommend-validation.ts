/**
 * `npm run bench:recommend-validation [-- --data <csv>] [--playlists N]`: how `recommend()`'s
 * defaults are chosen without looking at the held-out playlists `bench:recommend` reports.
 *
 * The bench's 80/20 split by recording (same seed, so the same test songs) is left untouched;
 * its 80% of training songs is split again, 80/20 by recording and stratified by genre (seed
 * 43). The classifier learns from the inner 80% only; the scaler, the mixtures and the catalog
 * hold the training songs only (no test song anywhere); playlists of every family are built from
 * the inner 20%. Each candidate setting is one evaluated system, side by side on the same
 * playlists; a default is the best setting here, never a figure of `bench:recommend`.
 */
import { existsSync } from 'node:fs';
import { evaluateRecommender, knnSystem, recommenderSystem, trueGenreSystem, type EvaluatedSystem, type PlaylistFamily } from '../src/recommend/evaluate-recommender.js';
import type { RecommendOptions } from '../src/recommend/recommend.js';
import { benchData, buildModel, innerSplit, labelledSongs, REAL_DATA, SHIPPED_CLASSIFIER } from './bench-split.js';
import { table } from './table.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const PLAYLISTS = Number(option('--playlists') ?? 300);
const data = option('--data') ?? REAL_DATA;

/** The settings compared: the current defaults first. */
const CANDIDATES: [string, RecommendOptions][] = JSON.parse(option('--candidates') ?? 'null') ?? [
  ['default', {}],
  ['mix-always', { mixEvidence: 0 }],
];

if (!existsSync(data)) {
  console.log(`${data} not found — nothing to validate on`);
  process.exit(0);
}
// The bench's split, so its test songs stay out of everything below.
const split = benchData(data);
const { fitRows, validationRows } = innerSplit(split, { testSize: 0.2, randomState: 43 });
const model = buildModel(split, split.outer.train, fitRows, SHIPPED_CLASSIFIER);
const songs = labelledSongs(split.tracks, validationRows);

const systems: EvaluatedSystem[] = [
  ...CANDIDATES.map(([name, options]) => recommenderSystem(name, model, options)),
  knnSystem('knn-mean', model, 'mean-vector'),
  knnSystem('knn-sum', model, 'sum-cosine'),
  trueGenreSystem('true-genre', model),
];
const families = option('--families')?.split(',') as PlaylistFamily[] | undefined;
const report = evaluateRecommender(model, songs, { playlists: PLAYLISTS, systems, ...(families ? { families } : {}) });
console.log(`# validation split of ${data}: catalog ${model.catalogSize} training songs; classifier on ${fitRows.length}; playlists from ${songs.length} validation songs, ${PLAYLISTS} per family`);
const get = (system: string, family: string) => report.figures.find((f) => f.system === system && f.family === family)!;
const knn = Math.max(get('knn-mean', 'coherent').recallAt20, get('knn-sum', 'coherent').recallAt20);
table(
  ['system', 'coherent genre acc', 'coherent recall@20', '× kNN', '3-track recall@20', 'mix both genres', 'random genre acc', 'coverage'],
  [...CANDIDATES.map(([name]) => name), 'knn-mean', 'knn-sum', 'true-genre'].map((name) => [
    name,
    `${(100 * get(name, 'coherent').genreAccuracy).toFixed(1)}%`,
    get(name, 'coherent').recallAt20.toFixed(3),
    `${(get(name, 'coherent').recallAt20 / knn).toFixed(2)}×`,
    (get(name, 'three-track')?.recallAt20 ?? Number.NaN).toFixed(3),
    `${(100 * (get(name, 'mix')?.bothGenres ?? Number.NaN)).toFixed(1)}%`,
    `${(100 * (get(name, 'random')?.genreAccuracy ?? Number.NaN)).toFixed(1)}%`,
    `${(100 * report.coverage.find((c) => c.system === name)!.coverage).toFixed(1)}%`,
  ]),
);
