import { FEATURE_RULES, type ColumnType, type FeatureName } from '@msr/core';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DataValidationConfig } from '../config/stage-configs.js';
import { parseCsv, type CsvTable } from '../csv/parse-csv.js';
import { checkCell } from '../dataset/check-cell.js';
import { CsvError } from '../errors/csv-error.js';
import { DataValidationError, type ValidationIssue, type ValidationReport } from '../errors/data-validation-error.js';
import { FileTransaction } from '../fs/file-transaction.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link DataValidation} needs from outside. */
export interface DataValidationDeps {
  /** The clock for the report's timestamp. @default Date.now */
  clock?: () => number;
}

/** What {@link DataValidation.run} found. */
export interface DataValidationResult {
  valid: boolean;
  statusFile: string;
  reportFile: string;
  report: ValidationReport;
}

/** At most this many issues are listed in a report (all are counted). */
export const MAX_LISTED_ISSUES = 1000;

/**
 * Stage 2: checks the songs base against `schema.yaml` — every column present and no other,
 * each cell of its declared type, the features in range (0–1 features, `key` an integer 0–11,
 * tempo > 0 …), no NaN or Infinity, no duplicate uri, only configured genres and none of them
 * empty — and writes the status file (`Validation status: True|False`, as the original) and a
 * JSON report with row numbers. It does not throw on invalid data: later stages refuse it with
 * {@link assertValidated}.
 */
export class DataValidation {
  readonly #config: DataValidationConfig;
  readonly #clock: () => number;

  constructor(config: DataValidationConfig, deps: DataValidationDeps = {}) {
    this.#config = config;
    this.#clock = deps.clock ?? Date.now;
  }

  /** Validates the songs base and writes the status and the report. */
  async run(options: StageRunOptions = {}): Promise<DataValidationResult> {
    const c = this.#config;
    let bytes: Buffer;
    try {
      bytes = await readFile(c.songsBasePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DataValidationError(c.songsBasePath, 'the songs base does not exist; run data ingestion first');
      throw error;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const found = collect();
    let rows = 0;
    try {
      const table = parseCsv(bytes.toString('utf8'), { file: c.songsBasePath });
      rows = table.rows.length;
      checkTable(table, c, found.add);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      found.add({ code: 'csv_syntax', line: error.location.line, ...(error.location.row === undefined ? {} : { row: error.location.row }), message: error.message });
    }
    const report: ValidationReport = { valid: found.total() === 0, file: c.songsBasePath, sha256, rows, issues: found.issues, counts: found.counts, at: this.#clock() };
    await FileTransaction.run(async (tx) => {
      await tx.write(c.reportFile, `${JSON.stringify(report, null, 2)}\n`);
      await tx.write(c.statusFile, `Validation status: ${report.valid ? 'True' : 'False'}\n`);
    });
    options.onLog?.(report.valid ? 'info' : 'warn', report.valid ? `songs base valid: ${rows} rows` : `songs base invalid: ${found.total()} issues`, { counts: report.counts });
    return { valid: report.valid, statusFile: c.statusFile, reportFile: c.reportFile, report };
  }
}

function collect(): { issues: ValidationIssue[]; counts: Record<string, number>; add: (issue: ValidationIssue) => void; total: () => number } {
  const issues: ValidationIssue[] = [];
  const counts: Record<string, number> = {};
  return {
    issues,
    counts,
    add: (issue) => {
      counts[issue.code] = (counts[issue.code] ?? 0) + 1;
      if (issues.length < MAX_LISTED_ISSUES) issues.push(issue);
    },
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

function checkTable(table: CsvTable, c: DataValidationConfig, add: (issue: ValidationIssue) => void): void {
  const declared = Object.entries(c.columns);
  for (const [name] of declared) if (!table.header.includes(name)) add({ code: 'missing_column', column: name, message: `the column "${name}" declared in schema.yaml is missing` });
  const optional = c.optionalColumns ?? {};
  for (const name of table.header) if (!(name in c.columns) && !(name in optional)) add({ code: 'extra_column', column: name, message: `the column "${name}" is not declared in schema.yaml` });
  const checks: { name: string; type: ColumnType; at: number; rule: (typeof FEATURE_RULES)[FeatureName] | undefined; optional: boolean }[] = declared
    .filter(([name]) => table.header.includes(name))
    .map(([name, type]) => ({ name, type, at: table.header.indexOf(name), rule: FEATURE_RULES[name as FeatureName], optional: false }));
  // Optional metadata columns: checked when filled, an empty cell is "unknown".
  for (const [name, type] of Object.entries(optional)) if (!(name in c.columns) && table.header.includes(name)) checks.push({ name, type, at: table.header.indexOf(name), rule: undefined, optional: true });
  const uriAt = table.header.indexOf('uri');
  const genreAt = table.header.indexOf(c.targetColumn);
  const firstRowOf = new Map<string, number>();
  const genres = new Set(c.genres);
  const perGenre = new Map<string, number>();
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const where = { row: r + 1, line: table.lines[r]! };
    for (const check of checks) {
      if (check.optional && row[check.at]!.trim() === '') continue;
      const problem = checkCell(row[check.at]!, check.type, check.rule);
      if (problem) add({ ...where, column: check.name, code: problem.code, message: problem.message });
    }
    if (uriAt !== -1) {
      const uri = row[uriAt]!;
      const first = firstRowOf.get(uri);
      if (first !== undefined) add({ ...where, column: 'uri', code: 'duplicate_uri', message: `uri ${uri} already appears in row ${first}` });
      else firstRowOf.set(uri, r + 1);
    }
    if (genreAt !== -1) {
      const genre = row[genreAt]!;
      perGenre.set(genre, (perGenre.get(genre) ?? 0) + 1);
      if (genre !== '' && !genres.has(genre)) add({ ...where, column: c.targetColumn, code: 'unknown_genre', message: `genre "${genre}" is not one of the genres trained on (config.yaml's list, --genres, or those chosen from the data)` });
    }
  }
  if (genreAt !== -1) {
    for (const genre of c.genres) if (!perGenre.has(genre)) add({ code: 'empty_genre', column: c.targetColumn, message: `the configured genre "${genre}" has no songs` });
  }
}

/**
 * Refuses to go on unless the songs base at `songsBasePath` passed validation: the status file
 * says `True` and the report is about this very file (same SHA-256).
 *
 * @throws {@link DataValidationError} with the report's issues (row numbers included).
 */
export async function assertValidated(songsBasePath: string, validation: { statusFile: string; reportFile: string }): Promise<ValidationReport> {
  let status: string;
  let report: ValidationReport;
  try {
    status = await readFile(validation.statusFile, 'utf8');
    report = JSON.parse(await readFile(validation.reportFile, 'utf8')) as ValidationReport;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DataValidationError(songsBasePath, `has not been validated (no ${validation.statusFile}); run data validation first`);
    throw error;
  }
  if (!/Validation status: True/.test(status) || !report.valid) throw new DataValidationError(songsBasePath, 'failed validation; fix the data and run validation again:', report);
  const sha256 = createHash('sha256')
    .update(await readFile(songsBasePath))
    .digest('hex');
  if (sha256 !== report.sha256) throw new DataValidationError(songsBasePath, 'changed since it was validated; run data validation again');
  return report;
}
