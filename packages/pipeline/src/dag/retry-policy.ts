import { isRetryable } from '../errors/is-retryable.js';
import { isBadInput, PipelineError } from '../errors/pipeline-error.js';
import type { StageDefinition } from './stage-definition.js';

/** How a stage is retried: Airflow's `retries`, `retry_delay` and `retry_exponential_backoff`. */
export interface RetryPolicy {
  /** Retries after the first failure. */
  retries?: number;
  /** Delay before the first retry, ms. */
  retryDelayMs?: number;
  /** Each further delay is the previous one times this. @default 1 */
  backoff?: number;
}

/** The runners' default: one retry after 20 s, as the original's Airflow DAG (`retries=1`, `retry_delay=20s`). */
export const DEFAULT_RETRY: Readonly<{ retries: number; retryDelayMs: number }> = { retries: 1, retryDelayMs: 20_000 };

/** A {@link RetryPolicy} with every field decided. */
export type StageRetry = Required<RetryPolicy>;

/** Retry policies by stage name; `'*'` applies to every stage. */
export type StageRetries = Readonly<Record<string, RetryPolicy>>;

/**
 * Checks per-stage retry policies once, when a runner is built: names must be stages (or `*`),
 * `retries` a whole number ≥ 0, `retryDelayMs` ≥ 0, `backoff` ≥ 1.
 * @throws `PipelineError` `ERR_INVALID_ARGUMENT` (bad input) naming the stage and the field.
 */
export function checkStageRetries(policies: StageRetries, stageNames: readonly string[], what = 'options.stageRetries'): void {
  for (const [name, policy] of Object.entries(policies)) {
    const bad = (key: string, want: string, got: unknown): never => {
      throw new PipelineError('ERR_INVALID_ARGUMENT', `${what}.${name}.${key}: must be ${want}, got ${String(got)}`, { badInput: true });
    };
    if (name !== '*' && !stageNames.includes(name)) bad('(stage)', `a stage name (${stageNames.join(', ')}) or *`, name);
    if (policy.retries !== undefined && !(Number.isInteger(policy.retries) && policy.retries >= 0)) bad('retries', 'a whole number ≥ 0', policy.retries);
    if (policy.retryDelayMs !== undefined && !(policy.retryDelayMs >= 0)) bad('retryDelayMs', '≥ 0', policy.retryDelayMs);
    if (policy.backoff !== undefined && !(policy.backoff >= 1)) bad('backoff', '≥ 1', policy.backoff);
  }
}

/**
 * A stage's retry policy, the most specific first: the run's policy for the stage by name, then
 * for `*`, then the stage's own `retries`/`retryDelayMs`, then the runner's defaults.
 */
export function stageRetry(stage: Pick<StageDefinition, 'name' | 'retries' | 'retryDelayMs'>, defaults: { retries: number; retryDelayMs: number }, policies: StageRetries = {}): StageRetry {
  const policy = { ...policies['*'], ...policies[stage.name] };
  return {
    retries: policy.retries ?? stage.retries ?? defaults.retries,
    retryDelayMs: policy.retryDelayMs ?? stage.retryDelayMs ?? defaults.retryDelayMs,
    backoff: policy.backoff ?? 1,
  };
}

/** The wait before the retry that follows failed attempt `attempt` (1-based): the first delay times `backoff^(attempt−1)`. */
export function retryDelay(policy: StageRetry, attempt: number): number {
  return policy.retryDelayMs * policy.backoff ** (attempt - 1);
}

/**
 * Whether a failure is worth another attempt at all: never bad input, never a deterministic
 * failure ({@link isRetryable}).
 */
export function isRetryableFailure(error: unknown): boolean {
  return !isBadInput(error) && isRetryable(error);
}

/** Whether attempt `attempt` (1-based) that failed with `error` is retried under `policy`. */
export function shouldRetry(error: unknown, attempt: number, policy: Pick<StageRetry, 'retries'>): boolean {
  return isRetryableFailure(error) && attempt <= policy.retries;
}
