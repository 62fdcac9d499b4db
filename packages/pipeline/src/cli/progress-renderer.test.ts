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

  it('prints only completed progress, as plain lines, when not a TTY', () => {
    let out = '';
    const render = createProgressRenderer({ write: (t: string) => (out += t) });
    render({ ...at, type: 'stage-progress', stage: 'data_ingestion', phase: 'download', done: 10, total: 100, unit: 'bytes' });
    render({ ...at, type: 'stage-progress', stage: 'data_ingestion', phase: 'download', done: 100, total: 100, unit: 'bytes' });
    render({ ...at, type: 'stage-retry', stage: 'data_ingestion', attempt: 1, delayMs: 20_000, error: 'connection lost' });
    expect(out).toBe('    download: [########################] 100% 100 B / 100 B\n  ! data_ingestion failed (connection lost); retrying in 20.0 s\n');
  });
});
