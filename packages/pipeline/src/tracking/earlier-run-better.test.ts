/**
 * Issue 12, bug 1: when an earlier tracked run on the same data scored better, `msr repro`
 * serves that run's classifier — downloaded by `runs:/<id>/model`. On MLflow 3.x the model is a
 * logged model (`models:/m-…`), not a run artifact, and the download failed ("no MLmodel file")
 * on every later repro. Both real servers (3.x and 2.x), through the CLI as a user meets it.
 */
import { createPrng, RecommenderModel, SEED_GENRES } from '@msr/core';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { classifierMetricsSchema } from '../models/artifacts.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { kaggleCsv, kaggleRows } from '../stages/__fixtures__/kaggle-csv.js';
import { isolatedMlflowServer, pipelineMlflowServers, type PipelineMlflowServer } from './__fixtures__/mlflow-servers.js';
import { createTracker } from './create-tracker.js';
import { DATA_DIGEST_TAG } from './tracker.js';

const servers = pipelineMlflowServers();

describe.each([
  ['3.x', servers.v3],
  ['2.x', servers.v2],
] as const)('msr repro when an earlier run scored better, on MLflow %s', (_label, shared) => {
  let fx: PipelineRoot;
  // Version numbers and run counts are asserted: a server of its own, not the shared one.
  let own: (PipelineMlflowServer & { stop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    fx = await pipelineRoot(20);
    await writeFile(fx.dataset, overlappingGenres());
    if (shared) own = await isolatedMlflowServer(shared);
  }, 120_000);
  afterAll(async () => {
    await own?.stop();
    if (fx) await rm(fx.root, { recursive: true, force: true });
  });

  it.skipIf(!shared)(`serves the earlier, better classifier${shared ? ` (MLflow ${shared.version})` : ` — skipped: ${servers.skipReason ?? 'no server'}`}`, async () => {
    const server = own;
    let out = '';
    let err = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: { MLFLOW_TRACKING_URI: server!.url }, cwd: fx.root };
    const repro = async (params: string): Promise<number> => {
      out = '';
      err = '';
      return main(['repro', '--config', fx.config, '--params', params, '--json'], io);
    };
    expect(await repro(fx.quickParams), err + out).toBe(0);
    const good = classifierMetricsSchema.parse(JSON.parse(await readFile(join(fx.root, 'metrics/metrics.json'), 'utf8')));
    const store = createTracker({ uri: server!.url }, { baseDir: fx.root });
    // The server (and its registered model) is shared by test files running at the same time:
    // this test's bundle runs are told apart by their data digest (the blurred dataset's own).
    const digest = (await store.getRun(good.runId!)).data.tags[DATA_DIGEST_TAG]!;
    const bundleRuns = async () => {
      const experiment = (await store.getExperimentByName('msr_recommender'))!;
      return (await store.searchRuns({ experimentIds: [experiment.experimentId], filter: `tags.\`${DATA_DIGEST_TAG}\` = '${digest}'` })).items;
    };
    const [registered] = await bundleRuns();
    expect(registered!.data.tags['msr.registered_version']).toMatch(/^msr-recommender\/\d+$/);

    // A much weaker classifier (one shallow boosting round) on the same data.
    const weak = join(fx.root, 'weak-params.yaml');
    await writeFile(weak, (await readFile(fx.quickParams, 'utf8')).replace('n_estimators: 20', 'n_estimators: 1').replace('max_depth: 5', 'max_depth: 1'));
    expect(await repro(weak), err + out).toBe(0);
    expect(JSON.parse(out).ran).toEqual(['model_trainer', 'model_evaluation', 'model_assembly', 'recommender_evaluation']);
    const weaker = classifierMetricsSchema.parse(JSON.parse(await readFile(join(fx.root, 'metrics/metrics.json'), 'utf8')));
    expect(weaker.accuracy).toBeLessThan(good.accuracy);

    // The served bundle carries the earlier run's classifier.
    const bundle = RecommenderModel.fromJSON(JSON.parse(await readFile(join(fx.root, 'models_best/recommender.json'), 'utf8')));
    expect(bundle.training.metrics).toMatchObject({ accuracy: good.accuracy });
    // Bug 6: that bundle is the one registered by the first repro (same parts, same source
    // runs): no second version, no second copy of the model.
    expect((await bundleRuns()).map((r) => r.info.runId)).toEqual([registered!.info.runId]);

    // Repro again with the weak params: nothing to do, and it stays green.
    expect(await repro(weak), err + out).toBe(0);
    expect(JSON.parse(out).ran).toEqual([]);
  });
});

/**
 * The fixture's genres, blurred so neighbouring genres overlap: a one-stump classifier then
 * clearly loses to twenty deeper rounds (on the clean fixture both score 100%).
 */
function overlappingGenres(): string {
  const rng = createPrng(7);
  const scale: Record<string, number> = { acousticness: 1, danceability: 1, energy: 1, instrumentalness: 1, speechiness: 1, valence: 1, loudness: 15, tempo: 80 };
  return kaggleCsv(
    kaggleRows(SEED_GENRES, 20).map((row) => {
      const blurred = { ...row };
      for (const [feature, range] of Object.entries(scale)) {
        const value = Number(row[feature as keyof typeof row]) + (rng.next() - 0.5) * 0.2 * range;
        blurred[feature as keyof typeof row] = (range === 1 ? Math.min(1, Math.max(0, value)) : value).toFixed(4);
      }
      return blurred;
    }),
  );
}
