/**
 * Lookups over a catalog without per-call allocation: uris by binary search (catalogs are
 * sorted by uri), and recordings — songs whose raw features are bit-identical, which in the
 * Kaggle data are the same recording re-released under several track ids (a third of the rows).
 */

/** Recording structure of a catalog, built once when the catalog is loaded. */
export interface RecordingIndex {
  /** For each song, the index of the first song (lowest index) with identical features. */
  readonly recording: Int32Array;
  /** Feature hash → first song with that hash; `next` chains songs sharing a hash. */
  readonly heads: Map<number, number>;
  readonly next: Int32Array;
}

/** FNV-1a over the float32 bits of one row. */
export function hashRow(raw: Float32Array, offset: number, d: number): number {
  const bits = new Uint32Array(raw.buffer, raw.byteOffset + offset * 4, d);
  let h = 0x811c9dc5;
  for (let f = 0; f < d; f++) {
    let x = bits[f]!;
    for (let b = 0; b < 4; b++) {
      h ^= x & 255;
      h = Math.imul(h, 0x01000193);
      x >>>= 8;
    }
  }
  return h >>> 0;
}

function sameRow(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): boolean {
  for (let f = 0; f < d; f++) if (!Object.is(a[ao + f], b[bo + f])) return false;
  return true;
}

/** Groups the `n` rows of `raw` (row-major, `d` wide) into recordings. */
export function indexRecordings(raw: Float32Array, n: number, d: number): RecordingIndex {
  const recording = new Int32Array(n);
  const next = new Int32Array(n).fill(-1);
  const heads = new Map<number, number>();
  for (let j = 0; j < n; j++) {
    const h = hashRow(raw, j * d, d);
    let k = heads.get(h);
    recording[j] = j;
    if (k === undefined) {
      heads.set(h, j);
      continue;
    }
    // Walk the chain to its end; the first identical row is the recording.
    let last = k;
    for (; k !== -1; last = k, k = next[k]!) {
      if (recording[j] === j && sameRow(raw, k * d, raw, j * d, d)) recording[j] = recording[k]!;
    }
    next[last] = j;
  }
  return { recording, heads, next };
}

/** The recording (first song index) with exactly these raw features, or -1. `hash` saves rehashing one row for several catalogs. */
export function findRecording(index: RecordingIndex, raw: Float32Array, features: Float32Array, d: number, hash = hashRow(features, 0, d)): number {
  for (let k = index.heads.get(hash) ?? -1; k !== -1; k = index.next[k]!) {
    if (sameRow(raw, k * d, features, 0, d)) return index.recording[k]!;
  }
  return -1;
}

/** Index of `uri` in sorted `uris`, or -1. */
export function findUri(uris: readonly string[], uri: string): number {
  let lo = 0;
  let hi = uris.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = uris[mid]!;
    if (value === uri) return mid;
    if (value < uri) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
