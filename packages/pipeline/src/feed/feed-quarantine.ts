import { basename, dirname, extname, join } from 'node:path';
import { formatCsv } from '../csv/format-csv.js';
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
