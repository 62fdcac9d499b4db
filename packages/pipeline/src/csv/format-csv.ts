/** A value a CSV cell can be written from. */
export type CsvCell = string | number | boolean;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Formats one cell: numbers with JavaScript's shortest round-trip form (so a value read back is
 * bit-identical), text quoted only when it holds a comma, quote, line break or edge spaces.
 */
export function formatCsvCell(value: CsvCell): string {
  if (typeof value !== 'string') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Formats a header and records as RFC 4180 CSV with `\n` line ends and a final newline; the
 * inverse of {@link parseCsv}.
 *
 * @example
 * ```ts
 * formatCsv(['uri', 'name'], [['abc', 'Hello, world']]); // 'uri,name\nabc,"Hello, world"\n'
 * ```
 */
export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const parts: string[] = [header.map(formatCsvCell).join(',')];
  for (const row of rows) parts.push(row.map(formatCsvCell).join(','));
  return `${parts.join('\n')}\n`;
}
