import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';

describe('createPrng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('draws uniform floats in [0, 1) and integers in [0, n)', () => {
    const rng = createPrng(1);
    const counts = new Array(10).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      counts[rng.int(10)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const rng = createPrng(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation', () => {
    const array = Array.from({ length: 50 }, (_, i) => i);
    createPrng(3).shuffle(array);
    expect([...array].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(array).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('createPrng, exact properties', () => {
  // The first outputs of xoshiro128** 1.1 (Blackman & Vigna's reference C code) whose state is four
  // outputs of splitmix32 (a Weyl step of 0x9e3779b9, then MurmurHash3's fmix32), worked out with a
  // line-by-line Python transcription of those two algorithms — not by this module.
  it.each([
    [0, [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335]],
    [42, [2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290]],
    // A negative seed is its 32-bit two's complement (0xffffffff).
    [-1, [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718]],
    [2 ** 32 - 1, [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718]],
  ])('seed %d draws the reference xoshiro128** stream, next() = output / 2^32', (seed, outputs) => {
    const rng = createPrng(seed);
    expect(Array.from(outputs, () => rng.next() * 4294967296)).toEqual(outputs);
  });

  it('truncates a fractional seed', () => {
    expect(createPrng(42.9).next()).toBe(createPrng(42).next());
    expect(createPrng(-3.5).next()).toBe(createPrng(-3).next());
  });

  it('next() returns a multiple of 2^-32 (32 random bits, no more)', () => {
    const rng = createPrng(11);
    for (let i = 0; i < 1000; i++) {
      const scaled = rng.next() * 4294967296;
      expect(Number.isInteger(scaled)).toBe(true);
      expect(scaled).toBeGreaterThanOrEqual(0);
      expect(scaled).toBeLessThan(4294967296);
    }
  });

  it('int(n) is floor(next() * n) of the same stream', () => {
    const a = createPrng(5);
    const b = createPrng(5);
    for (let i = 0; i < 200; i++) expect(a.int(7)).toBe(Math.floor(b.next() * 7));
  });

  it('normal() draws two values per pair of uniforms, returning the spare second', () => {
    const a = createPrng(9);
    const b = createPrng(9);
    for (let k = 0; k < 50; k++) {
      const u = b.next();
      const v = b.next();
      const r = Math.sqrt(-2 * Math.log(u));
      expect(a.normal()).toBeCloseTo(r * Math.cos(2 * Math.PI * v), 12);
      expect(a.normal()).toBeCloseTo(r * Math.sin(2 * Math.PI * v), 12);
    }
    // The spare was consumed: both streams are at the same point.
    expect(a.next()).toBe(b.next());
  });

  it('shuffle() is Fisher–Yates: j = floor(next() * (i + 1)) from the end', () => {
    const a = createPrng(21);
    const b = createPrng(21);
    const array = ['a', 'b', 'c', 'd', 'e'];
    const expected = [...array];
    for (let i = expected.length - 1; i > 0; i--) {
      const j = Math.floor(b.next() * (i + 1));
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect(a.shuffle(array)).toBe(array);
    expect(array).toEqual(expected);
    expect(a.next()).toBe(b.next());
  });

  it('shuffle() draws each of the 6 orders of 3 items about equally often', () => {
    const rng = createPrng(2);
    const counts = new Map<string, number>();
    for (let i = 0; i < 12_000; i++) {
      const key = rng.shuffle([0, 1, 2]).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('int(n) reaches both 0 and n - 1', () => {
    const rng = createPrng(8);
    const seen = new Set(Array.from({ length: 200 }, () => rng.int(3)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});
