import { CsvError } from '../errors/csv-error.js';

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /**
   * The name to report problems under.
   * @default '<csv>'
   */
  file?: string;
}

/** A parsed CSV file: its header and its records, every cell a string. */
export interface CsvTable {
  /** The first record. An unnamed column (pandas' index) is `''`. */
  header: string[];
  /** The data records, each with exactly `header.length` cells. */
  rows: string[][];
  /** The 1-based line each record of `rows` starts on (records may span lines). */
  lines: number[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally double-quoted, `""` for a quote
 * inside a quoted field, commas and line breaks allowed inside quotes, `\n`, `\r\n` or `\r`
 * line ends, an optional UTF-8 BOM. Blank lines are skipped. Strict where a lenient reader
 * would guess: a quote inside an unquoted field, text after a closing quote, an unterminated
 * quote (a truncated file) or a record whose field count differs from the header's throw a
 * {@link CsvError} naming the file, line and row.
 *
 * @example
 * ```ts
 * const { header, rows } = parseCsv('uri,genre\nabc,rock\n', { file: 'song_df.csv' });
 * // header = ['uri', 'genre'], rows = [['abc', 'rock']]
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const file = options.file ?? '<csv>';
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let recordLine = 1;

  const endRecord = (): void => {
    // A line with nothing on it is one empty field: a blank line, skipped.
    if (!(record.length === 1 && record[0] === '')) {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
  };

  while (i <= n) {
    if (record.length === 0) recordLine = line;
    if (i === n) {
      // End of input after a separator or on an unterminated last line.
      if (record.length > 0) {
        record.push('');
        endRecord();
      }
      break;
    }
    let c = text.charCodeAt(i);
    let value: string;
    if (c === QUOTE) {
      const startLine = line;
      let out = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          throw new CsvError({ file, line: startLine, row: rowOf(records) }, 'unterminated quoted field (is the file truncated?)');
        }
        for (let k = j; k < q; k++) if (text.charCodeAt(k) === LF || (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) !== LF)) line++;
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += text.slice(from, q + 1);
          from = q + 2;
          j = from;
          continue;
        }
        out += text.slice(from, q);
        i = q + 1;
        break;
      }
      value = out;
      c = i < n ? text.charCodeAt(i) : -1;
      if (c !== COMMA && c !== LF && c !== CR && c !== -1) {
        throw new CsvError({ file, line, row: rowOf(records) }, `unexpected text after a closing quote in field ${record.length + 1}`);
      }
    } else {
      const start = i;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) {
          throw new CsvError({ file, line, row: rowOf(records) }, `a quote inside unquoted field ${record.length + 1} (quote the whole field and double the quote)`);
        }
        i++;
      }
      value = text.slice(start, i);
      c = i < n ? c : -1;
    }
    record.push(value);
    if (c === COMMA) {
      i++;
    } else {
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      else i = n + 1; // end of input
      endRecord();
      line++;
    }
  }

  const header = records.shift();
  const firstLine = lines.shift();
  if (header === undefined || firstLine === undefined) throw new CsvError({ file, line: 1 }, 'is empty (no header line)');
  for (let r = 0; r < records.length; r++) {
    const fields = records[r]!.length;
    if (fields !== header.length) {
      throw new CsvError({ file, line: lines[r]!, row: r + 1 }, `has ${fields} fields, the header has ${header.length}`);
    }
  }
  return { header, rows: records, lines };
}

/** The 1-based data row being read, given the records completed so far (the header is row 0). */
function rowOf(records: readonly unknown[]): number | undefined {
  return records.length === 0 ? undefined : records.length;
}
