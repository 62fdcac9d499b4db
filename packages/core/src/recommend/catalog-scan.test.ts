import { describe, expect, it } from 'vitest';
import { createPrng, type Prng } from '../random/prng.js';
import { catalogScanIndex, scanCatalog } from './catalog-scan.js';
import { RecordingMarks } from './serving-index.js';
import { TopK } from './top-k.js';

/** A catalog as the scan sees it: scaled rows, each row's recording (first identical row) and the rows excluded. */
interface Case {
  name: string;
  d: number;
  scaled: Float64Array;
  recording: Int32Array;
  excluded: number[];
  centres: Float64Array[];
}

/**
 * What the scan must leave in a heap of `capacity`: every kept, non-excluded row scored in
 * catalog order with d² summed feature by feature, sorted by score (ties: lower row) — no
 * bound, no heap.
 */
function bruteForce(c: Case, centre: Float64Array, offset: number, inv2h2: number, capacity: number): [number, number][] {
  const { d, scaled, recording } = c;
  const out: [number, number][] = [];
  for (let j = 0; j < recording.length; j++) {
    if (recording[j] !== j || c.excluded.includes(j)) continue;
    let d2 = 0;
    for (let f = 0; f < d; f++) {
      const diff = scaled[j * d + f]! - centre[f]!;
      d2 += diff * diff;
    }
    out.push([offset - d2 * inv2h2, j]);
  }
  return out.sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, capacity);
}

function scanned(c: Case, centre: Float64Array, offset: number, inv2h2: number, capacity: number): [number, number][] {
  const size = c.recording.length;
  const index = catalogScanIndex(c.scaled, size, c.d, c.recording);
  const excluded = new RecordingMarks(size);
  excluded.clear();
  for (const j of c.excluded) excluded.add(j);
  const top = new TopK(capacity);
  // The recording ids are the rows themselves here.
  scanCatalog(index, centre, offset, inv2h2, c.recording, excluded, top);
  const rows = new Int32Array(capacity);
  const scores = new Float64Array(capacity);
  const n = top.drain(rows, scores);
  return Array.from({ length: n }, (_, k) => [scores[k]!, rows[k]!]);
}

/** `n` rows around `scale × N(0, 1)`, every fourth a re-release of an earlier row, one in twenty excluded. */
function gaussianCase(rng: Prng, n: number, d: number, scale: number): Case {
  const scaled = new Float64Array(n * d);
  const recording = new Int32Array(n);
  const excluded: number[] = [];
  for (let j = 0; j < n; j++) {
    recording[j] = j;
    if (j > 0 && j % 4 === 0) {
      const earlier = rng.int(j);
      scaled.copyWithin(j * d, earlier * d, (earlier + 1) * d);
      recording[j] = recording[earlier]!;
    } else for (let f = 0; f < d; f++) scaled[j * d + f] = scale * gaussian(rng);
    if (j % 20 === 7) excluded.push(recording[j]!);
  }
  const row = (j: number) => scaled.slice(j * d, (j + 1) * d);
  const mean = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let f = 0; f < d; f++) mean[f]! += scaled[j * d + f]! / n;
  const random = (spread: number) => Float64Array.from({ length: d }, () => spread * scale * gaussian(rng));
  return { name: `gaussian ×${scale}`, d, scaled, recording, excluded, centres: [row(3), mean, random(0.5), random(1), random(10)] };
}

