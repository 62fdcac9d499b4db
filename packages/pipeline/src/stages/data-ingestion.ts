import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataIngestionConfig } from '../config/stage-configs.js';
import type { ColumnMapping } from '../dataset/column-mapping.js';
import { sourceColumns } from '../dataset/column-mapping.js';
import { extractSongs } from '../dataset/extract-songs.js';
import { countProblems, DEFAULT_MAX_INVALID_SHARE, describeQuarantined, formatQuarantine, type QuarantineSummary, type ValidationPolicy } from '../dataset/quarantine.js';
import { readDataset } from '../dataset/read-dataset.js';
import { describeSelection, type GenreSelection } from '../dataset/select-genres.js';
import { DatasetError } from '../errors/dataset-error.js';
import { downloadFile } from '../fs/download-file.js';
import { pathExists } from '../fs/path-exists.js';
import { FileTransaction } from '../fs/file-transaction.js';
import { formatSongsBase } from '../songs/songs-base.js';
import { DATA_DIGEST_TAG, trackRun, type Tracker } from '../tracking/tracker.js';
import type { StageRunOptions } from './stage-run-options.js';


/** What {@link DataIngestion} needs from outside. */
export interface DataIngestionDeps {
  /** Used for `http(s)://` sources. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Where the ingestion's counts are tracked (experiment `msr_data`); none without one. */
  tracker?: Tracker;
  /** The clock for the quarantine summary. @default Date.now */
  clock?: () => number;
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
      /** `kaggle` (uri from track_id), `songs-base` (from uri) or `mapped` (from another column). */
      format: 'kaggle' | 'songs-base' | 'mapped';
      /** Which dataset column each songs-base column came from, and the columns not read. */
      mapping: ColumnMapping;
      /** Data rows in the source. */
      rowsRead: number;
      /** Rows whose genre is not kept. */
      droppedOtherGenres: number;
      /** Rows repeating a kept uri with the same features (the first one wins, as pandas' `drop_duplicates`). */
      droppedDuplicates: number;
      /** Invalid rows set aside in the quarantine file. */
      quarantined: QuarantineSummary;
      /** Songs written. */
      kept: number;
      /** Songs per genre. */
      perGenre: Record<string, number>;
      /** How the genres were chosen, when the configuration said. */
      selection?: GenreSelection;
      /** The download, for a URL source. */
      download?: { bytes: number; sha256: string };
    };

/** The experiment the ingestion's counts are tracked in. */
export const DATA_EXPERIMENT = 'msr_data';

/**
 * Stage 1: gets the dataset (a local CSV or zip, or a URL streamed to `local_data_file` with its
 * size and checksum checked), maps its columns onto the songs base (`schema.yaml`'s
 * `SOURCE_COLUMNS`; Kaggle's `track_id` → `uri`, `track_genre` → `genre` by default), keeps the
 * chosen genres, checks every row with the validation rules and dedupes by uri, then writes the
 * songs base atomically. Invalid rows go to the quarantine file with row, line, column and
 * reason; under the `quarantine` policy the run goes on while they are at most
 * `maxInvalidShare` of the rows, under `fail` any invalid row stops it. Like the original, it
 * does nothing when the songs base already exists ("retraining mode").
 *
 * @example
 * ```ts
 * const result = await new DataIngestion(manager.config(dataIngestionStage)).run();
 * if (result.status === 'written') console.log(`${result.kept} songs, ${result.quarantined.quarantined} set aside`);
 * ```
 */
export class DataIngestion {
  readonly #config: DataIngestionConfig;
  readonly #deps: DataIngestionDeps;

  constructor(config: DataIngestionConfig, deps: DataIngestionDeps = {}) {
    this.#config = config;
    this.#deps = deps;
  }

