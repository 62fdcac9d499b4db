import { describe, expect, it } from 'vitest';
import { findRecording, findUri, hashRow, indexRecordings } from './catalog-index.js';

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
  it('hashes a row by FNV-1a over its float32 bits, little-endian bytes in order', () => {
    // Expected values from FNV-1a's definition (offset basis 0x811c9dc5, prime 0x01000193),
    // computed outside msr: no bytes, the bytes 04 03 02 01 61 62 63 64, and the floats 1, −2.5.
    expect(hashRow(new Float32Array(0), 0, 0)).toBe(0x811c9dc5);
    const bytes = new Float32Array(new Uint32Array([0x01020304, 0x64636261]).buffer);
    expect(hashRow(bytes, 0, 2)).toBe(0xd2dccdcd);
    const rows = Float32Array.from([9, 9, 1, -2.5]);
    expect(hashRow(rows, 2, 2)).toBe(0x787d66f8); // the second row, by its offset
    expect(hashRow(rows.subarray(2), 0, 2)).toBe(0x787d66f8); // a view's own offset counts too
  });

  it('tells apart distinct rows that share a hash', () => {
    // Two float32 rows whose FNV-1a hashes are both 0xc5dd502d (found by a search outside msr).
    const a = [0.03363863751292229, 0.36344701051712036];
    const b = [0.6778571605682373, 0.9099413156509399];
    const rows = Float32Array.from([...a, ...b, ...b, ...a]);
    expect(hashRow(rows, 0, 2)).toBe(0xc5dd502d);
    expect(hashRow(rows, 2, 2)).toBe(0xc5dd502d);
    const index = indexRecordings(rows, 4, 2);
    expect(Array.from(index.recording)).toEqual([0, 1, 1, 0]);
    expect([...index.heads]).toEqual([[0xc5dd502d, 0]]);
    expect(Array.from(index.next)).toEqual([1, 2, 3, -1]);
    expect(findRecording(index, rows, Float32Array.from(a), 2)).toBe(0);
    expect(findRecording(index, rows, Float32Array.from(b), 2)).toBe(1);
    // A row of another hash, and a hash given for a row that has none here.
    expect(findRecording(index, rows, Float32Array.from([0, 0]), 2)).toBe(-1);
    expect(findRecording(index, rows, Float32Array.from(b), 2, 12345)).toBe(-1);
    expect(findRecording(index, rows, Float32Array.from(b), 2, 0xc5dd502d)).toBe(1);
  });

  it('treats NaN rows with the same bits as one recording', () => {
    const rows = Float32Array.from([Number.NaN, 1, Number.NaN, 1, Number.NaN, 2]);
    expect(Array.from(indexRecordings(rows, 3, 2).recording)).toEqual([0, 0, 2]);
  });

  it('binary-searches the first, last and missing ends of a long list', () => {
    const uris = Array.from({ length: 100 }, (_, i) => `u${String(i).padStart(3, '0')}`);
    expect(uris.map((u) => findUri(uris, u))).toEqual(uris.map((_, i) => i));
    for (const missing of ['a', 'u0005', 'u050x', 'z']) expect(findUri(uris, missing)).toBe(-1);
    expect(findUri(['only'], 'only')).toBe(0);
    expect(findUri(['only'], 'other')).toBe(-1);
  });
});
