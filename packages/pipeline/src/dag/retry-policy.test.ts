import { describe, expect, it } from 'vitest';
import { PipelineError } from '../errors/pipeline-error.js';
import { checkStageRetries, DEFAULT_RETRY, isRetryableFailure, retryDelay, shouldRetry, stageRetry } from './retry-policy.js';

const stages = ['ingest', 'train'];

describe('checkStageRetries', () => {
  it('accepts stage names and *, whole retries ≥ 0, delays ≥ 0, backoff ≥ 1', () => {
    expect(() => checkStageRetries({ '*': { retries: 0, retryDelayMs: 0, backoff: 1 }, train: { retries: 3 } }, stages)).not.toThrow();
    expect(() => checkStageRetries({}, stages)).not.toThrow();
  });

  it.each([
    [{ nope: {} }, 'options.stageRetries.nope.(stage): must be a stage name (ingest, train) or *, got nope'],
    [{ train: { retries: -1 } }, 'options.stageRetries.train.retries: must be a whole number ≥ 0, got -1'],
    [{ train: { retries: 1.5 } }, 'options.stageRetries.train.retries: must be a whole number ≥ 0, got 1.5'],
    [{ train: { retryDelayMs: -1 } }, 'options.stageRetries.train.retryDelayMs: must be ≥ 0, got -1'],
    [{ train: { retryDelayMs: Number.NaN } }, 'options.stageRetries.train.retryDelayMs: must be ≥ 0, got NaN'],
    [{ '*': { backoff: 0.5 } }, 'options.stageRetries.*.backoff: must be ≥ 1, got 0.5'],
  ])('refuses %j, naming the stage and field', (policies, message) => {
    const error = (() => {
      try {
        checkStageRetries(policies, stages);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', badInput: true, message });
  });

  it('names the option it checks', () => {
    expect(() => checkStageRetries({ x: {} }, stages, 'stageRetries')).toThrow(/^stageRetries\.x\./);
  });
});

describe('stageRetry', () => {
  const stage = { name: 'train' };

  it('falls back to the defaults: one retry after 20 s, no growth', () => {
    expect(DEFAULT_RETRY).toEqual({ retries: 1, retryDelayMs: 20_000 });
    expect(stageRetry(stage, DEFAULT_RETRY)).toEqual({ retries: 1, retryDelayMs: 20_000, backoff: 1 });
  });

  it("prefers the stage's own settings to the defaults", () => {
    expect(stageRetry({ ...stage, retries: 4, retryDelayMs: 5 }, DEFAULT_RETRY)).toEqual({ retries: 4, retryDelayMs: 5, backoff: 1 });
  });

  it('prefers the policy by name to *, and * to the stage', () => {
    const policies = { '*': { retries: 2, retryDelayMs: 7, backoff: 3 }, train: { retries: 5 } };
    expect(stageRetry({ ...stage, retries: 9, retryDelayMs: 9 }, DEFAULT_RETRY, policies)).toEqual({ retries: 5, retryDelayMs: 7, backoff: 3 });
    expect(stageRetry({ name: 'ingest', retries: 9 }, DEFAULT_RETRY, policies)).toEqual({ retries: 2, retryDelayMs: 7, backoff: 3 });
    expect(stageRetry({ name: 'ingest' }, DEFAULT_RETRY, { train: { retries: 0 } })).toEqual({ retries: 1, retryDelayMs: 20_000, backoff: 1 });
  });
});

describe('retryDelay', () => {
  it('waits the first delay, then multiplies it by backoff each time', () => {
    const policy = { retries: 3, retryDelayMs: 100, backoff: 2 };
    expect([1, 2, 3].map((attempt) => retryDelay(policy, attempt))).toEqual([100, 200, 400]);
    expect(retryDelay({ ...policy, backoff: 1 }, 3)).toBe(100);
  });
});

describe('shouldRetry', () => {
  const transient = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  it('retries a transient failure while attempts remain', () => {
    expect(shouldRetry(transient, 1, { retries: 1 })).toBe(true);
    expect(shouldRetry(transient, 2, { retries: 1 })).toBe(false);
    expect(shouldRetry(transient, 1, { retries: 0 })).toBe(false);
  });

  it('never retries bad input or a deterministic failure', () => {
    const bad = new PipelineError('ERR_INVALID_DATA', 'bad rows', { badInput: true });
    const missing = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(isRetryableFailure(transient)).toBe(true);
    expect(isRetryableFailure(bad)).toBe(false);
    expect(isRetryableFailure(missing)).toBe(false);
    expect(shouldRetry(bad, 1, { retries: 5 })).toBe(false);
    expect(shouldRetry(missing, 1, { retries: 5 })).toBe(false);
  });
});
