import { basename } from 'node:path';
import type { FeedQuarantineFile, QuarantineSummary } from '@msr/pipeline';
import { withoutServerPaths } from '../http/redact-paths.js';

/** What the last ingestion set aside, as admins see it (issue 18): counts, no server paths. */
export interface DataQuality {
  /** `quarantine` (invalid rows set aside) or `fail` (a run with one fails). */
  policy: QuarantineSummary['policy'];
  /** The largest share of invalid rows a run accepts. */
  maxInvalidShare: number;
  /** Rows of the kept genres. */
  rowsConsidered: number;
  /** Rows set aside. */
  quarantined: number;
  share: number;
  /** Rows set aside per problem code, most first. */
  counts: { code: string; rows: number }[];
  /** When the ingestion ran, ms since the epoch. */
  at: number;
}

/** What the last feed set aside (its quarantine CSV), as admins see it: counts and the newest rows, no server paths. */
export interface FeedQuality {
  /** When the last feed ran (wrote the file), ms since the epoch. */
  at: number;
  /** Rows set aside. */
  quarantined: number;
  /** Rows set aside per problem code, most first. */
  counts: { code: string; rows: number }[];
  /** The last rows the feed read and set aside, newest first: the file by name, its row, the field and the reason. */
  newest: { file: string; row: number | null; field: string; reason: string }[];
}

/** How many of the feed's set-aside rows the monitoring page lists. */
export const FEED_ROWS_SHOWN = 5;

/**
 * The admin's view of the feed's quarantine file: the rows it lists are the last feed's, in the
 * order it read them, so the newest are the last ones. File names only, and reasons without
 * server paths (a CSV reader's message may name the file).
 */
export function feedQualityOf(read: FeedQuarantineFile, shown = FEED_ROWS_SHOWN): FeedQuality {
  const counts = new Map<string, number>();
  for (const r of read.rows) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return {
    at: read.at,
    quarantined: read.rows.length,
    counts: mostFirst(counts),
    newest: read.rows
      .slice(-shown)
      .reverse()
      .map((r) => ({ file: r.source === '' ? '' : basename(r.source), row: r.line ?? null, field: r.column, reason: withoutServerPaths(r.reason) })),
  };
}

/** The admin's view of a quarantine summary: the file paths (`source`, `file`) stay on the server. */
export function dataQualityOf(summary: QuarantineSummary): DataQuality {
  return {
    policy: summary.policy,
    maxInvalidShare: summary.maxInvalidShare,
    rowsConsidered: summary.rowsConsidered,
    quarantined: summary.quarantined,
    share: summary.share,
    counts: mostFirst(Object.entries(summary.counts)),
    at: summary.at,
  };
}

/** Rows per problem code, most first (ties by code). */
function mostFirst(counts: Iterable<[string, number]>): { code: string; rows: number }[] {
  return [...counts].map(([code, rows]) => ({ code, rows })).sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code));
}
