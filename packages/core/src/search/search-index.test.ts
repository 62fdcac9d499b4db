import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize-text.js';
import { entryAt, lowerBound, type SearchIndex } from './search-index.js';

describe('lowerBound', () => {
  // Entries in entry order; `sorted` lists them in code-unit order: apple, banana, banana split, cherry.
  const index = { entries: ['banana', 'cherry', 'apple', 'banana split'], sorted: Int32Array.from([2, 0, 3, 1]) } as unknown as SearchIndex;

  it.each([
    ['', 0],
    ['a', 0],
    ['apple', 0],
    ['applf', 1],
    ['b', 1],
    ['banana', 1],
    ['banana ', 2],
    ['c', 3],
    ['cherry', 3],
    ['cherryx', 4],
    ['z', 4],
  ])('puts %j at sorted position %d (the first entry ≥ it)', (q, at) => {
    expect(lowerBound(index, q)).toBe(at);
  });
});

describe('entryAt', () => {
  // "ab\0cde\0f\0": entries start at 0, 3 and 7.
  const starts = Int32Array.from([0, 3, 7]);

  it.each([
    [0, 0],
    [2, 0],
    [3, 1],
    [6, 1],
    [7, 2],
    [8, 2],
  ])('finds offset %d in entry %d', (at, entry) => {
    expect(entryAt(starts, at)).toBe(entry);
  });

  it('handles a single entry', () => {
    expect(entryAt(Int32Array.from([0]), 5)).toBe(0);
  });
});

describe('normalizeText', () => {
  it.each([
    ['ABC Def', 'abc def'],
    // NFKD then combining marks dropped: accents go, ligatures and full-width letters become ASCII.
    ['Beyoncé', 'beyonce'],
    ['BEYONCÉ', 'beyonce'],
    ['e\u0301', 'e'],
    ['ﬁne', 'fine'],
    ['Ｆｕｌｌ', 'full'],
    ['Ørjan', 'ørjan'],
    // ASCII, control characters included, is only lower-cased.
    ['A\u0000B\u007f', 'a\u0000b\u007f'],
  ])('folds %j to %j', (text, folded) => {
    expect(normalizeText(text)).toBe(folded);
  });
});
