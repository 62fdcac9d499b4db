/**
 * The whole pipeline with `@msr/core`'s real models on a small generated dataset: what each
 * model stage writes, and which stages a param change re-runs.
 */
import { FEATURE_NAMES, recommend, RecommenderModel, SEED_GENRES } from '@msr/core';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import type { ModelAssemblyResult } from '../stages/model-assembly.js';
import { classifierMetricsSchema, clusteringMetricsSchema } from '../models/artifacts.js';
import { DATA_DIGEST_TAG } from '../tracking/tracker.js';
import { LocalTrackingStore, type Run } from '@msr/mlflow-client';
import { pipelineRoot, type PipelineRoot } from './__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from './pipeline-stages.js';
import { runPipeline } from './run-pipeline.js';

let fx: PipelineRoot;
let params: string;
beforeEach(async () => {
  fx = await pipelineRoot(30);
  params = fx.quickParams;
});
afterEach(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

const p = (rel: string): string => join(fx.root, rel);

/**
 * The finished runs of `experiment` in the store with the highest `metric` (all of them on a
 * tie), found by reading every run: an expectation independent of the selection under test.
 */
async function bestRunsOf(store: LocalTrackingStore, experiment: string, metric: string): Promise<{ best: Run[]; all: Run[] }> {
  const found = await store.getExperimentByName(experiment);
  const all = (await store.searchRuns({ experimentIds: [found!.experimentId] })).items.filter((r) => r.info.status === 'FINISHED');
  const values = all.map((r) => r.data.metrics[metric]).filter((v): v is number => v !== undefined && !Number.isNaN(v));
  const top = Math.max(...values);
  return { best: all.filter((r) => r.data.metrics[metric] === top), all };
}
const run = (events?: PipelineEvent[]) => runPipeline({ rootDir: fx.root, files: { config: fx.config, params }, ...(events ? { onEvent: (e) => events.push(e) } : {}) });

describe('the full pipeline with @msr/core models', () => {
  it('trains, evaluates, clusters and assembles a bundle; then skips everything; then re-runs exactly what a param reaches', async () => {
    const events: PipelineEvent[] = [];
    const first = await run(events);
    expect(first.ran).toEqual([...PIPELINE_STAGES]);
    const rounds = events.filter((e) => e.type === 'stage-progress' && e.phase === 'training');
    expect(rounds.at(-1)).toMatchObject({ stage: 'model_trainer', done: 20, total: 20, unit: 'rounds' });
    expect(events.filter((e) => e.type === 'stage-progress' && e.phase === 'clustering')).toHaveLength(10);

    const metrics = classifierMetricsSchema.parse(JSON.parse(await readFile(p('metrics/metrics.json'), 'utf8')));
    // The generated genres are well separated: far above the 10% of chance.
    expect(metrics.accuracy).toBeGreaterThan(0.8);
    expect(metrics.confusionMatrix).toHaveLength(10);
    expect(metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(metrics.testSize);
    expect(Object.keys(metrics.report)).toEqual(metrics.classes);
    // Tracked in the embedded local store (MLflow's file layout under <root>/mlruns).
    expect(metrics.runId).toMatch(/^[0-9a-f]{32}$/);
    const store = new LocalTrackingStore({ root: p('mlruns') });
    const tracked = await store.getRun(metrics.runId!);
    expect(tracked.data.metrics['accuracy']).toBeCloseTo(metrics.accuracy);
    expect(tracked.data.params).toMatchObject({ learning_rate: '0.1', max_depth: '5', n_estimators: '20' });
    expect(tracked.data.tags[DATA_DIGEST_TAG]).toMatch(/^[0-9a-f]{64}$/);
    for (const [i, genre] of SEED_GENRES.entries()) expect(await store.getExperimentByName(`clst_${i}_${genre}`)).toBeDefined();
    const champion = await store.getModelVersionByAlias('msr-recommender', 'champion');
    expect(champion?.version).toBe('1');

    for (let i = 0; i < 10; i++) {
      const m = clusteringMetricsSchema.parse(JSON.parse(await readFile(p(`metrics/uns_metrics_${i}.json`), 'utf8')));
      expect(m.nComponents).toBe(3);
      expect(m.clusterSizes.reduce((a, b) => a + b, 0)).toBe(30);
      if (m.silhouette !== null) expect(Math.abs(m.silhouette)).toBeLessThanOrEqual(1);
    }

    // The bundle is a valid @msr/core RecommenderModel that recommends.
    const model = RecommenderModel.fromJSON(JSON.parse(await readFile(p('models_best/recommender.json'), 'utf8')));
    expect(model.genres).toEqual([...SEED_GENRES]);
    expect(model.catalogSize).toBe(300);
    expect(model.training.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(model.training.metrics).toMatchObject({ accuracy: metrics.accuracy, songs: 300 });
    const jazz = model.genreModels.find((g) => g.genre === 'jazz')!.catalog;
    const playlist = [0, 1, 2].map((i) => ({ uri: jazz.uris[i]!, features: Object.fromEntries(FEATURE_NAMES.map((f, j) => [f, jazz.raw[i * FEATURE_NAMES.length + j]!])) as Record<(typeof FEATURE_NAMES)[number], number> }));
    const answer = recommend(playlist, model, { count: 10 });
    expect(answer.genre).toBe('jazz');
    expect(answer.recommendations).toHaveLength(10);
    expect(answer.recommendations.some((r) => playlist.some((t) => t.uri === r.uri))).toBe(false);
    const version = (first.stages.find((s) => s.name === 'model_assembly')!.result as ModelAssemblyResult).version;
    expect(version).toMatch(/^[0-9a-f]{16}$/);

    const repeat = await run();
    expect(repeat.ran).toEqual([]);

    // One clustering param: only clustering and assembly.
    await writeFile(params, (await readFile(params, 'utf8')).replace('default_n_components: 3', `n_components: [4, ${Array(SEED_GENRES.length - 1).fill(3).join(', ')}]`));
    const clusteringChanged = await run();
    expect(clusteringChanged.ran).toEqual(['clustering', 'model_assembly', 'recommender_evaluation']);
    // Selection: each genre serves its best-silhouette run on this data, read from the store.
    // Genre 0 has a 3- and a 4-component run; the served mixture is the better one's.
    const after = RecommenderModel.fromJSON(JSON.parse(await readFile(p('models_best/recommender.json'), 'utf8')));
    const servedRuns = after.training.runIds.clustering!;
    for (const [i, genre] of SEED_GENRES.entries()) {
      const { best, all } = await bestRunsOf(store, `clst_${i}_${genre}`, 'silhouette');
      expect(all, genre).toHaveLength(2);
      expect(best.length, genre).toBeGreaterThan(0);
      expect(best.map((r) => r.info.runId), genre).toContain(servedRuns[genre]);
      if (i === 0) {
        expect(all.map((r) => r.data.params['n_components']).sort()).toEqual(['3', '4']);
        expect(best, 'the 3- and 4-component runs score differently, so the check discriminates').toHaveLength(1);
        const nComponents = after.genreModels.find((g) => g.genre === genre)!.mixture.options.nComponents;
        expect(best.map((r) => Number(r.data.params['n_components']))).toContain(nComponents);
      }
    }
    expect((await store.getModelVersionByAlias('msr-recommender', 'champion'))?.version).toBe('2');
    expect((clusteringChanged.stages.find((s) => s.name === 'model_assembly')!.result as ModelAssemblyResult).version).not.toBe(version);

    // One classifier param: training, evaluation and assembly; clustering stays. The fixture's
    // genres are so well separated that every classifier scores 1.0, so a finished run on the same
    // data scoring lower is planted first: serving it instead of the better one must fail (a
    // selection that prefers the lower accuracy over an earlier *higher* one needs data where
    // classifiers differ; the clustering check above covers that direction).
    const classifierExperiment = await store.getExperimentByName('music_clf');
    const planted = await store.createRun({ experimentId: classifierExperiment!.experimentId, runName: 'planted-worse', tags: { [DATA_DIGEST_TAG]: tracked.data.tags[DATA_DIGEST_TAG]! } });
    await store.logBatch(planted.info.runId, { metrics: [{ key: 'accuracy', value: 0.5 }], params: { max_depth: 2 } });
    await store.endRun(planted.info.runId, 'FINISHED');
    await writeFile(params, (await readFile(params, 'utf8')).replace('max_depth: 5', 'max_depth: 3'));
    expect((await run()).ran).toEqual(['model_trainer', 'model_evaluation', 'model_assembly', 'recommender_evaluation']);
    const last = RecommenderModel.fromJSON(JSON.parse(await readFile(p('models_best/recommender.json'), 'utf8')));
    const classifiers = await bestRunsOf(store, 'music_clf', 'accuracy');
    expect(classifiers.all.map((r) => r.data.params['max_depth']).sort()).toEqual(['2', '3', '5']);
    expect(classifiers.best.map((r) => r.info.runId)).not.toContain(planted.info.runId);
    expect(classifiers.best.map((r) => r.info.runId)).toContain(last.training.runIds.classifier);
    expect(last.training.metrics['accuracy']).toBe(classifiers.best[0]!.data.metrics['accuracy']);
  });
});
