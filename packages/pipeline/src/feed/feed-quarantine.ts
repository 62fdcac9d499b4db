import { readFile } from 'node:fs/promises';
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

/** Reads the feed's quarantine CSV and counts its rows per code, or `undefined` when no feed wrote one. */
export async function readFeedQuarantine(path: string): Promise<FeedQuarantineCounts | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { header, rows } = parseCsv(text, { file: path });
  const code = header.indexOf('_code');
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const key = (code < 0 ? '' : row[code]) || 'invalid_value';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { file: path, rows: rows.length, counts };
}
