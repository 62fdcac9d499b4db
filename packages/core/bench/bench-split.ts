/**
 * The data loading, split and model recipe shared by `bench:recommend` and the benches that
 * choose its defaults on validation splits (`bench:recommend-validation`,
 * `classifier-validation.ts`, `classifier-recommender-validation.ts`): one place decides which
 * songs are held out, so a validation bench can never drift onto the test songs. Node-only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FEATURE_NAMES } from '../src/data/features.js';
import { GaussianMixture } from '../src/models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';
import { recordingGroups } from '../src/preprocessing/recording-groups.js';
import { trainTestSplitIndices, type SplitIndices } from '../src/preprocessing/train-test-split.js';
import type { LabelledSong } from '../src/recommend/evaluate-recommender.js';
import { RecommenderModel, type CatalogSong } from '../src/recommend/recommender-model.js';
import { loadTracks, type Tracks } from './tracks-csv.js';

/** The repository's root. */
export const ROOT = resolve(new URL('.', import.meta.url).pathname, '../../..');
/** The real data beside a checkout (absent in a fresh clone). */
export const REAL_DATA = join(ROOT, '../shared/data/spotify-tracks-9-genres.csv');

/**
 * The values `packages/pipeline/config/params.yaml` ships (decisions 1000, 1100): 100 rounds of
 * trees grown best-first up to 31 leaves within depth 5, learning rate 0.1, L2 penalty 1, 20 rows
 * per leaf.
 */
export const SHIPPED_CLASSIFIER: GradientBoostingClassifierOptions = {
  learningRate: 0.1,
  maxDepth: 5,
  maxLeafNodes: 31,
  l2Regularization: 1,
  nEstimators: 100,
  minSamplesLeaf: 20,
  randomState: 42,
};

/** A dataset and bench:recommend's held-out split of it. */
export interface BenchData {
  tracks: Tracks;
  /** Sorted genre names; `y[i]` indexes them. */
  genres: string[];
  y: number[];
  /** Recording of each row (identical features): a recording stays on one side of every split. */
  groups: Int32Array;
  /** The 80/20 split by recording, stratified by genre, seed 42: `test` is never seen by a validation bench. */
  outer: SplitIndices;
}

/**
 * Splits `tracks` as every bench does: 80/20 by recording, stratified by genre, seed 42 (another
 * `seed` only for `bench:recommend --split-seeds`' report).
 */
export function splitByRecording(tracks: Tracks, seed = 42): BenchData {
  const genres = [...new Set(tracks.genres)].sort();
  const y = tracks.genres.map((g) => genres.indexOf(g));
  const groups = recordingGroups(tracks.X.map((features) => ({ features })));
  const outer = trainTestSplitIndices(tracks.X.length, { testSize: 0.2, randomState: seed, stratify: y, groups });
  return { tracks, genres, y, groups, outer };
}

/** Loads `path` (default the real data) and splits it ({@link splitByRecording}). */
export function benchData(path: string = REAL_DATA): BenchData {
  return splitByRecording(loadTracks(path));
}

/**
 * A validation split of the training rows only (`outer.train`), by recording and stratified by
 * genre: `fitRows` to learn from, `validationRows` to choose on. Row indices into `data.tracks`.
 */
export function innerSplit(data: BenchData, options: { testSize: number; randomState: number }): { fitRows: number[]; validationRows: number[] } {
  const train = Array.from(data.outer.train);
  const inner = trainTestSplitIndices(train.length, {
    ...options,
    stratify: train.map((i) => data.y[i]!),
    groups: train.map((i) => data.groups[i]!),
  });
  return { fitRows: Array.from(inner.train, (k) => train[k]!), validationRows: Array.from(inner.test, (k) => train[k]!) };
}

/**
 * The pipeline's recipe: scaler and per-genre 3-component spherical mixtures (on scaled songs)
 * over the `catalog` rows, which the catalog holds; the classifier learns from `classifierRows`.
 */
export function buildModel(data: BenchData, catalog: ArrayLike<number>, classifierRows: ArrayLike<number>, classifierOptions: GradientBoostingClassifierOptions): RecommenderModel {
  const { tracks, genres, y } = data;
  const rows = Array.from(catalog);
  const scaler = new StandardScaler().fit(rows.map((i) => tracks.X[i]!));
  const classifier = new GradientBoostingClassifier(classifierOptions).fit(
    Array.from(classifierRows, (i) => tracks.X[i]!),
    Array.from(classifierRows, (i) => y[i]!),
  );
  const genreModels = genres.map((genre) => {
    const members = rows.filter((i) => tracks.genres[i] === genre);
    const mixture = new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 42 }).fit(scaler.transform(members.map((i) => tracks.X[i]!)));
    const songs: CatalogSong[] = members.map((i) => ({ uri: tracks.ids[i]!, features: tracks.X[i]! }));
    return { genre, mixture, songs };
  });
  return RecommenderModel.build({ scaler, classifier, genres, genreModels });
}

/** The songs of `rows` as the evaluation reads them (uri, genre, named features). */
export function labelledSongs(tracks: Tracks, rows: ArrayLike<number>): LabelledSong[] {
  return Array.from(rows, (i) => ({
    uri: tracks.ids[i]!,
    genre: tracks.genres[i]!,
    features: Object.fromEntries(FEATURE_NAMES.map((n, f) => [n, tracks.X[i]![f]!])),
  }));
}

/** What {@link sklearnPlaylistGenre} reports: the share of playlists each rule names right. */
export interface SklearnPlaylistGenre {
  model: string;
  meanProba: number;
  sumLogProba: number;
  /** Σ log p − (n − 1)·log prior: msr's one-genre read (decision 1100). */
  sumLogProbaPrior: number;
}

/**
 * scikit-learn's HistGradientBoostingClassifier (defaults, random_state 42, one thread) fitted on
 * `trainRows`, asked the genre of `playlists` (rows of `tracks`; scripts/sklearn/playlist_genre.py).
 * Needs `/usr/bin/python3` with scikit-learn and numpy.
 */
export function sklearnPlaylistGenre(tracks: Tracks, trainRows: ArrayLike<number>, playlists: { genre: string; rows: number[] }[]): SklearnPlaylistGenre {
  const dir = mkdtempSync(join(tmpdir(), 'msr-bench-'));
  try {
    const train = new Set(Array.from(trainRows));
    const lines = [`part,${FEATURE_NAMES.join(',')},genre`];
    tracks.X.forEach((row, i) => lines.push(`${train.has(i) ? 'train' : 'test'},${row.join(',')},${tracks.genres[i]}`));
    writeFileSync(join(dir, 'split.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'playlists.json'), JSON.stringify(playlists));
    const output = execFileSync('/usr/bin/python3', [join(ROOT, 'scripts/sklearn/playlist_genre.py'), join(dir, 'split.csv'), join(dir, 'playlists.json')], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    return JSON.parse(output) as SklearnPlaylistGenre;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
