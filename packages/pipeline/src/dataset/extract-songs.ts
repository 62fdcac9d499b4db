import { FEATURE_NAMES, FEATURE_RULES, metadataValue, SONG_METADATA_COLUMNS, songSchema, type ColumnType, type Song, type SongMetadataColumn } from '@msr/core';
import type { CsvTable } from '../csv/parse-csv.js';
import { checkCell } from './check-cell.js';
import { mapColumns, type ColumnMapping, type SourceColumns } from './column-mapping.js';

/** Range rules of the numeric metadata columns, from the song schema (popularity 0–100, …). */
const METADATA_RULES: Partial<Record<SongMetadataColumn, Parameters<typeof checkCell>[2]>> = {
  popularity: songSchema.shape.popularity.unwrap(),
  duration_ms: songSchema.shape.durationMs.unwrap(),
};

/** A dataset row set aside: where it is, what is wrong with it, and its cells as read. */
export interface QuarantinedRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** 1-based line in the file. */
  line: number;
  /** One entry per problem: the dataset column, a code and the reason. */
  problems: { column: string; code: string; reason: string }[];
  /** The row's cells, in the dataset's column order. */
  cells: string[];
}

/** Options of {@link extractSongs}. */
export interface ExtractSongsOptions {
  /** Where each songs-base column comes from ({@link sourceColumns}). */
  columns: SourceColumns;
  /**
   * Where each optional metadata column comes from ({@link optionalSourceColumns}); those the
   * dataset has are kept (an empty cell is "unknown"), the others left out.
   * @default {} (no metadata kept)
   */
  optional?: SourceColumns;
  /** The target column of the songs base. @default 'genre' */
  targetColumn?: string;
  /** `schema.yaml` column types; a feature not listed is checked as `float64`. @default {} */
  types?: Readonly<Record<string, ColumnType>>;
  /** The genres to keep; `undefined` keeps every genre (to survey the data). */
  genres?: readonly string[];
}

/** What {@link extractSongs} found. */
export interface ExtractedSongs {
  /** The valid songs of the kept genres, each uri once (the first row wins). */
  songs: Song[];
  mapping: ColumnMapping;
  /** `kaggle` (uri from `track_id`), `songs-base` (from `uri`), or `mapped` (another column). */
  format: 'kaggle' | 'songs-base' | 'mapped';
  /** Data rows in the dataset. */
  rowsRead: number;
  /** Rows of genres not kept. */
  droppedOtherGenres: number;
  /** Rows repeating a kept uri with the same features (a re-listing, as pandas' `drop_duplicates`). */
  droppedDuplicates: number;
  /** Invalid rows of the kept genres: missing or wrong-typed cells, out-of-range features, a uri repeated with other features. */
  quarantined: QuarantinedRow[];
  /** Kept songs per genre. */
  perGenre: Record<string, number>;
  /** Rows per genre over the whole dataset, valid or not (to name the data's genres in errors). */
  rowsPerGenre: Record<string, number>;
}

/**
 * Maps the dataset's columns onto the songs base, keeps the wanted genres, checks every cell
 * with the validation rules ({@link checkCell}) and dedupes by uri. Never throws on a bad row:
 * the row is returned in `quarantined` with its reasons, and the caller applies the policy.
 *
 * @throws `DatasetError` `ERR_MISSING_COLUMNS` when a needed column is absent.
 */
export function extractSongs(table: CsvTable, file: string, options: ExtractSongsOptions): ExtractedSongs {
  const targetColumn = options.targetColumn ?? 'genre';
  const mapping = mapColumns(table.header, options.columns, file, options.optional);
  const metadata = Object.keys(options.optional ?? {})
    .filter((column) => mapping.at[column] !== undefined)
    .map((column) => {
      const name = column as SongMetadataColumn;
      return { name, at: mapping.at[name]!, source: mapping.used[name]!, type: SONG_METADATA_COLUMNS[name].type, field: SONG_METADATA_COLUMNS[name].field, rule: METADATA_RULES[name] };
    });
  const uriAt = mapping.at.uri!;
  const genreAt = mapping.at[targetColumn]!;
  const features = FEATURE_NAMES.map((name) => ({ name, at: mapping.at[name]!, source: mapping.used[name]!, type: options.types?.[name] ?? 'float64', rule: FEATURE_RULES[name] }));
  const wanted = options.genres ? new Set(options.genres) : undefined;
  const perGenre: Record<string, number> = Object.fromEntries((options.genres ?? []).map((g) => [g, 0]));
  const rowsPerGenre: Record<string, number> = {};
  const firstOf = new Map<string, { row: number; line: number; song: Song }>();
  const songs: Song[] = [];
  const quarantined: QuarantinedRow[] = [];
  let droppedOtherGenres = 0;
  let droppedDuplicates = 0;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const genre = row[genreAt]!.trim();
    if (genre !== '') rowsPerGenre[genre] = (rowsPerGenre[genre] ?? 0) + 1;
    if (genre !== '' && wanted && !wanted.has(genre)) {
      droppedOtherGenres++;
      continue;
    }
    const uri = row[uriAt]!.trim();
    const problems: QuarantinedRow['problems'] = [];
    if (uri === '') problems.push({ column: mapping.used.uri!, code: 'missing_value', reason: 'is empty' });
    if (genre === '') problems.push({ column: mapping.used[targetColumn]!, code: 'missing_value', reason: 'is empty' });
    const song = { uri, genre } as Song;
    for (const f of features) {
      const problem = checkCell(row[f.at]!, f.type, f.rule);
      if (problem) problems.push({ column: f.source, code: problem.code, reason: problem.message });
      else song[f.name] = Number(row[f.at]);
    }
    for (const m of metadata) {
      const cell = row[m.at]!;
      if (cell.trim() === '') continue; // unknown, not invalid: the column is optional
      const problem = checkCell(cell, m.type, m.rule);
      if (problem) problems.push({ column: m.source, code: problem.code, reason: problem.message });
      else (song as Record<string, unknown>)[m.field] = metadataValue(m.name, cell);
    }
    const where = { row: r + 1, line: table.lines[r]! };
    if (problems.length === 0) {
      const first = firstOf.get(uri);
      if (first) {
        const differ = FEATURE_NAMES.filter((name) => first.song[name] !== song[name]);
        if (differ.length === 0) {
          droppedDuplicates++;
          continue;
        }
        problems.push({
          column: mapping.used.uri!,
          code: 'duplicate_uri',
          reason: `uri ${uri} is also row ${first.row} (line ${first.line}) with other features (${differ.map((name) => `${name} ${first.song[name]} vs ${song[name]}`).join(', ')}); the first row is kept`,
        });
      }
    }
    if (problems.length > 0) {
      quarantined.push({ ...where, problems, cells: row });
      continue;
    }
    firstOf.set(uri, { ...where, song });
    songs.push(song);
    perGenre[genre] = (perGenre[genre] ?? 0) + 1;
  }
  const uriSource = mapping.used.uri;
  const format = uriSource === 'track_id' ? 'kaggle' : uriSource === 'uri' ? 'songs-base' : 'mapped';
  return { songs, mapping, format, rowsRead: table.rows.length, droppedOtherGenres, droppedDuplicates, quarantined, perGenre, rowsPerGenre };
}
