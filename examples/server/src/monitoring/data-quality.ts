import type { QuarantineSummary } from '@msr/pipeline';

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

/** The admin's view of a quarantine summary: the file paths (`source`, `file`) stay on the server. */
export function dataQualityOf(summary: QuarantineSummary): DataQuality {
  return {
    policy: summary.policy,
    maxInvalidShare: summary.maxInvalidShare,
    rowsConsidered: summary.rowsConsidered,
    quarantined: summary.quarantined,
    share: summary.share,
    counts: Object.entries(summary.counts)
      .map(([code, rows]) => ({ code, rows }))
      .sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code)),
    at: summary.at,
  };
}
