/**
 * Issue 12, bug 8: a pipeline killed (SIGKILL) in the middle of a tracked run left its MLflow
 * runs RUNNING for ever. The next run, taking the stale run lock over, ends them KILLED (the
 * reason in `msr.error`) and records the dead run and the takeover in the run history.
 * Both real servers; the killed process is a real child process.
 */
import { SEED_GENRES } from '@msr/core';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHolder } from '../dag/run-lock.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { RunHistory } from '../history/run-history.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { pipelineMlflowServers } from './__fixtures__/mlflow-servers.js';
import { createTracker } from './create-tracker.js';
import { PIPELINE_RUN_TAG } from './tracker.js';

const servers = pipelineMlflowServers();
const script = fileURLToPath(new URL('./__fixtures__/killed-mid-tracked-run.ts', import.meta.url));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));

// The embedded local store (the default) behaves the same as the servers.
const local = { url: undefined, version: 'local store' } as const;
describe.each([
  ['MLflow 3.x', servers.v3],
  ['MLflow 2.x', servers.v2],
  ['the local store', local],
] as const)('a run killed mid-tracking, on %s', (_label, server) => {
  let fx: PipelineRoot;
  beforeAll(async () => {
    fx = await pipelineRoot(20);
  });
  afterAll(async () => {
    if (fx) await rm(fx.root, { recursive: true, force: true });
  });

  it.skipIf(!server)(`the takeover ends its runs KILLED and records it${server ? ` (${server.version})` : ` — skipped: ${servers.skipReason ?? 'no server'}`}`, async () => {
    const uri = server!.url ?? pathToFileURL(join(fx.root, 'mlruns')).href;
    const child = spawnSync(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', script, fx.root, fx.config, fx.quickParams, uri], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const dead = (await readHolder(join(fx.root, '.msr/run.lock')))!;
    expect(dead.pid).toBe(child.pid);

    // It died inside a tracked run (the evaluation's or a genre's clustering, whichever logged its model first).
    const store = createTracker({ uri }, { baseDir: fx.root });
    const experimentIds = async (): Promise<string[]> => {
      const names = ['music_clf', ...SEED_GENRES.map((g, i) => `clst_${i}_${g}`), 'msr_recommender'];
      const found = await Promise.all(names.map((n) => store.getExperimentByName(n)));
      return found.filter((e) => e !== undefined).map((e) => e.experimentId);
    };
    const left = (await store.searchRuns({ experimentIds: await experimentIds(), filter: `tags.\`${PIPELINE_RUN_TAG}\` = '${dead.runId}' and attributes.status = 'RUNNING'` })).items;
    expect(left.length).toBeGreaterThan(0);

    const events: PipelineEvent[] = [];
    const result = await runPipeline({ rootDir: fx.root, files: { config: fx.config, params: fx.quickParams }, tracking: { uri }, onEvent: (e) => events.push(e) });
    expect(events.find((e) => e.type === 'lock-recovered')).toMatchObject({ previous: { runId: dead.runId } });

    const killed = await store.getRun(left[0]!.info.runId);
    expect(killed.info.status).toBe('KILLED');
    expect(killed.data.tags['msr.error']).toBe(`killed: process ${dead.pid} on ${dead.host} is gone; the run lock was taken over by run ${result.runId}`);
    // No run of the dead pipeline run is left RUNNING, in any of its experiments.
    const running = await store.searchRuns({ experimentIds: await experimentIds(), filter: `attributes.status = 'RUNNING'` });
    expect(running.items).toEqual([]);

    const history = await new RunHistory(join(fx.root, '.msr/history.jsonl')).list();
    const record = history.find((r) => r.runId === dead.runId);
    expect(record).toMatchObject({ status: 'failed', error: { code: 'ERR_KILLED' }, takeover: { by: result.runId, reason: `process ${dead.pid} on ${dead.host} is gone` } });
    expect(record!.takeover!.trackingRunsKilled.sort()).toEqual(left.map((r) => r.info.runId).sort());
    expect(history.find((r) => r.runId === result.runId)).toMatchObject({ status: 'succeeded' });
  });
});
