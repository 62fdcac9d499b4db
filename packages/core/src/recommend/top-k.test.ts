import { describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng.js';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it('keeps the k highest scores, best first, ties broken by lower index', () => {
    const rng = createPrng(5);
    const scores = Array.from({ length: 2000 }, () => Math.round(rng.next() * 50) / 50);
    const heap = new TopK(25);
    scores.forEach((s, i) => heap.push(s, i));
    const expected = scores
      .map((s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, 25)
      .map(([, i]) => i);
    expect(heap.sorted().map((c) => c.index)).toEqual(expected);
  });

  it('holds fewer than k when fewer are offered, and nothing at capacity 0', () => {
    const heap = new TopK(10);
    heap.push(1, 3);
    heap.push(2, 4);
    expect(heap.sorted().map((c) => c.index)).toEqual([4, 3]);
    const none = new TopK(0);
    none.push(1, 1);
    expect(none.sorted()).toEqual([]);
  });

  it('admits exactly what push would keep', () => {
    const rng = createPrng(9);
    const heap = new TopK(5);
    for (let i = 0; i < 500; i++) {
      const score = Math.round(rng.next() * 20) / 20;
      const before = heap.sorted();
      const admitted = heap.admits(score, i);
      heap.push(score, i);
      expect(admitted).toBe(heap.sorted().some((c) => c.index === i));
      if (!admitted) expect(heap.sorted()).toEqual(before);
    }
    expect(new TopK(0).admits(1, 0)).toBe(false);
  });

  it('drains best first, the order sorted() gives, and empties the heap', () => {
    const rng = createPrng(11);
    const heap = new TopK(30);
    for (let i = 0; i < 400; i++) heap.push(Math.round(rng.next() * 10) / 10, i);
    const expected = heap.sorted();
    const indices = new Int32Array(30);
    const scores = new Float64Array(30);
    expect(heap.drain(indices, scores)).toBe(30);
    expect(Array.from(indices)).toEqual(expected.map((c) => c.index));
    expect(Array.from(scores)).toEqual(expected.map((c) => c.score));
    expect(heap.size).toBe(0);
    expect(heap.drain(indices, scores)).toBe(0);
    heap.push(0.5, 1);
    expect(heap.sorted()).toEqual([{ index: 1, score: 0.5 }]);
  });

  it('has a threshold only once full: the lowest kept score', () => {
    const heap = new TopK(2);
    expect(heap.threshold).toBe(Number.NEGATIVE_INFINITY);
    heap.push(3, 0);
    expect(heap.threshold).toBe(Number.NEGATIVE_INFINITY);
    heap.push(1, 1);
    expect(heap.threshold).toBe(1);
    heap.push(2, 2);
    expect(heap.threshold).toBe(2);
    expect(new TopK(0).threshold).toBe(Number.NEGATIVE_INFINITY);
  });
});
