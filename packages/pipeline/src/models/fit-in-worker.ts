import { GradientBoostingClassifier, InvalidArgumentError, MsrError, type GradientBoostingClassifierOptions } from '@msr/core';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FeatureRows } from './model-kit.js';
import type { FitWorkerInput, FitWorkerMessage } from './fit-worker.js';

/**
 * The worker script: `fit-worker.js` beside the built bundle, or `fit-worker.ts` beside this
 * file when running from source (then loaded through tsx, as the scripts and tests are).
 */
function workerScript(): { script: string; eval: boolean; execArgv: string[] } | undefined {
  const built = fileURLToPath(new URL('./fit-worker.js', import.meta.url));
  if (existsSync(built)) return { script: built, eval: false, execArgv: [] };
  const source = new URL('./fit-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) return undefined;
  // From source: register tsx inside the worker, then load the TypeScript entry. tsx is named by
  // its resolved URL: an evaluated worker resolves bare names from the working directory, so
  // `import('tsx/esm/api')` failed when the CLI ran from source outside the repository (issue 12).
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })`;
  return { script: boot, eval: true, execArgv: ['--conditions=@msr/source'] };
}

/**
 * tsx's ESM API, resolved from this module (where the workspace's tsx is installed) through
 * tsx's own exports map. Not `import.meta.resolve`: the CommonJS build keeps it verbatim, a
 * syntax error that broke `require('@msr/pipeline')`; and not `require.resolve`, which names
 * the CommonJS entry, whose ESM half is not found from an evaluated worker.
 */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

/** Options of {@link fitClassifierInWorker}. */
export interface FitInWorkerOptions {
  /** Told after every boosting round, with the round's training loss when the model reports it. */
  onIteration?: (event: { iteration: number; trainLoss?: number }) => void;
  /** Stops the fit: the worker thread is terminated at once and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Fits a `GradientBoostingClassifier` in a worker thread, so the event loop stays free: the
 * clustering stage runs at the same time on the other core, progress arrives as rounds finish,
 * and the run lock's heartbeat keeps beating. Falls back to fitting in-process when the worker
 * script is not shipped. Resolves with the fitted model; an aborted `signal` terminates the
 * worker (Ctrl-C does not wait for the remaining rounds).
 */
export async function fitClassifierInWorker(
  options: GradientBoostingClassifierOptions,
  X: FeatureRows,
  y: ArrayLike<number>,
  fit: FitInWorkerOptions = {},
): Promise<GradientBoostingClassifier> {
  const { onIteration, signal } = fit;
  signal?.throwIfAborted();
  const script = workerScript();
  if (!script) return new GradientBoostingClassifier(options).fit(X, y, onIteration ? { onIteration } : {});
  const cols = X[0]?.length ?? 0;
  const data = new Float64Array(X.length * cols);
  for (let i = 0; i < X.length; i++) data.set(X[i]!, i * cols);
  const input: FitWorkerInput = { options, data, cols, y: Int32Array.from(y) };
  const worker = new Worker(script.script, { eval: script.eval, workerData: input, execArgv: script.execArgv, transferList: [data.buffer as ArrayBuffer, input.y.buffer as ArrayBuffer] });
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      reject(signal!.reason);
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('exit', () => signal?.removeEventListener('abort', onAbort));
    worker.on('message', (message: FitWorkerMessage) => {
      if (message.type === 'iteration') onIteration?.({ iteration: message.iteration, trainLoss: message.trainLoss });
      else if (message.type === 'done') {
        settled = true;
        resolve(GradientBoostingClassifier.fromJSON(message.model));
        void worker.terminate();
      } else {
        settled = true;
        // Rebuild an input error as one, so it is reported as bad input and not retried.
        reject(
          message.name === 'InvalidArgumentError' && message.argument !== undefined
            ? new InvalidArgumentError(message.argument, message.message.slice(message.argument.length + 2), message.code)
            : new MsrError(message.code ?? 'ERR_FIT_FAILED', `${message.name}: ${message.message}`),
        );
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new MsrError('ERR_FIT_FAILED', `the fitting worker exited with code ${code} before answering`));
    });
  });
}
