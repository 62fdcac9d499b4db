import { describe, expect, it } from 'vitest';
import { abortableSleep } from './abortable-sleep.js';

describe('abortableSleep', () => {
  it('waits, then resolves', async () => {
    const started = performance.now();
    await abortableSleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects with the reason at once when the signal aborts, before or during the wait', async () => {
    await expect(abortableSleep(10_000, AbortSignal.abort('before'))).rejects.toBe('before');
    const stop = new AbortController();
    const waiting = abortableSleep(10_000, stop.signal);
    stop.abort('during');
    await expect(waiting).rejects.toBe('during');
  });
});
