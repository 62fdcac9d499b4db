import { describe, expect, it, vi } from 'vitest';
import { createPrng, type Prng } from '../random/prng.js';
import { type CatalogScanIndex, catalogScanIndex, scanCatalog } from './catalog-scan.js';
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
    {
      // A song tied with the heap's worst at exactly the distance the heap admits, whose bound
      // |‖x − μ‖ − ‖c − μ‖| is that distance: it must still be offered (lower row wins the tie).
      // Mean (0, 0); centre (2.125, 0), q = 2.125. Row 1 (2.125, 1) is offered first (bound
      // 0.2235…), d² = 1; row 0 (1.125, 0) has bound exactly 1 and d² exactly 1. Every value is
      // exact in binary.
      name: 'a tie at exactly the admitted distance',
      d: 2,
      scaled: Float64Array.of(1.125, 0, 2.125, 1, -3.25, -1),
      recording: Int32Array.of(0, 1, 2),
      excluded: [],
      centres: [Float64Array.of(2.125, 0)],
    },
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

  it('offers the tied song at exactly the admitted distance: the lower row is kept', () => {
    // The case above, by hand: both rows at d² = 1, so the heap of one keeps row 0 (ties → lower
    // row). A walk that stops as soon as its bound reaches the admitted distance keeps row 1.
    const c = cases.find((k) => k.name === 'a tie at exactly the admitted distance')!;
    expect(scanned(c, Float64Array.of(2.125, 0), 0, 0.5, 1)).toEqual([[-0.5, 0]]);
  });

  describe('does the documented amount of work', () => {
    // Songs on the three axes around their mean (0, 0, 0) (every sum is exact): by distance to
    // the mean, positions 0…9 hold rows 1 (r 1), 0 (1.5), 2 (2), 3 (3), 6 and 7 (4), 8 and 9 (6),
    // 5 (8.5), 4 (10).
    const scaled = Float64Array.of(-1.5, 0, 0, 1, 0, 0, 2, 0, 0, -3, 0, 0, 10, 0, 0, -8.5, 0, 0, 0, 4, 0, 0, -4, 0, 0, 0, 6, 0, 0, -6);
    const recording = Int32Array.from({ length: 10 }, (_, j) => j);

    /** The index with its `features` counting reads: per song offered, its row and how many features were read. */
    function counted(): { index: CatalogScanIndex; visits: () => [number, number][] } {
      const built = catalogScanIndex(scaled, 10, 3, recording);
      const reads: number[] = [];
      const features = new Proxy(built.features, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(Number(key));
          return target[key as unknown as number];
        },
      });
      const visits = () => {
        const out: [number, number][] = [];
        for (const i of reads) {
          const row = built.rows[Math.floor(i / 3)]!;
          const last = out[out.length - 1];
          if (last !== undefined && last[0] === row) last[1]++;
          else out.push([row, 1]);
        }
        return out;
      };
      return { index: { ...built, features }, visits };
    }

    for (const [offset, inv2h2] of [
      [0, 0.5],
      // Scores near 1e-12: a slack of 1e-9 of the scores must stay that small.
      [0, 1e-12],
    ] as const) {
      it(`walks out from the centre's distance and stops once the bound passes the heap's (offset ${offset}, inv2h2 ${inv2h2})`, () => {
        // Centre (2.125, 0, 0): q = 2.125, the walk starts between positions 2 (r 2) and 3 (r 3).
        // Heap of 2. Bounds |r − q| and what follows, by hand:
        //   row 2 (bound 0.125 < 0.875): d² = 0.015625, every feature read, kept;
        //   row 0 (bound 0.625 < 0.875): d² = 13.140625, kept: the heap is full, admits d² ≤ 13.140625;
        //   row 3 (bound 0.875 < 1.125): its first feature alone, 5.125² = 26.265625, is past: one read;
        //   row 1 (bound 1.125 < 1.875): d² = 1.265625, kept: the heap admits d² ≤ 1.265625 (1.125);
        //   nothing left below; above, row 6's bound 1.875 is past 1.125: stop. Rows 6…4 are never read.
        const { index, visits } = counted();
        const excluded = new RecordingMarks(10);
        excluded.clear();
        const top = new TopK(2);
        const admits = vi.spyOn(top, 'admits');
        const has = vi.spyOn(excluded, 'has');
        scanCatalog(index, Float64Array.of(2.125, 0, 0), offset, inv2h2, recording, excluded, top);
        expect(visits()).toEqual([
          [2, 3],
          [0, 3],
          [3, 1],
          [1, 3],
        ]);
        // Only songs whose distance was summed to the end are offered, and only those the heap
        // admits are looked up in the exclusions.
        expect(admits).toHaveBeenCalledTimes(3);
        expect(has).toHaveBeenCalledTimes(3);
        const rows = new Int32Array(2);
        const scores = new Float64Array(2);
        expect(top.drain(rows, scores)).toBe(2);
        expect(Array.from(rows)).toEqual([2, 1]);
        expect(Array.from(scores)).toEqual([-0.015625 * inv2h2, -1.265625 * inv2h2]);
      });
    }

    it('stops on the side nearer the mean too, once its bound passes the heap’s', () => {
      // Centre (6.125, 0, 0): q = 6.125, the walk starts between positions 7 (r 6) and 8 (r 8.5).
      // Heap of 2. By hand:
      //   rows 9, 8 (bound 0.125 each, lower side first on ties): d² = 6.125² + 36 = 73.515625, kept;
      //   rows 7, 6 (bound 2.125 < 2.375): d² = 37.515625 + 16 = 53.515625, kept (the heap admits 73.515625);
      //   row 5 (bound 2.375 < 3.125): first feature 14.625² is past 53.515625: one read;
      //   row 3 (bound 3.125 < 3.875): 9.125² is past: one read;
      //   row 4 (bound 3.875 < 4.125): d² = 15.015625, kept; row 2 (bound 4.125, the upper side is
      //   done): d² = 17.015625, kept: the heap admits 17.015625 (distance 4.125);
      //   row 0's bound 4.625 is past 4.125: stop. Rows 0 and 1 are never read.
      const { index, visits } = counted();
      const excluded = new RecordingMarks(10);
      excluded.clear();
      const top = new TopK(2);
      const admits = vi.spyOn(top, 'admits');
      scanCatalog(index, Float64Array.of(6.125, 0, 0), 0, 0.5, recording, excluded, top);
      expect(visits()).toEqual([
        [9, 3],
        [8, 3],
        [7, 3],
        [6, 3],
        [5, 1],
        [3, 1],
        [4, 3],
        [2, 3],
      ]);
      expect(admits).toHaveBeenCalledTimes(6);
      const rows = new Int32Array(2);
      const scores = new Float64Array(2);
      top.drain(rows, scores);
      expect(Array.from(rows)).toEqual([4, 2]);
    });

    it('reads every song while the heap is not full', () => {
      // A heap of 20 never fills: all ten songs are read to the end, nearest bound first
      // (ties: the lower side first, then outward on each side).
      const { index, visits } = counted();
      const excluded = new RecordingMarks(10);
      excluded.clear();
      scanCatalog(index, Float64Array.of(2.125, 0, 0), 0, 0.5, recording, excluded, new TopK(20));
      // Bounds: row 2 0.125, row 0 0.625, row 3 0.875, row 1 1.125, rows 6, 7 1.875, rows 8, 9 3.875, row 5 6.375, row 4 7.875.
      expect(visits()).toEqual([2, 0, 3, 1, 6, 7, 8, 9, 5, 4].map((row) => [row, 3]));
    });
  });
});
