/**
 * The pipeline tracked on a real MLflow server (3.x, from PyPI, on 127.0.0.1): the evaluation
 * and clustering runs, the best-run search (tag and status filters as MLflow parses them), the
 * logged models, and the registered bundle with its `champion` alias.
 */
import { RecommenderModel } from '@msr/core';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { ModelAssemblyResult } from '../stages/model-assembly.js';
import { main } from '../cli/main.js';
import { createTracker } from './create-tracker.js';
import { bestRun, DATA_DIGEST_TAG } from './tracker.js';
import { isolatedMlflowServer, pipelineMlflowServers, type PipelineMlflowServer } from './__fixtures__/mlflow-servers.js';

const servers = pipelineMlflowServers();
const shared = servers.v3;

describe.skipIf(!shared)(`the pipeline on a real MLflow server${shared ? ` (${shared.version})` : ` — skipped: ${servers.skipReason ?? 'no server'}`}`, () => {
  let fx: PipelineRoot;
  let params: string;
  // Run counts and alias versions are asserted: a server of its own, not the one the other
  // test files share (they log msr_data runs and register msr-recommender too).
  let own: (PipelineMlflowServer & { stop(): Promise<void> }) | undefined;
  const server = { get url(): string | undefined { return own?.url; } };
  beforeAll(async () => {
    fx = await pipelineRoot(20);
    params = fx.quickParams;
    own = await isolatedMlflowServer(shared!);
  }, 120_000);
  afterAll(async () => {
    await own?.stop();
    await rm(fx.root, { recursive: true, force: true });
  });

  it('logs runs and models, selects the best runs and registers the bundle as @champion', async () => {
    const tracking = { uri: server.url! };
    const result = await runPipeline({ rootDir: fx.root, files: { config: fx.config, params }, tracking });
    const assembled = result.stages.find((s) => s.name === 'model_assembly')!.result as ModelAssemblyResult;
    expect(assembled.tracked).toMatchObject({ registered: { name: 'msr-recommender', alias: 'champion' } });

    const store = createTracker(tracking, { baseDir: fx.root });
    const metrics = JSON.parse(await readFile(join(fx.root, 'metrics/metrics.json'), 'utf8')) as { runId: string; accuracy: number };
    const run = await store.getRun(metrics.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.metrics['accuracy']).toBeCloseTo(metrics.accuracy);
    const digest = run.data.tags[DATA_DIGEST_TAG]!;
    expect(await bestRun(store, 'music_clf', 'accuracy', digest)).toEqual({ runId: metrics.runId, value: run.data.metrics['accuracy'] });
    expect(await bestRun(store, 'music_clf', 'accuracy', '0'.repeat(64))).toBeUndefined();
    // The ingestion's counts (rows read, quarantined) are a run of msr_data, tagged with the same digest.
    const data = await store.searchRuns({ experimentIds: [(await store.getExperimentByName('msr_data'))!.experimentId] });
    expect(data.items.map((r) => [r.data.tags[DATA_DIGEST_TAG], r.data.metrics['rows_read'], r.data.metrics['quarantined_rows']])).toEqual([[digest, 200, 0]]);

    const version = await store.getModelVersionByAlias('msr-recommender', 'champion');
    expect(version).toBeDefined();
    const downloaded = await store.downloadModel('models:/msr-recommender@champion', join(fx.root, 'downloaded'));
    const model = RecommenderModel.fromJSON(JSON.parse(await readFile(join(downloaded.dir, 'model.json'), 'utf8')));
    expect(model.catalogSize).toBe(200);

    // A forced second evaluation logs a second run; the best is still found by one search.
    const again = await runPipeline({ rootDir: fx.root, files: { config: fx.config, params }, tracking, force: ['model_evaluation', 'model_assembly'] });
    expect(again.ran).toEqual(['model_evaluation', 'model_assembly', 'recommender_evaluation']);
    expect((await store.getModelVersionByAlias('msr-recommender', 'champion'))!.version).not.toBe(version!.version);
  });

  it('msr mlflow push copies the local store to the server, and a second push skips what is there', async () => {
    const local = await pipelineRoot(20);
    try {
      // Tracked locally (the default), then pushed.
      await runPipeline({ rootDir: local.root, files: { config: local.config, params: local.quickParams } });
      let out = '';
      let err = '';
      const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: { MLFLOW_TRACKING_URI: server.url! }, cwd: local.root };
      expect(await main(['mlflow', 'push', '--config', local.config], io)).toBe(0);
      // 1 ingestion (msr_data), 1 classifier, 10 clusterings, 1 bundle; this 20-songs-a-genre root is
      // too small for 20-track evaluation playlists, so the recommender's evaluation tracks no run.
      expect(out).toMatch(/^pushed 13, resumed 0, already there 0 — to http:\/\/127\.0\.0\.1:\d+/);
      expect(err).toContain('pushed  music_clf');
      expect(err).toContain('pushed  msr_data');
      out = '';
      expect(await main(['mlflow', 'push', '--config', local.config, '--json'], io)).toBe(0);
      const again = JSON.parse(out).runs as { outcome: string }[];
      expect(again.length).toBeGreaterThan(0);
      expect(again.every((r) => r.outcome === 'skipped')).toBe(true);
      expect(await main(['mlflow', 'push', '--config', local.config], { ...io, env: {} })).toBe(2);
    } finally {
      await rm(local.root, { recursive: true, force: true });
    }
  });
});
