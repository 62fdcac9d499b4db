import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedQuarantinePath, formatFeedQuarantine, readFeedQuarantine, readFeedQuarantineRows } from './feed-quarantine.js';

describe('the feed quarantine file', () => {
  it('sits beside the ingestion quarantine, named after it', () => {
    expect(feedQuarantinePath('/r/data/quarantine.csv')).toBe('/r/data/quarantine-feed.csv');
    expect(feedQuarantinePath('/r/data/bad-rows')).toBe('/r/data/bad-rows-feed.csv');
    expect(feedQuarantinePath('/r/q.txt')).toBe('/r/q-feed.txt');
  });

  it('lists source, line, column, code, reason and uri; a bad id leaves the uri empty', () => {
    expect(
      formatFeedQuarantine([
        { uri: 'a.csv:3', reason: 'uri: bad', file: 'a.csv', line: 3, code: 'invalid_row' },
        { uri: 'X1', reason: 'energy: big', file: 'a.csv', line: 4, column: 'energy', code: 'out_of_range' },
        { uri: 'X2', reason: 'odd, with a comma' },
      ]),
    ).toBe('_source,_line,_column,_code,_reason,uri\na.csv,3,,invalid_row,uri: bad,\na.csv,4,energy,out_of_range,energy: big,X1\n,,,invalid_value,"odd, with a comma",X2\n');
    expect(formatFeedQuarantine([])).toBe('_source,_line,_column,_code,_reason,uri\n');
  });
});

describe('reading the feed quarantine file back', () => {
  it('gives each row with its source, line, column, code and reason, and counts per code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msr-feed-quarantine-'));
    try {
      const path = join(dir, 'quarantine-feed.csv');
      expect(await readFeedQuarantineRows(path)).toBeUndefined();
      await writeFile(path, formatFeedQuarantine([
        { uri: 'a.csv:3', reason: 'uri: bad', file: 'a.csv', line: 3, code: 'invalid_row' },
        { uri: 'X1', reason: 'energy: big, too', file: 'a.csv', line: 4, column: 'energy', code: 'out_of_range' },
        { uri: 'X2', reason: 'odd' },
      ]));
      const read = await readFeedQuarantineRows(path);
      expect(read?.rows).toEqual([
        { source: 'a.csv', line: 3, column: '', code: 'invalid_row', reason: 'uri: bad', uri: '' },
        { source: 'a.csv', line: 4, column: 'energy', code: 'out_of_range', reason: 'energy: big, too', uri: 'X1' },
        { source: '', line: undefined, column: '', code: 'invalid_value', reason: 'odd', uri: 'X2' },
      ]);
      expect(read?.at).toBe((await stat(path)).mtimeMs);
      expect(await readFeedQuarantine(path)).toEqual({ file: path, rows: 3, counts: { invalid_row: 1, out_of_range: 1, invalid_value: 1 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
