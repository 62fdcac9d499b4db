import { FEATURE_NAMES, type SongMetadataColumn } from '@msr/core';
import { DEFAULT_SOURCE_COLUMNS } from '../config/schema-file.js';
import { DatasetError } from '../errors/dataset-error.js';

/** Where each songs-base column is read from, as `schema.yaml`'s `SOURCE_COLUMNS` resolves. */
export type SourceColumns = Readonly<Record<string, readonly string[]>>;

/** How a dataset's header was mapped onto the songs base. */
export interface ColumnMapping {
  /** Songs-base column → the dataset column it is read from (`uri` → `track_id`). */
  used: Record<string, string>;
  /** Songs-base column → its index in the dataset's header. */
  at: Record<string, number>;
  /** Optional columns (`schema.yaml` `OPTIONAL_COLUMNS`) the dataset does not have: kept empty. */
  absentOptional: string[];
  /** Dataset columns not read (the unnamed index column is reported as `(unnamed index)`). */
  ignored: string[];
}

/**
 * The candidates of every column the songs base reads: `uri`, the target column and the nine
 * features, from `schema.yaml`'s `SOURCE_COLUMNS` or else {@link DEFAULT_SOURCE_COLUMNS} (a
 * column's own name otherwise). Metadata columns (`name`, `artist`) are listed too so a later
 * songs base that keeps them finds them with the same rule.
 */
export function sourceColumns(targetColumn: string, configured: Readonly<Record<string, string | readonly string[]>> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const column of ['uri', targetColumn, ...FEATURE_NAMES]) {
    const given = configured[column];
    out[column] = given === undefined ? [...(DEFAULT_SOURCE_COLUMNS[column] ?? (column === targetColumn ? DEFAULT_SOURCE_COLUMNS.genre! : [column]))] : typeof given === 'string' ? [given] : [...given];
  }
  return out;
}

/**
 * The candidates of the optional metadata columns the songs base keeps (`schema.yaml`'s
 * `OPTIONAL_COLUMNS`), by the same rule as {@link sourceColumns}: `SOURCE_COLUMNS`, else
 * {@link DEFAULT_SOURCE_COLUMNS} (`name` ← `track_name`, `album` ← `album_name`, …).
 */
export function optionalSourceColumns(columns: readonly SongMetadataColumn[], configured: Readonly<Record<string, string | readonly string[]>> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const column of columns) {
    const given = configured[column];
    out[column] = given === undefined ? [...(DEFAULT_SOURCE_COLUMNS[column] ?? [column])] : typeof given === 'string' ? [given] : [...given];
  }
  return out;
}

/**
 * Maps a dataset's header onto the songs-base columns: for each, the first candidate present.
 * `optional` columns are mapped the same way when the dataset has them, and never required.
 *
 * @throws `DatasetError` `ERR_MISSING_COLUMNS` naming every column not found, the names tried
 * and the header, so the user knows what to put in `schema.yaml`'s `SOURCE_COLUMNS`.
 */
export function mapColumns(header: readonly string[], columns: SourceColumns, file: string, optional: SourceColumns = {}): ColumnMapping {
  const used: Record<string, string> = {};
  const at: Record<string, number> = {};
  const missing: string[] = [];
  const absent: string[] = [];
  for (const [column, candidates] of Object.entries(columns)) {
    const found = candidates.find((c) => header.includes(c));
    if (found === undefined) absent.push(column);
    if (found === undefined) missing.push(candidates.length === 1 && candidates[0] === column ? column : `${column} (tried ${candidates.join(', ')})`);
    else {
      used[column] = found;
      at[column] = header.indexOf(found);
    }
  }
  if (missing.length > 0) {
    throw new DatasetError(
      file,
      `is missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; its columns are ${header.map((h) => (h === '' ? '(unnamed index)' : h)).join(', ')}. Map ${missing.length > 1 ? 'them' : 'it'} in schema.yaml's SOURCE_COLUMNS (e.g. "${absent[0]}: <the dataset's column>")`,
      { code: 'ERR_MISSING_COLUMNS' },
    );
  }
  const absentOptional: string[] = [];
  for (const [column, candidates] of Object.entries(optional)) {
    const found = candidates.find((c) => header.includes(c) && !Object.values(used).includes(c));
    if (found === undefined) absentOptional.push(column);
    else {
      used[column] = found;
      at[column] = header.indexOf(found);
    }
  }
  const read = new Set(Object.values(used));
  const ignored = header.filter((h) => !read.has(h)).map((h) => (h === '' ? '(unnamed index)' : h));
  return { used, at, absentOptional, ignored };
}
