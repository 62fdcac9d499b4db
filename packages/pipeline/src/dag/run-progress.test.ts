import { describe, expect, it } from 'vitest';
import { runProgress } from './run-progress.js';

describe('runProgress', () => {
  it('ends a succeeded run at 1, even when not every stage reported', () => {
    const seen: [number, string][] = [];
    const on = runProgress((f, m) => seen.push([f, m]));
    const at = { runId: 'r', at: 0 };
    on({ ...at, type: 'run-start', stages: ['a', 'b'] });
    on({ ...at, type: 'stage-done', stage: 'a', attempts: 1, durationMs: 1 });
    on({ ...at, type: 'run-done', status: 'succeeded', durationMs: 1, ran: ['a'], skipped: [] });
    expect(seen).toEqual([
      [0, 'started'],
      [0.5, 'a done'],
      [1, 'succeeded'],
    ]);
  });

  it('gives each stage an equal share and fills it with the stage’s own progress', () => {
    const seen: [number, string][] = [];
    const on = runProgress((f, m) => seen.push([f, m]));
    const at = { runId: 'r', at: 0 };
    on({ ...at, type: 'run-start', stages: ['a', 'b'] });
    on({ ...at, type: 'stage-skip', stage: 'a', reason: 'unchanged' });
    on({ ...at, type: 'stage-start', stage: 'b', attempt: 1, reasons: ['never run'] });
    on({ ...at, type: 'stage-progress', stage: 'b', phase: 'training', done: 50, total: 100, unit: 'rounds' });
    on({ ...at, type: 'stage-done', stage: 'b', attempts: 1, durationMs: 5 });
    on({ ...at, type: 'run-done', status: 'succeeded', durationMs: 5, ran: ['b'], skipped: ['a'] });
    expect(seen).toEqual([
      [0, 'started'],
      [0.5, 'a up to date'],
      [0.5, 'b'],
      [0.75, 'b: training 50/100 rounds'],
      [1, 'b done'],
      [1, 'succeeded'],
    ]);
  });

  it('says nothing before run-start, names retries, hides a bytes unit, caps overshoot and ends a failed run where it stopped', () => {
    const seen: [number, string][] = [];
    const on = runProgress((f, m) => seen.push([f, m]));
    const at = { runId: 'r', at: 0 };
    on({ ...at, type: 'stage-start', stage: 'x', attempt: 1, reasons: [] });
    on({ ...at, type: 'run-done', status: 'succeeded', durationMs: 0, ran: [], skipped: [] });
    expect(seen).toEqual([]);
    on({ ...at, type: 'run-start', stages: ['a', 'b', 'c', 'd'] });
    on({ ...at, type: 'stage-progress', stage: 'a', phase: 'download', done: 5, total: 10, unit: 'bytes' });
    on({ ...at, type: 'stage-progress', stage: 'a', phase: 'download', done: 5, total: 0, unit: 'bytes' });
    on({ ...at, type: 'stage-progress', stage: 'a', phase: 'download', done: 5 });
    on({ ...at, type: 'stage-progress', stage: 'a', phase: 'genres', done: 30, total: 10 });
    on({ ...at, type: 'stage-done', stage: 'a', attempts: 1, durationMs: 1 });
    on({ ...at, type: 'stage-start', stage: 'b', attempt: 2, reasons: [] });
    on({ ...at, type: 'run-done', status: 'failed', durationMs: 1, ran: ['a'], skipped: [] });
    expect(seen).toEqual([
      [0, 'started'],
      [0.125, 'a: download 5/10'],
      [0.25, 'a: genres 30/10'],
      [0.25, 'a done'],
      [0.25, 'b (attempt 2)'],
      [0.25, 'failed'],
    ]);
  });
});
