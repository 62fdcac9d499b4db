import { MsrError } from '../errors/msr-error.js';

/** One problem found in a configuration file. */
export interface ConfigIssue {
  /** The file the problem is in (as given to the parser). */
  file: string;
  /** Key path inside the file, e.g. `['GaussianMixture', 'n_components', 3]`. Empty for the whole file. */
  path: (string | number)[];
  /** 1-based line of the offending value (or of its nearest existing parent for a missing key). */
  line?: number;
  /** 1-based column, with `line`. */
  column?: number;
  /** What is wrong, for people. */
  message: string;
  /** Machine-readable kind: `yaml_syntax`, or zod's issue code (`invalid_type`, `too_small`, `unrecognized_keys`, …). */
  code: string;
}

/** The outcome of parsing a configuration file: the typed value, or every problem found. */
export type ConfigResult<T> = { ok: true; value: T } | { ok: false; issues: ConfigIssue[] };

/** Formats one issue as `file:line:column key.path: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const key = issue.path.length > 0 ? ` ${formatPath(issue.path)}:` : '';
  return `${where}${key} ${issue.message}`;
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Thrown by loaders that want an exception rather than a result; carries every issue. */
export class ConfigError extends MsrError {
  override readonly name = 'ConfigError';
  /** Every problem found, in file order. */
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    const files = [...new Set(issues.map((i) => i.file))].join(', ');
    super('ERR_INVALID_CONFIG', `invalid configuration in ${files}:\n${issues.map((i) => `  ${formatConfigIssue(i)}`).join('\n')}`);
    this.issues = issues;
  }
}