  /**
   * Builds the songs base.
   * @throws `DatasetError` — `ERR_MISSING_COLUMNS`, `ERR_GENRE_NOT_IN_DATA` (a configured genre
   * the data lacks; the message lists the data's genres), `ERR_EMPTY_GENRE` (all its rows
   * invalid), `ERR_INVALID_ROWS` (policy `fail`), `ERR_TOO_MANY_INVALID` (more than the share),
   * `ERR_BAD_ARCHIVE`; `CsvError` (malformed CSV), `DownloadError` (network, size, checksum).
   */
  async run(options: DataIngestionRunOptions = {}): Promise<DataIngestionResult> {
    const c = this.#config;
    if (!options.force && (await pathExists(c.songsBasePath))) {
      options.onLog?.('info', `songs base ${c.songsBasePath} exists: ingestion skipped (retraining mode)`);
      return { status: 'skipped', songsBasePath: c.songsBasePath, reason: 'the songs base exists' };
    }
    if (c.selection?.deferred) throw c.selection.deferred;
    let source: string;
    let download: { bytes: number; sha256: string } | undefined;
    if (/^https?:\/\//i.test(c.sourceUrl)) {
      const got = await downloadFile({
        url: c.sourceUrl,
        destination: c.localDataFile,
        fetch: this.#deps.fetch ?? globalThis.fetch,
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
    if (c.selection) options.onLog?.('info', describeSelection(c.selection));
    const { table, file } = await readDataset(source);
    const targetColumn = c.targetColumn ?? 'genre';
    const extracted = extractSongs(table, file, { columns: c.sourceColumns ?? sourceColumns(targetColumn), optional: c.optionalColumns ?? {}, targetColumn, ...(c.columnTypes ? { types: c.columnTypes } : {}), genres: c.genres });
    const { mapping } = extracted;
    options.onLog?.('info', `columns: ${Object.entries(mapping.used).map(([to, from]) => (to === from ? to : `${to} ← ${from}`)).join(', ')}${mapping.absentOptional.length > 0 ? `; optional, not in the dataset: ${mapping.absentOptional.join(', ')}` : ''}${mapping.ignored.length > 0 ? `; ignored: ${mapping.ignored.join(', ')}` : ''}`, { mapping: { used: mapping.used, ignored: mapping.ignored } });

    const absent = c.genres.filter((g) => extracted.rowsPerGenre[g] === undefined);
    if (absent.length > 0) {
      const present = Object.entries(extracted.rowsPerGenre).sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, n]) => `${g} (${n})`);
      throw new DatasetError(file, `has no rows of the configured genre${absent.length > 1 ? 's' : ''} ${absent.join(', ')}; the data's genres (rows) are: ${present.join(', ')}. Name genres it has (config.yaml data_transformation.genres or --genres), or name none to use every genre with enough recordings`, { code: 'ERR_GENRE_NOT_IN_DATA' });
    }

    const quarantine = c.quarantine ?? defaultQuarantine(c.songsBasePath);
    const rowsConsidered = extracted.rowsRead - extracted.droppedOtherGenres;
    const quarantined = extracted.quarantined;
    const summary: QuarantineSummary = {
      source: file,
      policy: quarantine.policy,
      maxInvalidShare: quarantine.maxInvalidShare,
      rowsConsidered,
      quarantined: quarantined.length,
      share: rowsConsidered === 0 ? 0 : quarantined.length / rowsConsidered,
      counts: countProblems(quarantined),
      file: quarantine.file,
      at: (this.#deps.clock ?? Date.now)(),
    };
    const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
    let failure: DatasetError | undefined;
    if (quarantined.length > 0 && quarantine.policy === 'fail') {
      failure = new DatasetError(file, `has ${quarantined.length} invalid row${quarantined.length > 1 ? 's' : ''} (policy fail; set data_validation.policy: quarantine to set them aside):\n${describeQuarantined(quarantined)}`, { code: 'ERR_INVALID_ROWS' });
    } else if (summary.share > quarantine.maxInvalidShare) {
      failure = new DatasetError(file, `has ${quarantined.length} invalid rows of ${rowsConsidered} (${pct(summary.share)}), more than data_validation.max_invalid_share ${pct(quarantine.maxInvalidShare)}; they are listed in ${quarantine.file}:\n${describeQuarantined(quarantined)}`, { code: 'ERR_TOO_MANY_INVALID' });
    }
    const empty = failure ? [] : c.genres.filter((g) => !extracted.perGenre[g]);
    if (empty.length > 0) {
      failure = new DatasetError(file, `has no usable songs for the configured genre${empty.length > 1 ? 's' : ''} ${empty.join(', ')}: every row of ${empty.length > 1 ? 'them' : 'it'} is invalid (see ${quarantine.file})`, { code: 'ERR_EMPTY_GENRE' });
    }
    const base = formatSongsBase(extracted.songs);
    // The quarantine file and its summary always describe the last ingestion, so a re-run with
    // the rows fixed empties them; the songs base is only replaced when the run may go on.
    await FileTransaction.run(async (tx) => {
      await tx.write(quarantine.file, formatQuarantine(table.header, quarantined));
      await tx.write(quarantine.summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
      if (!failure) await tx.write(c.songsBasePath, base);
    });
    if (quarantined.length > 0 && !failure) {
      options.onLog?.('warn', `${quarantined.length} invalid row${quarantined.length > 1 ? 's' : ''} of ${rowsConsidered} (${pct(summary.share)}) set aside in ${quarantine.file}:\n${describeQuarantined(quarantined)}`, { counts: summary.counts });
    }
    if (this.#deps.tracker) await this.#track(this.#deps.tracker, summary, extracted, failure, createHash('sha256').update(base).digest('hex'), options.trackingTags);
    if (failure) throw failure;
    options.onLog?.('info', `songs base written: ${extracted.songs.length} songs (${extracted.droppedOtherGenres} of other genres, ${extracted.droppedDuplicates} duplicate uris dropped, ${quarantined.length} invalid set aside)`);
    return {
      status: 'written',
      songsBasePath: c.songsBasePath,
      source,
      format: extracted.format,
      mapping,
      rowsRead: extracted.rowsRead,
      droppedOtherGenres: extracted.droppedOtherGenres,
      droppedDuplicates: extracted.droppedDuplicates,
      quarantined: summary,
      kept: extracted.songs.length,
      perGenre: extracted.perGenre,
      ...(c.selection ? { selection: c.selection } : {}),
      ...(download ? { download } : {}),
    };
  }

  /** Logs the ingestion's counts as one run of {@link DATA_EXPERIMENT}; FAILED when the dataset was refused. */
  async #track(tracker: Tracker, summary: QuarantineSummary, extracted: ReturnType<typeof extractSongs>, failure: Error | undefined, digest: string, trackingTags: StageRunOptions['trackingTags']): Promise<void> {
    const c = this.#config;
    await trackRun(tracker, DATA_EXPERIMENT, { runName: `ingestion-${summary.at}`, tags: { ...trackingTags, [DATA_DIGEST_TAG]: digest } }, async (runId) => {
      await tracker.logBatch(runId, {
        params: { source: summary.source, policy: summary.policy, max_invalid_share: summary.maxInvalidShare, genres: c.genres.length, genres_from: c.selection?.from ?? 'config' },
        metrics: [
          { key: 'rows_read', value: extracted.rowsRead },
          { key: 'rows_considered', value: summary.rowsConsidered },
          { key: 'songs', value: extracted.songs.length },
          { key: 'dropped_duplicates', value: extracted.droppedDuplicates },
          { key: 'dropped_other_genres', value: extracted.droppedOtherGenres },
          { key: 'quarantined_rows', value: summary.quarantined },
          { key: 'invalid_share', value: summary.share },
          ...Object.entries(summary.counts).map(([code, n]) => ({ key: `quarantined_${code}`, value: n })),
        ],
      });
      if (failure) throw failure;
    }).catch((error: unknown) => {
      if (error !== failure) throw error;
    });
  }
}

/** The quarantine settings when the configuration names none: policy quarantine, 1%, beside the songs base. */
export function defaultQuarantine(songsBasePath: string): { policy: ValidationPolicy; maxInvalidShare: number; file: string; summaryFile: string } {
  const dir = dirname(songsBasePath);
  return { policy: 'quarantine', maxInvalidShare: DEFAULT_MAX_INVALID_SHARE, file: join(dir, 'quarantine.csv'), summaryFile: join(dir, 'quarantine.json') };
}
