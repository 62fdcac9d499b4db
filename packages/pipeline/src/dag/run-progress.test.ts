import { describe, expect, it } from 'vitest';
import { runProgress } from './run-progress.js';

describe('runProgress', () => {
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
});
