/**
 * TEST DOUBLE: a retrain worker script that trains nothing. It walks through scripted progress
 * steps and reports `{ version: 'scripted-<job>', kind, params }`, so the tests of
 * `ForkRetrainRunner` itself (one job at a time, progress, failures, timeouts, stale jobs) run in
 * a second; the real worker is `src/pipeline-worker.ts`.
 *
 * `MSR_SCRIPTED_STEP_MS` waits at each step; `MSR_SCRIPTED_FAIL_AT` fails once progress passes
 * that fraction.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { runRetrainWorker } from '../services/retrain-protocol.js';

const env = process.env;

runRetrainWorker(async ({ jobId, kind, params }, progress) => {
  const stepMs = Number(env['MSR_SCRIPTED_STEP_MS'] ?? '0');
  const failAt = env['MSR_SCRIPTED_FAIL_AT'] === undefined ? Number.POSITIVE_INFINITY : Number(env['MSR_SCRIPTED_FAIL_AT']);
  for (const [fraction, message] of [
    [0.1, 'reading'],
    [0.4, 'training'],
    [0.8, 'writing'],
    [0.95, 'done writing'],
  ] as const) {
    if (fraction > failAt) throw new Error(`failed on purpose at ${Math.round(failAt * 100)}% (MSR_SCRIPTED_FAIL_AT)`);
    progress(fraction, message);
    if (stepMs > 0) await sleep(stepMs);
  }
  return { version: `scripted-${jobId.slice(0, 8)}`, kind, params };
});