function gaussian(rng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

describe('scanCatalog', () => {
  const rng = createPrng(11);
  const cases: Case[] = [
    ...[0.01, 1, 100].map((scale) => gaussianCase(rng, 600, 9, scale)),
    (() => {
      // The integer lattice of [−3, 3]³ around lattice centres: many songs at exactly the same
      // distance, so the heap's limit falls between equal scores and the row decides.
      const points: number[] = [];
      for (let x = -3; x <= 3; x++) for (let y = -3; y <= 3; y++) for (let z = -3; z <= 3; z++) points.push(x, y, z);
      const n = points.length / 3;
      return { name: 'lattice ties', d: 3, scaled: Float64Array.from(points), recording: Int32Array.from({ length: n }, (_, j) => j), excluded: [5, 100], centres: [[0, 0, 0], [1, 0, 0], [3, 3, 3], [0.5, 0.5, 0], [9, 0, 0]].map((c) => Float64Array.from(c)) };
    })(),
    ...[1e7, 1e12].map((far): Case => {
      // Songs on one line through the mean, far from it, the centre among them: the bound
      // |‖x − μ‖ − ‖c − μ‖| is the distance itself (tight), taken from large radii.
      const near = Array.from({ length: 40 }, (_, j) => [j % 2 === 0 ? 0.001 * j : -0.001 * j, 0]);
      const line = Array.from({ length: 80 }, (_, j) => [far + 0.37 * j - 15, 0.25 * (j % 3)]);
      const points = [...near, ...line].flat();
      const n = points.length / 2;
      const centres = [[far, 0], [far + 3.1, 0.1], [far - 20, 0], [-far, 0], [0, 0]].map((c) => Float64Array.from(c));
      return { name: `collinear, ${far} away`, d: 2, scaled: Float64Array.from(points), recording: Int32Array.from({ length: n }, (_, j) => j), excluded: [], centres };
    }),
    ...[1e7, 1e9].map((far): Case => {
      // Near ties on both sides of a far centre, on the line through the mean: distances a few
      // units in the last place of the radii apart, where the bound's rounding is as large as
      // the gaps between songs.
      const ulp = far * 2 ** -52;
      // The other songs on the far side of the mean, so that radii are sums that round.
      const near = Array.from({ length: 40 }, (_, j) => [-3 * far + 0.001 * j, 0]);
      const pairs = Array.from({ length: 60 }, (_, i) => [far + (i % 2 === 0 ? 1 : -1) * (0.5 + 2 * ulp * i), 0]);
      const points = [...near, ...pairs].flat();
      const n = points.length / 2;
      return { name: `near ties around a centre ${far} away`, d: 2, scaled: Float64Array.from(points), recording: Int32Array.from({ length: n }, (_, j) => j), excluded: [], centres: [Float64Array.of(far, 0), Float64Array.of(far + 0.5, 0)] };
    }),
    { name: 'ten songs at one point (as ten recordings)', d: 2, scaled: Float64Array.from({ length: 20 }, () => 0.5), recording: Int32Array.from({ length: 10 }, (_, j) => j), excluded: [2], centres: [Float64Array.of(0.5, 0.5), Float64Array.of(0, 1)] },
    { name: 'one song', d: 2, scaled: Float64Array.of(1, 2), recording: Int32Array.of(0), excluded: [], centres: [Float64Array.of(1, 2), Float64Array.of(-4, 0)] },
    { name: 'no song', d: 2, scaled: new Float64Array(0), recording: new Int32Array(0), excluded: [], centres: [Float64Array.of(0, 0)] },
  ];

  for (const c of cases) {
    it(`keeps exactly the brute force's best, bit for bit: ${c.name}`, () => {
      const size = c.recording.length;
      for (const centre of c.centres) {
        for (const capacity of [1, 2, 7, 60, size + 5]) {
          for (const [offset, inv2h2] of [
            [0, 0.5],
            [-3.25, 2],
            [1e-3, 1e-5],
          ] as const) {
            expect(scanned(c, centre, offset, inv2h2, capacity), `centre ${String(Array.from(centre))}, capacity ${capacity}, offset ${offset}, inv2h2 ${inv2h2}`).toEqual(bruteForce(c, centre, offset, inv2h2, capacity));
          }
        }
      }
    });
  }

  it('lays out only each recording’s first song, by distance to their mean', () => {
    // Rows 0 … 4 on a line; row 3 re-releases row 1. The mean of rows 0, 1, 2, 4 is 2.5.
    const scaled = Float64Array.of(0, 0, 1, 0, 3, 0, 1, 0, 6, 0);
    const index = catalogScanIndex(scaled, 5, 2, Int32Array.of(0, 1, 2, 1, 4));
    expect(Array.from(index.mean)).toEqual([2.5, 0]);
    expect(Array.from(index.rows)).toEqual([2, 1, 0, 4]);
    expect(Array.from(index.radius)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(Array.from(index.features)).toEqual([3, 0, 1, 0, 0, 0, 6, 0]);
    // Equal radii in row order (documented, so the layout does not depend on the sort): songs
    // on circles around their mean (0, 0).
    const ring = catalogScanIndex(Float64Array.of(0, 1, 1, 0, 0, -1, -1, 0), 4, 2, Int32Array.of(0, 1, 2, 3));
    expect(Array.from(ring.rows)).toEqual([0, 1, 2, 3]);
    const six = catalogScanIndex(Float64Array.of(3, 4, -3, -4, 4, -3, -4, 3, 5, 0, -5, 0), 6, 2, Int32Array.of(0, 1, 2, 3, 4, 5));
    expect(Array.from(six.radius)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(Array.from(six.rows)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
