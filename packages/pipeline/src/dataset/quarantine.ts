import { z } from 'zod';
import { formatCsv } from '../csv/format-csv.js';
import { readJsonFile } from '../util/read-json.js';
import type { QuarantinedRow } from './extract-songs.js';

/** How invalid dataset rows are handled: set the rows aside, or refuse the dataset. */
export const VALIDATION_POLICIES = ['quarantine', 'fail'] as const;

/** A validation policy (`config.yaml` → `data_validation.policy`, `--on-invalid`). */
export type ValidationPolicy = (typeof VALIDATION_POLICIES)[number];

/** The default largest share of invalid rows a run accepts (1%). */
export const DEFAULT_MAX_INVALID_SHARE = 0.01;

/** What the ingestion set aside, written beside the quarantine file and shown by `msr status`. */
export const quarantineSummarySchema = z.object({
  /** The dataset read. */
  source: z.string(),
  /** The policy applied. */
  policy: z.enum(VALIDATION_POLICIES),
  /** The largest share accepted. */
  maxInvalidShare: z.number(),
  /** Rows of the kept genres (the share's denominator). */
  rowsConsidered: z.number().int(),
  /** Rows set aside. */
  quarantined: z.number().int(),
  /** `quarantined / rowsConsidered`. */
  share: z.number(),
  /** Rows set aside per problem code (a row with two problems counts under both). */
  counts: z.record(z.string(), z.number().int()),
  /** The quarantine CSV. */
  file: z.string(),
  /** ms since the epoch. */
  at: z.number(),
});

/** What the ingestion set aside (`quarantine.json`). */
export type QuarantineSummary = z.infer<typeof quarantineSummarySchema>;

/** Counts the quarantined rows per problem code. */
export function countProblems(rows: readonly QuarantinedRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) for (const code of new Set(row.problems.map((p) => p.code))) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/**
 * The quarantine CSV: `_row, _line, _column, _code, _reason` (problems of one row joined with
 * `; `), then the row's cells under the dataset's own header, so a fixed row can be pasted back.
 */
export function formatQuarantine(header: readonly string[], rows: readonly QuarantinedRow[]): string {
  return formatCsv(
    ['_row', '_line', '_column', '_code', '_reason', ...header],
    rows.map((r) => [r.row, r.line, r.problems.map((p) => p.column).join('; '), r.problems.map((p) => p.code).join('; '), r.problems.map((p) => `${p.column}: ${p.reason}`).join('; '), ...r.cells]),
  );
}

/** The first `max` quarantined rows, one a line, for messages. */
export function describeQuarantined(rows: readonly QuarantinedRow[], max = 10): string {
  const lines = rows.slice(0, max).map((r) => `  row ${r.row} (line ${r.line}): ${r.problems.map((p) => `${p.column} ${p.reason}`).join('; ')}`);
  if (rows.length > max) lines.push(`  … and ${rows.length - max} more`);
  return lines.join('\n');
}

/** Reads a quarantine summary, or `undefined` when there is none. */
export async function readQuarantineSummary(path: string): Promise<QuarantineSummary | undefined> {
  try {
    return await readJsonFile(path, quarantineSummarySchema);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MISSING_INPUT') return undefined;
    throw error;
  }
}
