import { describe, expect, it } from 'vitest';
import { CsvError } from '../errors/csv-error.js';
import { formatCsv } from './format-csv.js';
import { parseCsv } from './parse-csv.js';

const errorOf = (fn: () => unknown): CsvError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
};

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and tracks lines', () => {
    const text = '\ufeff,uri,name\r\n0,a,"Hello, ""world"""\r\n1,b,"two\nlines"\n\n2,c,\n';
    const table = parseCsv(text, { file: 'x.csv' });
    expect(table.header).toEqual(['', 'uri', 'name']);
    expect(table.rows).toEqual([
      ['0', 'a', 'Hello, "world"'],
      ['1', 'b', 'two\nlines'],
      ['2', 'c', ''],
    ]);
    expect(table.lines).toEqual([2, 3, 6]);
  });

  it('accepts a last line without a newline, lone CR line ends and a trailing empty field', () => {
    expect(parseCsv('a,b\r1,\r2,3').rows).toEqual([
      ['1', ''],
      ['2', '3'],
    ]);
  });

  it('names file, line and row of a record with the wrong number of fields', () => {
    const error = errorOf(() => parseCsv('a,b,c\n1,2,3\n"x\ny",2,3\n4,5\n', { file: 'songs.csv' }));
    expect(error.location).toEqual({ file: 'songs.csv', line: 5, row: 3 });
    expect(error.message).toBe('songs.csv:5 (row 3): has 2 fields, the header has 3');
    expect(error.badInput).toBe(true);
  });

  it('reports an unterminated quote (a truncated file) at the line where it opened', () => {
    const error = errorOf(() => parseCsv('a,b\n1,2\n3,"never closed\n', { file: 't.csv' }));
    expect(error.location).toEqual({ file: 't.csv', line: 3, row: 2 });
    expect(error.message).toContain('unterminated quoted field');
  });

  it('refuses a stray quote and text after a closing quote', () => {
    expect(errorOf(() => parseCsv('a,b\n1,x"y\n')).message).toBe('<csv>:2 (row 1): a quote inside unquoted field 2 (quote the whole field and double the quote)');
    expect(errorOf(() => parseCsv('a,b\n"1"x,2\n')).message).toContain('unexpected text after a closing quote in field 1');
  });

  it('refuses an empty file', () => {
    expect(errorOf(() => parseCsv('', { file: 'e.csv' })).message).toBe('e.csv:1: is empty (no header line)');
  });

  it('round-trips what formatCsv writes, numbers bit for bit', () => {
    const rows = [
      ['a b', 'x,y', 0.1 + 0.2, -1.5e-7, true],
      [' lead', 'q"uote', 1e21, 0, false],
      ['multi\r\nline', '', 87.917, 11, true],
    ] as const;
    const text = formatCsv(['s', 't', 'n', 'm', 'b'], rows);
    const back = parseCsv(text);
    expect(back.rows).toEqual(rows.map((r) => r.map(String)));
    expect(Number(back.rows[0]![2])).toBe(0.1 + 0.2);
  });
});
