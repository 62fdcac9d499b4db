import { describe, expect, it } from 'vitest';
import { feedQuarantinePath, formatFeedQuarantine } from './feed-quarantine.js';

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
