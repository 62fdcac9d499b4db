import { FEATURE_NAMES, InvalidArgumentError, recordingGroups, SplitError, trainTestSplitIndices, type Song } from '@msr/core';
import { join } from 'node:path';
import type { DataTransformationConfig } from '../config/stage-configs.js';
import { formatCsv } from '../csv/format-csv.js';
import { DatasetError } from '../errors/dataset-error.js';
import { FileTransaction } from '../fs/file-transaction.js';
import { formatSongsBase, readSongsBase } from '../songs/songs-base.js';
import { assertValidated } from './data-validation.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link DataTransformation.run} wrote. */
export interface DataTransformationResult {
  /** The label classes: genre names sorted, code = index. */
  classes: string[];
  trainSize: number;
  testSize: number;
  /** Distinct recordings (identical features, or the same name and artists) the split kept whole. */
  recordings: number;
  stratified: boolean;
  /** One catalog per configured genre, in config order. */
  catalogs: { genre: string; path: string; songs: number }[];
  /** `labels.json` in the stage's root: the classes and the songs base's SHA-256, for the model stages. */
  labelsPath: string;
}

/** The file holding the label classes, in a transformation's root directory (as {@link ConfigurationManager} says). */
export function labelsPathOf(config: Pick<DataTransformationConfig, 'rootDir'>): string {
  return join(config.rootDir, 'labels.json');
}

/**
 * Stage 3: refuses an unvalidated or invalid songs base, label-encodes the genre (codes follow
 * the sorted genre names, as scikit-learn's `LabelEncoder`), splits the songs with
 * `@msr/core`'s `trainTestSplitIndices` **by recording** (re-releases with identical
 * features, or the same name and artists, stay on one side, so no test song has a twin in
 * training), seeded and (by default) stratified by genre, into `X_train`/`X_test`/`y_train`/`y_test`, and writes one catalog
 * per genre (`to_rec_<i>.csv`, with uri and features, in config order) and `genres.txt`. All
 * outputs are replaced together or not at all.
 */
export class DataTransformation {
  readonly #config: DataTransformationConfig;

  constructor(config: DataTransformationConfig) {
    this.#config = config;
  }

  /**
   * Writes the training data and the catalogs.
   * @throws `DataValidationError` when the base is not validated, `DatasetError` when the split
   * leaves a set empty.
   */
  async run(options: StageRunOptions = {}): Promise<DataTransformationResult> {
    const c = this.#config;
    const report = await assertValidated(c.songsBasePath, c.validation);
    const songs = await readSongsBase(c.songsBasePath);
    const classes = [...c.genres].sort();
    const code = new Map(classes.map((g, i) => [g, i]));
    const labels = Int32Array.from(songs, (s) => code.get(s.genre)!);
    const groups = recordingGroups(songs.map((s) => ({ features: FEATURE_NAMES.map((f) => s[f]), name: s.name, artist: s.artist })));
    const recordings = new Set(groups).size;
    let split: { train: Int32Array; test: Int32Array };
    try {
      split = trainTestSplitIndices(songs.length, { testSize: c.split.testSize, randomState: c.split.randomState, groups, ...(c.split.stratify ? { stratify: labels } : {}) });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      const what = `cannot split ${songs.length} songs (${recordings} recordings) with test size ${c.split.testSize}${c.split.stratify ? ', stratified by genre' : ''}`;
      if (error instanceof SplitError) {
        // Name the genre, not its label code, and say what it holds.
        const genre = classes[Number(error.label)] ?? String(error.label);
        const { total, train, test, rows } = error.counts;
        const counts = train === undefined ? `${total} recording (${rows ?? total} songs); each genre needs at least 2 recordings` : `${total} recordings (${rows ?? total} songs) would give ${train} to train and ${test} to test`;
        throw new DatasetError(c.songsBasePath, `${what}: genre "${genre}" has ${counts}`, { cause: error, code: error.code });
      }
      throw new DatasetError(c.songsBasePath, `${what}: ${error.message}`, { cause: error });
    }
    const train = Array.from(split.train);
    const test = Array.from(split.test);
    const features = (idx: number[]): number[][] => idx.map((i) => FEATURE_NAMES.map((f) => songs[i]![f]));
    const targets = (idx: number[]): number[][] => idx.map((i) => [labels[i]!]);
    const byGenre = new Map<string, Song[]>(c.genres.map((g) => [g, []]));
    for (const song of songs) byGenre.get(song.genre)!.push(song);
    const labelsPath = labelsPathOf(c);
    const catalogs = c.genres.map((genre, i) => ({ genre, path: `${c.catalogPathPrefix}${i}.csv`, songs: byGenre.get(genre)!.length }));
    await FileTransaction.run(async (tx) => {
      await tx.write(c.xTrainPath, formatCsv(FEATURE_NAMES, features(train)));
      await tx.write(c.xTestPath, formatCsv(FEATURE_NAMES, features(test)));
      await tx.write(c.yTrainPath, formatCsv([c.targetColumn], targets(train)));
      await tx.write(c.yTestPath, formatCsv([c.targetColumn], targets(test)));
      await tx.write(labelsPath, `${JSON.stringify({ column: c.targetColumn, classes, dataSha256: report.sha256 }, null, 2)}\n`);
      for (const catalog of catalogs) await tx.write(catalog.path, formatSongsBase(byGenre.get(catalog.genre)!));
      await tx.write(c.genresPath, `${c.genres.join('\n')}\n`);
    });
    options.onLog?.('info', `split ${songs.length} songs (${recordings} recordings) by recording into ${train.length} train / ${test.length} test; ${catalogs.length} catalogs written`);
    return { classes, trainSize: train.length, testSize: test.length, recordings, stratified: c.split.stratify, catalogs, labelsPath };
  }
}
