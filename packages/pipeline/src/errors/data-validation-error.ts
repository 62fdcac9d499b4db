import { PipelineError } from './pipeline-error.js';

/** One problem found in the songs base. */
export interface ValidationIssue {
  /** Machine-readable kind: `missing_column`, `extra_column`, `missing_value`, `wrong_type`, `out_of_range`, `duplicate_uri`, `unknown_genre`, `empty_genre`, `csv_syntax`. */
  code: string;
  /** 1-based data row (the header is row 0). */
  row?: number;
  /** 1-based line in the file. */
  line?: number;
  /** The column concerned. */
  column?: string;
  /** What is wrong, for people. */
  message: string;
}

/** The outcome of validating a songs base; written as the validation report. */
export interface ValidationReport {
  /** True when no issue was found. */
  valid: boolean;
  /** The file validated. */
  file: string;
  /** SHA-256 of the file validated, so a later stage can tell the report is about this file. */
  sha256: string;
  /** Data rows read. */
  rows: number;
  /** Issues found, in row order, at most `maxIssues` of them. */
  issues: ValidationIssue[];
  /** How many issues of each code were found in all (also those not listed). */
  counts: Record<string, number>;
  /** When (ms since the epoch). */
  at: number;
}

/** Formats the first issues of a report, one a line. */
export function formatValidationReport(report: ValidationReport, max = 10): string {
  const lines = report.issues.slice(0, max).map((i) => `  ${i.row === undefined ? '' : `row ${i.row} (line ${i.line}) `}${i.column === undefined ? '' : `${i.column}: `}${i.message}`);
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  if (total > lines.length) lines.push(`  … ${total - lines.length} more (${Object.entries(report.counts).map(([k, v]) => `${k}: ${v}`).join(', ')})`);
  return lines.join('\n');
}

/**
 * The songs base did not pass validation (or was not validated), so a stage refuses to use it.
 * `report` holds every issue with its row number.
 */
export class DataValidationError extends PipelineError {
  override readonly name = 'DataValidationError';
  /** The validation report, when there is one. */
  readonly report: ValidationReport | undefined;

  constructor(file: string, message: string, report?: ValidationReport) {
    super('ERR_INVALID_DATA', `${file}: ${message}${report && !report.valid ? `\n${formatValidationReport(report)}` : ''}`, { badInput: true });
    this.report = report;
  }
}
