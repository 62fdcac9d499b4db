import { describe, expect, it } from 'vitest';
import { queueRunOptions } from './queue-options.js';

describe('queueRunOptions', () => {
  it('passes the retry settings on to the queue run, as the in-process runner takes them (--retry)', () => {
    const stageRetries = { model_trainer: { retries: 3, retryDelayMs: 10_000, backoff: 2 } };
    expect(queueRunOptions({ rootDir: '/r', retries: 2, retryDelayMs: 5, stageRetries }, undefined)).toEqual({ rootDir: '/r', tracking: null, retries: 2, retryDelayMs: 5, stageRetries });
    expect(queueRunOptions({ rootDir: '/r' }, undefined)).toEqual({ rootDir: '/r', tracking: null });
  });
});
