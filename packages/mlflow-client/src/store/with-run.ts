import type { CreateRunOptions } from '../api/runs-api.js';
import { MlflowAbortError } from '../errors/mlflow-error.js';
import { LIMITS } from '../validation/validate.js';
import type { Run } from '../wire/run.js';
import type { TrackingStore } from './tracking-store.js';

/** Options of {@link withRun}: where to create the run, by experiment id or name. */
export type WithRunOptions =
  | CreateRunOptions
  | (Omit<CreateRunOptions, 'experimentId'> & {
      /** Experiment name; created when missing. */
      readonly experimentName: string;
    });

/** The tag {@link withRun} records a failure in: `<name>: <message>`. */
export const ERROR_TAG = 'msr.error';

/**
 * Runs `fn` inside a new run and ends the run whatever happens: FINISHED when `fn` resolves,
 * KILLED when it was aborted, FAILED otherwise, with the error recorded in the `msr.error` tag.
 * The error of `fn` is rethrown unchanged; a failure while recording it is passed to
 * `onCleanupError` (the original error matters more).
 * @example
 * ```ts
 * const accuracy = await withRun(store, { experimentName: 'music_clf', runName: 'gbc' }, async (run) => {
 *   await store.logBatch(run.info.runId, { metrics: [{ key: 'accuracy', value: 0.91 }] });
 *   return 0.91;
 * });
 * ```
 */
export async function withRun<T>(
  store: TrackingStore,
  options: WithRunOptions,
  fn: (run: Run) => Promise<T>,
  hooks: { readonly onCleanupError?: (error: unknown) => void } = {},
): Promise<T> {
  let createOptions: CreateRunOptions;
  if ('experimentName' in options) {
    const { experimentName, ...rest } = options;
    const experiment = await store.getOrCreateExperiment(experimentName, rest.signal ? { signal: rest.signal } : {});
    createOptions = { ...rest, experimentId: experiment.experimentId };
  } else {
    createOptions = options;
  }
  const run = await store.createRun(createOptions);
  const runId = run.info.runId;
  let result: T;
  try {
    result = await fn(run);
  } catch (error) {
    const aborted = error instanceof MlflowAbortError || (error instanceof Error && error.name === 'AbortError') || createOptions.signal?.aborted === true;
    try {
      // No signal here: the run must be closed even when the caller aborted.
      await store.setTag(runId, ERROR_TAG, describe(error));
      await store.endRun(runId, aborted ? 'KILLED' : 'FAILED');
    } catch (cleanupError) {
      hooks.onCleanupError?.(cleanupError);
    }
    throw error;
  }
  await store.endRun(runId, 'FINISHED');
  return result;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > LIMITS.tagValueLength ? `${text.slice(0, LIMITS.tagValueLength - 1)}…` : text;
}
