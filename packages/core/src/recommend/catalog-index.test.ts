import { describe, expect, it } from 'vitest';
import { findRecording, findUri, indexRecordings } from './catalog-index.js';

describe('catalog index', () => {
  const d = 3;
  const raw = Float32Array.from([1, 2, 3, 4, 5, 6, 1, 2, 3, -0, 0, 0, 4, 5, 6, 0, 0, 0]);

  it('groups bit-identical rows into recordings, keyed by the first row', () => {
    const index = indexRecordings(raw, 6, d);
    expect(Array.from(index.recording)).toEqual([0, 1, 0, 3, 1, 5]); // −0 and 0 differ in bits
    expect(findRecording(index, raw, Float32Array.from([4, 5, 6]), d)).toBe(1);
    expect(findRecording(index, raw, Float32Array.from([4, 5, 7]), d)).toBe(-1);
  });

  it('finds every row even when many share one hash bucket', () => {
    // 5,000 distinct rows and their repeats: chains get long enough to exercise the walk.
    const n = 10_000;
    const rows = new Float32Array(n * d);
    for (let j = 0; j < n; j++) rows.set([j % 5000, (j % 5000) * 0.5, 1], j * d);
    const index = indexRecordings(rows, n, d);
    for (let j = 0; j < n; j++) expect(index.recording[j]).toBe(j % 5000);
  });

  it('binary-searches sorted uris', () => {
    const uris = ['a', 'b', 'd', 'x'];
    expect(uris.map((u) => findUri(uris, u))).toEqual([0, 1, 2, 3]);
    expect(findUri(uris, 'c')).toBe(-1);
    expect(findUri([], 'c')).toBe(-1);
  });
});
