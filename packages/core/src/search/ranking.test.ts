import { describe, expect, it } from 'vitest';
import { Ranking } from './ranking.js';

describe('Ranking', () => {
  it('is empty and not full at first; worst is -Infinity', () => {
    const r = new Ranking(2);
    expect(r.songs).toEqual([]);
    expect(r.full).toBe(false);
    expect(r.worst).toBe(-Infinity);
  });

  it('keeps the best `limit` songs by descending score', () => {
    const r = new Ranking(3);
    for (const [score, song] of [
      [5, 0],
      [9, 1],
      [1, 2],
      [7, 3],
      [8, 4],
    ] as const)
      r.push(score, song);
    expect(r.songs).toEqual([1, 4, 3]);
    expect(r.full).toBe(true);
    expect(r.worst).toBe(7);
  });

  it('is full exactly at `limit` songs', () => {
    const r = new Ranking(2);
    r.push(1, 0);
    expect(r.full).toBe(false);
    r.push(2, 1);
    expect(r.full).toBe(true);
    expect(r.songs).toEqual([1, 0]);
    expect(r.worst).toBe(1);
  });

  it('breaks ties by the lower song index, whatever the push order', () => {
    const r = new Ranking(3);
    r.push(4, 7);
    r.push(4, 2);
    r.push(4, 5);
    expect(r.songs).toEqual([2, 5, 7]);
    // A tie with the worst kept song enters when its index is lower, and pushes the worst out.
    r.push(4, 3);
    expect(r.songs).toEqual([2, 3, 5]);
    // …and not when its index is higher.
    r.push(4, 9);
    expect(r.songs).toEqual([2, 3, 5]);
  });

  it('refuses a lower score once full and takes a higher one', () => {
    const r = new Ranking(2);
    r.push(10, 5);
    r.push(20, 6);
    r.push(9, 0);
    expect(r.songs).toEqual([6, 5]);
    r.push(15, 9);
    expect(r.songs).toEqual([6, 9]);
    expect(r.worst).toBe(15);
  });

  it('places a new best first and keeps every score ordered (against a full sort)', () => {
    const pushes = Array.from({ length: 60 }, (_, k) => [(k * 37) % 11, (k * 13) % 29] as const);
    const r = new Ranking(7);
    for (const [score, song] of pushes) r.push(score, song);
    // Independent expectation: sort every push (score desc, song asc), drop repeats of a song
    // pair, take 7.
    const expected = [...pushes].sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 7).map(([, song]) => song);
    expect(r.songs).toEqual(expected);
  });
});
