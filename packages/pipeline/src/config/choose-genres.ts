import { fileURLToPath } from 'node:url';
import { sourceColumns } from '../dataset/column-mapping.js';
import { extractSongs } from '../dataset/extract-songs.js';
import { readDataset } from '../dataset/read-dataset.js';
import { selectGenres, type GenreSelection } from '../dataset/select-genres.js';
import { DatasetError } from '../errors/dataset-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { downloadFile } from '../fs/download-file.js';
import { pathExists } from '../fs/path-exists.js';
import { genreListSchema } from './config-keys.js';
import type { SchemaFile } from './schema-file.js';

/** The least recordings a genre needs to be chosen from the data, when config.yaml does not say. */
export const DEFAULT_MIN_RECORDINGS = 30;

/** What the configuration says about the genres. */
export interface GenreSettings {
  /** `config.yaml`'s `data_transformation.genres`. */
  genres?: readonly string[] | undefined;
  /** `config.yaml`'s `data_transformation.min_recordings`. @default 30 */
  minRecordings?: number | undefined;
  /** `schema.yaml`: the target column, the column mapping and types the data is read with. */
  schema: SchemaFile;
}

/** Where the genres may be read from. */
export interface ChooseGenresInput {
  /** `--genres` / the `genres` option: wins over everything. */
  override?: readonly string[] | undefined;
  /** The dataset: a URL or an absolute path. */
  sourceUrl: string;
  /** Where a URL dataset is downloaded (reused when present). */
  localDataFile: string;
  /** The songs base: surveyed instead of the dataset when it exists and is not being rebuilt. */
  songsBasePath: string;
  /** The ingestion will rebuild the songs base (a forced run): survey the dataset even when a base exists. @default false */
  rebuild?: boolean;
  fetch?: typeof globalThis.fetch;
  expectedSize?: number;
  expectedSha256?: string;
}

/**
 * Decides the genres a pipeline trains on: the `override`, else config.yaml's list, else every
 * genre of the data with at least `min_recordings` valid recordings, sorted — counted with the
 * same column mapping and row checks the ingestion applies, so every stage derives the same
 * list. The data is the songs base when one exists and is not being rebuilt (the ingestion
 * keeps it: retraining mode), else the dataset.
 *
 * @throws `PipelineError` `ERR_INVALID_GENRES` for a bad override; `DatasetError`
 * `ERR_NO_GENRES` when no genre of the data has enough recordings; the dataset's read errors.
 */
export async function chooseGenres(settings: GenreSettings, input: ChooseGenresInput): Promise<GenreSelection> {
  if (input.override !== undefined) {
    const parsed = genreListSchema.safeParse([...input.override]);
    if (!parsed.success) throw new PipelineError('ERR_INVALID_GENRES', `--genres: ${parsed.error.issues[0]!.message} (got ${JSON.stringify(input.override)})`, { badInput: true });
    return { from: 'option', genres: parsed.data };
  }
  const configured = settings.genres;
  if (configured) return { from: 'config', genres: [...configured] };

  const minRecordings = settings.minRecordings ?? DEFAULT_MIN_RECORDINGS;
  let path = input.sourceUrl.startsWith('file:') ? fileURLToPath(input.sourceUrl) : input.sourceUrl;
  // In retraining mode the ingestion keeps the songs base, so the base is the data trained on.
  if (!input.rebuild && (await pathExists(input.songsBasePath))) {
    path = input.songsBasePath;
  } else if (/^https?:\/\//i.test(path)) {
    if (!(await pathExists(input.localDataFile))) {
      await downloadFile({
        url: path,
        destination: input.localDataFile,
        fetch: input.fetch ?? globalThis.fetch,
        ...(input.expectedSize === undefined ? {} : { expectedSize: input.expectedSize }),
        ...(input.expectedSha256 === undefined ? {} : { expectedSha256: input.expectedSha256 }),
      });
    }
    path = input.localDataFile;
  }
  const { table, file } = await readDataset(path);
  const target = settings.schema.TARGET_COLUMN.name;
  // The songs base has the songs-base columns whatever SOURCE_COLUMNS says about the dataset.
  const mapping = path === input.songsBasePath ? undefined : settings.schema.SOURCE_COLUMNS;
  const extracted = extractSongs(table, file, { columns: sourceColumns(target, mapping), targetColumn: target, types: settings.schema.COLUMNS });
  const selection = selectGenres(extracted.songs, { minRecordings, rowsPerGenre: extracted.rowsPerGenre, file });
  // The classifier needs two genres to tell apart.
  if (selection.genres.length < 2) {
    throw new DatasetError(file, `has ${selection.genres.length === 0 ? 'no genre' : 'only one genre'} with at least ${minRecordings} valid recordings (${Object.entries(selection.recordings ?? {}).map(([g, n]) => `${g} ${n}`).join(', ') || 'no genre at all'}); the classifier needs two. Lower data_transformation.min_recordings or name the genres`, { code: 'ERR_NO_GENRES' });
  }
  return selection;
}

/**
 * {@link chooseGenres}, but data that cannot be read or surveyed does not fail the load: a
 * songs base that cannot be surveyed falls back to the dataset, and when neither can the error
 * is kept in `deferred` and the ingestion stage throws it when it runs, so it reaches the user
 * as that stage's failure, like any other dataset fault.
 */
export async function chooseGenresOrDefer(settings: GenreSettings, input: ChooseGenresInput): Promise<GenreSelection> {
  try {
    return await chooseGenres(settings, input);
  } catch (error) {
    if (!(error instanceof PipelineError) || error.code === 'ERR_INVALID_GENRES') throw error;
    if (!input.rebuild && (await pathExists(input.songsBasePath))) {
      try {
        return await chooseGenres(settings, { ...input, rebuild: true });
      } catch (fromDataset) {
        if (!(fromDataset instanceof PipelineError)) throw fromDataset;
        return { from: 'data', genres: [], deferred: fromDataset };
      }
    }
    return { from: 'data', genres: [], deferred: error };
  }
}
