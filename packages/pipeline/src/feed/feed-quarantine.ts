import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { formatCsv } from '../csv/format-csv.js';
import { parseCsv } from '../csv/parse-csv.js';
import type { InvalidFeedRow } from './feed-source.js';

/**
 * Where the feed sets its invalid rows aside: beside the ingestion's quarantine file, named after
 * it with `-feed` (`data/quarantine.csv` → `data/quarantine-feed.csv`). A file of its own, since
 * the ingestion's lists the dataset's rows under the dataset's header and describes the last
 * ingestion; this one describes the last feed.
 */
export function feedQuarantinePath(quarantineFile: string): string {
  return join(dirname(quarantineFile), `${basename(quarantineFile, extname(quarantineFile))}-feed${extname(quarantineFile) || '.csv'}`);
}

/**
 * The feed's quarantine CSV: `_source, _line, _column, _code, _reason, uri` — the file the row
 * came from (empty for a source without files), its line, the field at fault, the problem code
 * (as the ingestion's: `out_of_range`, `wrong_type`, `missing_value`; `invalid_row` for a row the
 * CSV reader refused), the reason, and the song's uri (empty when the id itself was bad).
 */
export function formatFeedQuarantine(rows: readonly InvalidFeedRow[]): string {
  return formatCsv(
    ['_source', '_line', '_column', '_code', '_reason', 'uri'],
    rows.map((r) => {
      const badId = r.file !== undefined && r.uri === `${r.file}:${r.line}`;
      return [r.file ?? '', r.line ?? '', r.column ?? '', r.code ?? 'invalid_value', r.reason, badId ? '' : r.uri];
    }),
  );
}

/** What the last feed set aside, as `msr status` shows it. */
export interface FeedQuarantineCounts {
  /** The feed's quarantine CSV. */
  file: string;
  /** Rows set aside. */
  rows: number;
  /** Rows set aside per problem code (`_code`). */
  counts: Record<string, number>;
}

/** One row the last feed set aside, as its quarantine CSV holds it. */
export interface FeedQuarantineRow {
  /** The file it came from, by name (`''` for a source without files). */
  source: string;
  /** Its 1-based line in that file, when known. */
  line: number | undefined;
  /** The field at fault (`''` when not known). */
  column: string;
  /** The problem code (`invalid_value` when the file has none). */
  code: string;
  reason: string;
  /** The song's uri (`''` when the id itself was bad). */
  uri: string;
}

/** The feed's quarantine CSV as read: its rows in the order the feed read them, and when the feed wrote it. */
export interface FeedQuarantineFile {
  file: string;
  /** When the last feed wrote it, ms since the epoch. */
  at: number;
  rows: FeedQuarantineRow[];
}

/** Reads the feed's quarantine CSV, or `undefined` when no feed wrote one. */
export async function readFeedQuarantineRows(path: string): Promise<FeedQuarantineFile | undefined> {
  let text: string;
  let at: number;
  try {
    [text, at] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { header, rows } = parseCsv(text, { file: path });
  const cell = (row: readonly string[], name: string): string => {
    const i = header.indexOf(name);
    return i < 0 ? '' : (row[i] ?? '');
  };
  return {
    file: path,
    at,
    rows: rows.map((row) => {
      const line = Number.parseInt(cell(row, '_line'), 10);
      return { source: cell(row, '_source'), line: Number.isInteger(line) ? line : undefined, column: cell(row, '_column'), code: cell(row, '_code') || 'invalid_value', reason: cell(row, '_reason'), uri: cell(row, 'uri') };
    }),
  };
}

/** Reads the feed's quarantine CSV and counts its rows per code, or `undefined` when no feed wrote one. */
export async function readFeedQuarantine(path: string): Promise<FeedQuarantineCounts | undefined> {
  const read = await readFeedQuarantineRows(path);
  if (!read) return undefined;
  const counts: Record<string, number> = {};
  for (const row of read.rows) counts[row.code] = (counts[row.code] ?? 0) + 1;
  return { file: path, rows: read.rows.length, counts };
}
