import { FEATURE_NAMES, type Song } from '@msr/core';
import { access, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { DataIngestionConfig } from '../config/stage-configs.js';
import { parseCsv, type CsvTable } from '../csv/parse-csv.js';
import { DatasetError } from '../errors/dataset-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { downloadFile } from '../fs/download-file.js';
import { formatSongsBase } from '../songs/songs-base.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link DataIngestion} needs from outside. */
export interface DataIngestionDeps {
  /** Used for `http(s)://` sources. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** Options of {@link DataIngestion.run}. */
export interface DataIngestionRunOptions extends StageRunOptions {
  /** Rebuild the songs base even if it exists. @default false */
  force?: boolean;
}

/** What {@link DataIngestion.run} did. */
export type DataIngestionResult =
  | { status: 'skipped'; songsBasePath: string; reason: string }
  | {
      status: 'written';
      songsBasePath: string;
      /** The file read (the downloaded copy for a URL). */
      source: string;
      /** `kaggle` (track_id … track_genre) or `songs-base` (uri … genre). */
      format: 'kaggle' | 'songs-base';
      /** Data rows in the source. */
      rowsRead: number;
      /** Rows whose genre is not configured. */
      droppedOtherGenres: number;
      /** Rows with an empty uri, genre or feature. */
      droppedMissing: number;
      /** Rows whose uri was already kept (the first one wins, as pandas' `drop_duplicates`). */
      droppedDuplicates: number;
      /** Songs written. */
      kept: number;
      /** Songs per configured genre. */
      perGenre: Record<string, number>;
      /** The download, for a URL source. */
      download?: { bytes: number; sha256: string };
    };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Stage 1: gets the dataset (a local CSV or zip, or a URL streamed to `local_data_file` with its
 * size and checksum checked), maps the Kaggle columns (`track_id` → `uri`, `track_genre` →
 * `genre`), keeps the configured genres and the nine features, drops rows with missing values
 * and duplicate uris (counting each), and writes the songs base atomically. Like the original,
 * it does nothing when the songs base already exists ("retraining mode").
 *
 * @example
 * ```ts
 * const result = await new DataIngestion(manager.getDataIngestionConfig()).run();
 * if (result.status === 'written') console.log(`${result.kept} songs`);
 * ```
 */
export class DataIngestion {
  readonly #config: DataIngestionConfig;
  readonly #fetch: typeof globalThis.fetch;

  constructor(config: DataIngestionConfig, deps: DataIngestionDeps = {}) {
    this.#config = config;
    this.#fetch = deps.fetch ?? globalThis.fetch;
  }

  /**
   * Builds the songs base.
   * @throws `DatasetError` (missing columns, a non-number cell, an empty genre, a bad zip),
   * `CsvError` (malformed CSV), `DownloadError` (network, size, checksum).
   */
  async run(options: DataIngestionRunOptions = {}): Promise<DataIngestionResult> {
    const c = this.#config;
    if (!options.force && (await exists(c.songsBasePath))) {
      options.onLog?.('info', `songs base ${c.songsBasePath} exists: ingestion skipped (retraining mode)`);
      return { status: 'skipped', songsBasePath: c.songsBasePath, reason: 'the songs base exists' };
    }
    let source: string;
    let download: { bytes: number; sha256: string } | undefined;
    if (/^https?:\/\//i.test(c.sourceUrl)) {
      const got = await downloadFile({
        url: c.sourceUrl,
        destination: c.localDataFile,
        fetch: this.#fetch,
        ...(c.expectedSize === undefined ? {} : { expectedSize: c.expectedSize }),
        ...(c.expectedSha256 === undefined ? {} : { expectedSha256: c.expectedSha256 }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      source = got.path;
      download = { bytes: got.bytes, sha256: got.sha256 };
      options.onLog?.('info', `downloaded ${got.bytes} bytes to ${got.path}`, { sha256: got.sha256 });
    } else {
      source = c.sourceUrl.startsWith('file:') ? fileURLToPath(c.sourceUrl) : c.sourceUrl;
    }
    const { table, file } = await readDataset(source);
    const result = extractSongs(table, file, c.genres);
    await writeFileAtomic(c.songsBasePath, formatSongsBase(result.songs));
    const { songs, ...counts } = result;
    options.onLog?.('info', `songs base written: ${counts.kept} songs (${counts.droppedOtherGenres} of other genres, ${counts.droppedMissing} with missing values, ${counts.droppedDuplicates} duplicate uris dropped)`);
    return { status: 'written', songsBasePath: c.songsBasePath, source, ...counts, ...(download ? { download } : {}) };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Reads a CSV, or the CSV inside a zip, naming the entry in errors as `archive.zip!/entry.csv`. */
async function readDataset(path: string): Promise<{ table: CsvTable; file: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetError(path, 'the dataset does not exist (data_ingestion.source_URL)', { code: 'ERR_NO_DATASET' });
    throw error;
  }
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b)) return { table: parseCsv(new TextDecoder().decode(bytes), { file: path }), file: path };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (entry) => entry.name.toLowerCase().endsWith('.csv') && !entry.name.startsWith('__MACOSX/') });
  } catch (error) {
    throw new DatasetError(path, `is not a readable zip archive (${(error as Error).message}); is it truncated?`, { cause: error, code: 'ERR_BAD_ARCHIVE' });
  }
  const names = Object.keys(entries);
  if (names.length !== 1) {
    throw new DatasetError(path, names.length === 0 ? 'the archive holds no .csv file' : `the archive holds ${names.length} .csv files (${names.join(', ')}); expected one`, { code: 'ERR_BAD_ARCHIVE' });
  }
  const file = `${path}!/${basename(names[0]!)}`;
  return { table: parseCsv(strFromU8(entries[names[0]!]!), { file }), file };
}

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Maps, filters and dedupes the dataset's rows into songs. */
export function extractSongs(
  table: CsvTable,
  file: string,
  genres: readonly string[],
): { songs: Song[]; rowsRead: number; droppedOtherGenres: number; droppedMissing: number; droppedDuplicates: number; kept: number; perGenre: Record<string, number>; format: 'kaggle' | 'songs-base' } {
  const { header } = table;
  const format = header.includes('track_id') ? 'kaggle' : 'songs-base';
  const uriColumn = format === 'kaggle' ? 'track_id' : 'uri';
  const genreColumn = format === 'kaggle' ? 'track_genre' : 'genre';
  const required = [uriColumn, genreColumn, ...FEATURE_NAMES];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DatasetError(file, `is missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected the Kaggle columns track_id, track_genre and the nine features, or a songs base with uri and genre)`, { code: 'ERR_MISSING_COLUMNS' });
  }
  const uriAt = header.indexOf(uriColumn);
  const genreAt = header.indexOf(genreColumn);
  const featureAt = FEATURE_NAMES.map((f) => header.indexOf(f));
  const wanted = new Set(genres);
  const perGenre: Record<string, number> = Object.fromEntries(genres.map((g) => [g, 0]));
  const seen = new Set<string>();
  const songs: Song[] = [];
  let droppedOtherGenres = 0;
  let droppedMissing = 0;
  let droppedDuplicates = 0;
  const badCells: string[] = [];
  let badCount = 0;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const genre = row[genreAt]!.trim();
    const uri = row[uriAt]!.trim();
    if (genre !== '' && !wanted.has(genre)) {
      droppedOtherGenres++;
      continue;
    }
    if (genre === '' || uri === '' || featureAt.some((j) => row[j]!.trim() === '')) {
      droppedMissing++;
      continue;
    }
    const song = { uri, genre } as Song;
    for (let k = 0; k < FEATURE_NAMES.length; k++) {
      const cell = row[featureAt[k]!]!;
      if (!NUMBER.test(cell)) {
        if (++badCount <= 10) badCells.push(`row ${r + 1} (line ${table.lines[r]}), column ${FEATURE_NAMES[k]}: ${JSON.stringify(cell)} is not a number`);
        continue;
      }
      song[FEATURE_NAMES[k]!] = Number(cell);
    }
    if (seen.has(uri)) {
      droppedDuplicates++;
      continue;
    }
    seen.add(uri);
    songs.push(song);
    perGenre[genre]!++;
  }
  if (badCount > 0) {
    const more = badCount > badCells.length ? `\n  … and ${badCount - badCells.length} more` : '';
    throw new DatasetError(file, `has ${badCount} cell${badCount > 1 ? 's' : ''} of the wrong type:\n  ${badCells.join('\n  ')}${more}`, { code: 'ERR_WRONG_TYPE' });
  }
  const empty = genres.filter((g) => perGenre[g] === 0);
  if (empty.length > 0) {
    throw new DatasetError(file, `has no usable songs for the configured genre${empty.length > 1 ? 's' : ''} ${empty.join(', ')}; remove ${empty.length > 1 ? 'them' : 'it'} from data_transformation.genres or use a dataset that has ${empty.length > 1 ? 'them' : 'it'}`, { code: 'ERR_EMPTY_GENRE' });
  }
  return { songs, rowsRead: table.rows.length, droppedOtherGenres, droppedMissing, droppedDuplicates, kept: songs.length, perGenre, format };
}
