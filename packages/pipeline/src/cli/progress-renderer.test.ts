import { describe, expect, it } from 'vitest';
import { createProgressRenderer, formatBytes, progressBar } from './progress-renderer.js';

const at = { runId: 'abcdef123456', at: 0 };

describe('progress rendering (CLI side)', () => {
  it('formats bars and byte counts', () => {
    expect(progressBar(512, 1024, 'bytes', 10)).toBe('[#####.....]  50% 512 B / 1.0 KiB');
    expect(progressBar(250, 250, 'rounds', 4)).toBe('[####] 100% 250 rounds / 250 rounds');
    expect(progressBar(3, undefined, 'genres')).toBe('3 genres');
    expect(formatBytes(3 << 20)).toBe('3.0 MiB');
  });

  it('redraws one bar in place on a TTY and clears it before the next line', () => {
    let out = '';
    const render = createProgressRenderer({ write: (t: string) => (out += t), isTTY: true });
    render({ ...at, type: 'stage-start', stage: 'model_trainer', attempt: 1, reasons: ['never run'] });
    render({ ...at, type: 'stage-progress', stage: 'model_trainer', phase: 'training', done: 1, total: 4, unit: 'rounds' });
    render({ ...at, type: 'stage-progress', stage: 'model_trainer', phase: 'training', done: 4, total: 4, unit: 'rounds' });
    render({ ...at, type: 'stage-done', stage: 'model_trainer', attempts: 1, durationMs: 1500 });
    expect(out).toBe(
      '  > model_trainer: never run\n' +
        '\r\x1b[2K    training [######..................]  25% 1 rounds / 4 rounds' +
        '\r\x1b[2K    training [########################] 100% 4 rounds / 4 rounds' +
        '\r\x1b[2K  ✓ model_trainer (1.5 s)\n',
    );
  });

  it('prints a line per stage and every 10% of a long step when not a TTY (CI, containers)', () => {
    let out = '';
    const render = createProgressRenderer({ write: (t: string) => (out += t) });
    render({ ...at, type: 'stage-start', stage: 'model_trainer', attempt: 1, reasons: ['never run'] });
    for (let done = 1; done <= 250; done++) render({ ...at, type: 'stage-progress', stage: 'model_trainer', phase: 'training', done, total: 250, unit: 'rounds' });
    render({ ...at, type: 'stage-done', stage: 'model_trainer', attempts: 1, durationMs: 1500 });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[1]).toBe('    model_trainer training: [##......................]  10% 25 rounds / 250 rounds');
    expect(lines[10]).toBe('    model_trainer training: [########################] 100% 250 rounds / 250 rounds');
    expect(lines[11]).toBe('  ✓ model_trainer (1.5 s)');
    expect(out).not.toContain('\r');
    out = '';
    render({ ...at, type: 'stage-progress', stage: 'data_ingestion', phase: 'download', done: 5, total: 100, unit: 'bytes' });
    render({ ...at, type: 'stage-retry', stage: 'data_ingestion', attempt: 1, delayMs: 20_000, error: 'connection lost' });
    expect(out).toBe('  ! data_ingestion failed (connection lost); retrying in 20.0 s\n');
  });
});
