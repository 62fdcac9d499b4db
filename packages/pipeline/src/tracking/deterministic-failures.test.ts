/**
 * Issue 12, bug 7: failures that repeat identically — a tracking URL with nothing listening, a
 * best run whose model has no MLmodel — were retried after 20 s. They fail at once now, with
 * the typed error; a stage that can pass later is still retried (dag-runner.test.ts).
 */
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { pipelineMlflowServers } from './__fixtures__/mlflow-servers.js';
import { createTracker } from './create-tracker.js';
import { DATA_DIGEST_TAG } from './tracker.js';

const servers = pipelineMlflowServers();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('deterministic failures are not retried', () => {
  let fx: PipelineRoot;
  beforeAll(async () => {
    // Its own data (12 songs a genre; the other server tests use 20 or 30): the run without a
    // model planted below is the best run for this data digest only, not for theirs.
    fx = await pipelineRoot(12);
  });
  afterAll(async () => {
    if (fx) await rm(fx.root, { recursive: true, force: true });
  });

  const run = (tracking: { uri: string }, extra: { force?: string[] } = {}) => {
    const events: PipelineEvent[] = [];
    const sleeps: number[] = [];
    const result = runPipeline({ rootDir: fx.root, files: { config: fx.config, params: fx.quickParams }, tracking, sleep: async (ms) => void sleeps.push(ms), onEvent: (e) => events.push(e), ...extra }).then(
      () => undefined,
      (error: unknown) => error,
    );
    return { events, sleeps, result };
  };

  it('a tracking server URL where nothing listens (connection refused): one attempt, the cause named', async () => {
    const { events, sleeps, result } = run({ uri: `http://127.0.0.1:${await closedPort()}` });
    const error = (await result) as { code?: string; cause?: unknown };
    expect(error).toMatchObject({ code: 'ERR_STAGE_FAILED', cause: { code: 'ERR_NETWORK' } });
    expect(events.filter((e) => e.type === 'stage-retry')).toEqual([]);
    expect(sleeps).toEqual([]);
    const failed = events.filter((e) => e.type === 'stage-fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) expect(e).toMatchObject({ attempts: 1, code: 'ERR_NETWORK' });
  });

  it.skipIf(!servers.v3)(`a better earlier run whose model has no MLmodel: one attempt, ERR_BAD_MLMODEL${servers.v3 ? '' : ` — skipped: ${servers.skipReason}`}`, async () => {
    const tracking = { uri: servers.v3!.url };
    const first = run(tracking);
    expect(await first.result).toBeUndefined();
    // A run that claims a higher accuracy on the same data, without any model.
    const store = createTracker(tracking, { baseDir: fx.root });
    const experiment = (await store.getExperimentByName('music_clf'))!;
    const digest = (await store.searchRuns({ experimentIds: [experiment.experimentId], maxResults: 1 })).items[0]!.data.tags[DATA_DIGEST_TAG]!;
    const broken = await store.createRun({ experimentId: experiment.experimentId, runName: 'no-model', tags: { [DATA_DIGEST_TAG]: digest } });
    await store.logBatch(broken.info.runId, { metrics: [{ key: 'accuracy', value: 2 }] });
    await store.endRun(broken.info.runId, 'FINISHED');

    const { events, sleeps, result } = run(tracking, { force: ['model_assembly'] });
    expect(await result).toMatchObject({ code: 'ERR_STAGE_FAILED', cause: { code: 'ERR_BAD_MLMODEL' } });
    expect(events.filter((e) => e.type === 'stage-retry')).toEqual([]);
    expect(sleeps).toEqual([]);
  });
});
