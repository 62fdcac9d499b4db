/**
 * A dead run's data_ingestion run (experiment `msr_data`, tagged with the pipeline run's id like
 * the model runs) stayed RUNNING after the stale-lock takeover: the experiments the takeover
 * cleaned did not include the data experiment. Through `msr run`, on the local store.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cli-io.js';
import { main } from '../cli/main.js';
import { localTrackingConfig } from '../config/tracking-config.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { DATA_EXPERIMENT } from '../stages/data-ingestion.js';
import { createTracker } from './create-tracker.js';
import { PIPELINE_RUN_TAG } from './tracker.js';

let fixture: PipelineRoot;
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

describe('msr run taking over a dead run', () => {
  it('ends its data_ingestion run KILLED too', async () => {
    const store = createTracker(localTrackingConfig(fixture.root), { baseDir: fixture.root });
    const { experimentId } = await store.getOrCreateExperiment(DATA_EXPERIMENT);
    const left = await store.createRun({ experimentId, runName: 'ingestion-dead', tags: { [PIPELINE_RUN_TAG]: 'dead-run' } });
    // A pid of this host that is gone: the lock is stale at once.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await mkdir(join(fixture.root, '.msr'), { recursive: true });
    await writeFile(join(fixture.root, '.msr/run.lock'), JSON.stringify({ runId: 'dead-run', pid: gone, host: hostname(), startedAt: Date.now() - 1000, heartbeatAt: Date.now() - 1000 }));

    const io: CliIo = { stdout: { write: () => {} }, stderr: { write: () => {} }, env: {}, cwd: fixture.root };
    expect(await main(['run', '--config', fixture.config, '--params', fixture.quickParams, '-q'], io)).toBe(0);

    const killed = await store.getRun(left.info.runId);
    expect(killed.info.status).toBe('KILLED');
    expect(killed.data.tags['msr.error']).toMatch(/^killed: process \d+ on .* is gone; the run lock was taken over by run /);
  });
});
