import { GradientBoostingClassifier, InvalidArgumentError } from '@msr/core';
import { describe, expect, it } from 'vitest';
import { fitClassifierInWorker } from './fit-in-worker.js';

const X = Array.from({ length: 60 }, (_, i) => Float64Array.from([i % 3, (i * 7) % 11, i / 60]));
const y = X.map((_, i) => i % 3);

describe('fitClassifierInWorker', () => {
  it('fits in a worker thread the same model as in-process, reporting every round', async () => {
    const rounds: number[] = [];
    const options = { nEstimators: 8, maxDepth: 2, learningRate: 0.3, randomState: 4 };
    const model = await fitClassifierInWorker(options, X, y, { onIteration: ({ iteration }) => rounds.push(iteration) });
    expect(rounds).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const inline = new GradientBoostingClassifier(options).fit(X, y);
    expect(model.toJSON()).toEqual(inline.toJSON());
  });

  it('turns the model’s input errors back into InvalidArgumentError (bad input, not retried)', async () => {
    const error = await fitClassifierInWorker({ nEstimators: 2 }, X, y.map(() => 0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('y');
  });

  it('stops at once when the signal aborts: the worker is terminated, the reason rejects', async () => {
    const controller = new AbortController();
    const rounds: number[] = [];
    const started = Date.now();
    const fitting = fitClassifierInWorker({ nEstimators: 10_000, maxDepth: 3, learningRate: 0.01 }, X, y, {
      signal: controller.signal,
      onIteration: ({ iteration }) => {
        rounds.push(iteration);
        if (iteration === 3) controller.abort(new Error('stop'));
      },
    });
    await expect(fitting).rejects.toThrow('stop');
    expect(rounds.length).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
