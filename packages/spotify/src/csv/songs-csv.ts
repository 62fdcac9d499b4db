import { csvNumber, FEATURE_NAMES, FEATURE_RULES, type AudioFeatures } from '@msr/core';
import { parse } from 'csv-parse/sync';
import { SourceFileError } from '../errors/input-errors.js';
import { parseTrackId } from '../ids/spotify-id.js';
import { InvalidTrackId } from '../errors/input-errors.js';

/** One usable row of a songs CSV. */
export interface SongCsvRow {
  /** Bare 22-character track id. */
  readonly id: string;
  /** 1-based line in the file where the record starts. */
  readonly line: number;
  readonly genre?: string | undefined;
  readonly name?: string | undefined;
  readonly artist?: string | undefined;
  /** Present when the file has all nine feature columns. */
  readonly features?: AudioFeatures | undefined;
}

/** A row that was left out, and why. */
export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
  /** The column at fault (the reason starts with it), for a quarantine that lists the field. */
  readonly column: string;
}

/** A parsed songs CSV: usable rows and rejected ones (a bad row never becomes a NaN). */
export interface SongsCsv {
  readonly rows: SongCsvRow[];
  readonly rejected: RejectedRow[];
  /** Whether the file carries the nine feature columns. */
  readonly hasFeatures: boolean;
}

// Column names accepted for each field: the songs base's, then the Kaggle dataset's.
const ID_COLUMNS = ['uri', 'track_id', 'id'];
const GENRE_COLUMNS = ['genre', 'track_genre'];
const NAME_COLUMNS = ['name', 'track_name'];
const ARTIST_COLUMNS = ['artist', 'artists', 'artist_name'];

/** Options of {@link parseSongsCsv}. */
export interface ParseSongsCsvOptions {
  /** The file name, for error messages. */
  file: string;
  /**
   * Fail when the nine feature columns are missing.
   * @default false
   */
  requireFeatures?: boolean;
  /**
   * Fail when there is no `genre`/`track_genre` column.
   * @default false
   */
  requireGenre?: boolean;
}

/**
 * Parses a CSV in the songs-base (`uri,genre,<9 features>`) or Kaggle (`track_id,…,track_genre`)
 * layout. A missing required column throws {@link SourceFileError}; a bad row (invalid id,
 * non-numeric feature) is rejected with its line and the rest are kept.
 *
 * @example
 * ```ts
 * const { rows, rejected } = parseSongsCsv(await readFile(path, 'utf8'), { file: path });
 * ```
 */
export function parseSongsCsv(text: string, options: ParseSongsCsvOptions): SongsCsv {
  const { file } = options;
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new SourceFileError(file, line ? `line ${line}` : 'file', `not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const header = records.length > 0 ? Object.keys(records[0]!.record) : headerOf(text);
  const pick = (names: string[]): string | undefined => names.find((n) => header.includes(n));
  const idColumn = pick(ID_COLUMNS);
  if (!idColumn) throw new SourceFileError(file, 'header', `no track id column (one of ${ID_COLUMNS.join(', ')})`);
  const genreColumn = pick(GENRE_COLUMNS);
  if (options.requireGenre && !genreColumn) throw new SourceFileError(file, 'header', `no genre column (one of ${GENRE_COLUMNS.join(', ')})`);
  const present = FEATURE_NAMES.filter((f) => header.includes(f));
  if (present.length > 0 && present.length < FEATURE_NAMES.length) {
    const missing = FEATURE_NAMES.filter((f) => !header.includes(f));
    throw new SourceFileError(file, 'header', `has some feature columns but not ${missing.join(', ')}`);
  }
  const hasFeatures = present.length === FEATURE_NAMES.length;
  if (options.requireFeatures && !hasFeatures) throw new SourceFileError(file, 'header', `no feature columns (${FEATURE_NAMES.join(', ')})`);
  const nameColumn = pick(NAME_COLUMNS);
  const artistColumn = pick(ARTIST_COLUMNS);

  const rows: SongCsvRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const { record, info } of records) {
    // info.lines is the line the record ends on; records here never span lines except quoted
    // newlines, where the end line is still the most useful pointer.
    const line = info.lines;
    let id: string;
    try {
      id = parseTrackId(record[idColumn] ?? '');
    } catch (error) {
      if (!(error instanceof InvalidTrackId)) throw error;
      rejected.push({ line, reason: `${idColumn}: ${error.message}`, column: idColumn });
      continue;
    }
    const genre = genreColumn ? record[genreColumn] || undefined : undefined;
    if (options.requireGenre && !genre) {
      rejected.push({ line, reason: `${genreColumn}: empty`, column: genreColumn ?? 'genre' });
      continue;
    }
    let features: AudioFeatures | undefined;
    if (hasFeatures) {
      const parsed = parseFeatures(record);
      if ('reason' in parsed) {
        rejected.push({ line, ...parsed });
        continue;
      }
      features = parsed;
    }
    const artist = artistColumn ? record[artistColumn]?.split(';')[0]?.trim() || undefined : undefined;
    rows.push({ id, line, genre, name: nameColumn ? record[nameColumn] || undefined : undefined, artist, features });
  }
  return { rows, rejected, hasFeatures };
}

function parseFeatures(record: Record<string, string>): AudioFeatures | { reason: string; column: string } {
  const out = {} as AudioFeatures;
  for (const name of FEATURE_NAMES) {
    // The songs base's own rules: an empty cell, `NaN`, `1,5`, `1e999` (it overflows) or an
    // out-of-range value is refused, in csvNumber's words.
    const cell = record[name] ?? '';
    const parsed = csvNumber.pipe(FEATURE_RULES[name]).safeParse(cell);
    if (!parsed.success) return { reason: `${name}: ${parsed.error.issues[0]?.message ?? 'invalid'} (${JSON.stringify(cell)})`, column: name };
    out[name] = parsed.data;
  }
  return out;
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
}
