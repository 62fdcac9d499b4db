/**
 * Worker-thread side of {@link fitClassifierInWorker}: fits `@msr/core`'s gradient boosting on
 * the rows it is sent, reports each boosting round, and answers with the model's JSON.
 *
 * @module
 */
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from '@msr/core';
import { parentPort, workerData } from 'node:worker_threads';

/** What the worker is started with. */
export interface FitWorkerInput {
  options: GradientBoostingClassifierOptions;
  /** Row-major features, `rows × cols`. */
  data: Float64Array;
  cols: number;
  y: Int32Array;
}

/** What the worker posts back. */
export type FitWorkerMessage =
  | { type: 'iteration'; iteration: number; trainLoss: number }
  | { type: 'done'; model: unknown }
  | { type: 'error'; name: string; message: string; code?: string; argument?: string };

const port = parentPort;
if (port) {
  const input = workerData as FitWorkerInput;
  try {
    const rows: Float64Array[] = [];
    for (let i = 0; i < input.y.length; i++) rows.push(input.data.subarray(i * input.cols, (i + 1) * input.cols));
    const model = new GradientBoostingClassifier(input.options).fit(rows, input.y, {
      onIteration: ({ iteration, trainLoss }) => port.postMessage({ type: 'iteration', iteration, trainLoss } satisfies FitWorkerMessage),
    });
    port.postMessage({ type: 'done', model: model.toJSON() } satisfies FitWorkerMessage);
  } catch (error) {
    const e = error as Error & { code?: unknown; argument?: unknown };
    port.postMessage({
      type: 'error',
      name: e.name,
      message: e.message,
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.argument === 'string' ? { argument: e.argument } : {}),
    } satisfies FitWorkerMessage);
  }
}
