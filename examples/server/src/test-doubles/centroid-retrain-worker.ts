/**
 * TEST DOUBLE (phase 1): the retrain worker script. It trains the stand-in nearest-centroid
 * model on the catalog named by `MSR_STANDIN_CATALOG` and writes it under
 * `MSR_STANDIN_MODEL_DIR`. Phase 2's worker calls `@msr/pipeline` `runPipeline` instead.
 *
 * `MSR_STANDIN_STEP_MS` slows each step (so progress is visible); `MSR_STANDIN_FAIL_AT` makes it
 * fail once progress passes that fraction (to test failures halfway).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRetrainWorker } from '../services/retrain-protocol.js';
import { readCatalogFile, trainNearestCentroidModel } from './nearest-centroid-model.js';

const env = process.env;

runRetrainWorker(async ({ jobId, params }, progress) => {
  const catalogPath = env['MSR_STANDIN_CATALOG'];
  const modelDir = env['MSR_STANDIN_MODEL_DIR'];
  if (!catalogPath || !modelDir) throw new Error('MSR_STANDIN_CATALOG and MSR_STANDIN_MODEL_DIR must be set');
  const stepMs = Number(env['MSR_STANDIN_STEP_MS'] ?? '0');
  const failAt = env['MSR_STANDIN_FAIL_AT'] === undefined ? Number.POSITIVE_INFINITY : Number(env['MSR_STANDIN_FAIL_AT']);
  const step = async (fraction: number, message: string) => {
    if (fraction > failAt) throw new Error(`failed on purpose at ${Math.round(failAt * 100)}% (MSR_STANDIN_FAIL_AT)`);
    progress(fraction, message);
    if (stepMs > 0) await sleep(stepMs);
  };
  await step(0.1, 'reading the catalog');
  const catalog = readCatalogFile(catalogPath);
  await step(0.4, `training on ${catalog.length} tracks`);
  const version = `nc-${jobId.slice(0, 8)}`;
  const model = trainNearestCentroidModel(catalog, version);
  await step(0.8, 'writing the model');
  mkdirSync(modelDir, { recursive: true });
  const modelPath = join(modelDir, `${version}.json`);
  writeFileSync(`${modelPath}.tmp`, JSON.stringify(model));
  renameSync(`${modelPath}.tmp`, modelPath);
  await step(0.95, 'model written');
  return { modelPath, version, tracks: catalog.length, genres: model.genres.length, params };
});
