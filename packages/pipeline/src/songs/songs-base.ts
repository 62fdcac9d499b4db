import { FEATURE_NAMES, metadataCell, metadataValue, SONG_METADATA_COLUMN_NAMES, SONG_METADATA_COLUMNS, type Song } from '@msr/core';
import { formatCsv } from '../csv/format-csv.js';
import { parseCsv, type CsvTable } from '../csv/parse-csv.js';
import { DatasetError } from '../errors/dataset-error.js';
import { readInput } from '../util/read-input.js';

/** The required columns of the songs base (`song_df.csv`), in `schema.yaml`'s order. */
export const SONGS_BASE_COLUMNS = ['uri', 'genre', ...FEATURE_NAMES] as const;

/**
 * Formats songs as the songs base CSV: the required columns, then the metadata columns that at
 * least one song has (a base without names is byte-for-byte what it was before names existed).
 */
export function formatSongsBase(songs: Iterable<Song>): string {
  const all = [...songs];
  const metadata = SONG_METADATA_COLUMN_NAMES.filter((column) => all.some((song) => song[SONG_METADATA_COLUMNS[column].field] !== undefined));
  const rows = all.map((song) => [song.uri, song.genre, ...FEATURE_NAMES.map((f) => song[f]), ...metadata.map((column) => metadataCell(song[SONG_METADATA_COLUMNS[column].field]))]);
  return formatCsv([...SONGS_BASE_COLUMNS, ...metadata], rows);
}

/** Reads the songs base as a raw table (for validation, which reports every problem). */
export async function readSongsBaseTable(path: string): Promise<CsvTable> {
  const text = await readInput(path, { code: 'ERR_NO_SONGS_BASE', message: 'the songs base does not exist; run data ingestion first' });
  return parseCsv(text, { file: path });
}

/**
 * Reads a songs base that validation accepted. Cells are converted without re-checking ranges;
 * a cell that is not a number still fails loudly with its row and column.
 */
export async function readSongsBase(path: string): Promise<Song[]> {
  const table = await readSongsBaseTable(path);
  return songsFromTable(table, path);
}

/** Converts a songs-base table into songs. */
export function songsFromTable(table: CsvTable, file: string): Song[] {
  const index = (name: string): number => {
    const i = table.header.indexOf(name);
    if (i === -1) throw new DatasetError(file, `has no "${name}" column (columns: ${table.header.join(', ')})`);
    return i;
  };
  const uri = index('uri');
  const genre = index('genre');
  const features = FEATURE_NAMES.map(index);
  const metadata = SONG_METADATA_COLUMN_NAMES.map((column) => ({ column, field: SONG_METADATA_COLUMNS[column].field, at: table.header.indexOf(column) })).filter((m) => m.at !== -1);
  return table.rows.map((row, r) => {
    const song = { uri: row[uri]!, genre: row[genre]! } as Song;
    for (let j = 0; j < FEATURE_NAMES.length; j++) {
      const cell = row[features[j]!]!;
      const value = cell.trim() === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) throw new DatasetError(file, `row ${r + 1} (line ${table.lines[r]}), column ${FEATURE_NAMES[j]}: ${JSON.stringify(cell)} is not a finite number`);
      song[FEATURE_NAMES[j]!] = value;
    }
    for (const m of metadata) {
      const value = metadataValue(m.column, row[m.at]!);
      if (value !== undefined) (song as Record<string, unknown>)[m.field] = value;
    }
    return song;
  });
}
