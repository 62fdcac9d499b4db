/**
 * `msr run --redis`, `msr status --redis` and `msr feed --redis` against a real Redis and an
 * in-process worker: the CLI's runs go to the queue and come back as the in-process ones do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { directoryArtifactStore } from '../runner-bullmq/artifact-store.js';
import { startPipelineWorker, type PipelineWorker } from '../runner-bullmq/pipeline-worker.js';
import { skipNote, testRedis } from '../runner-bullmq/__fixtures__/redis-context.js';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';

const redis = testRedis();

describe.skipIf(!redis.url)(`msr with --redis${skipNote(redis.skipReason)}`, () => {
  let fx: PipelineRoot;
  let shared: string;
  let worker: PipelineWorker;
  const prefix = `t${Date.now()}c`;

  beforeAll(async () => {
    fx = await pipelineRoot(30);
    shared = await mkdtemp(join(tmpdir(), 'msr-cli-queue-'));
    worker = await startPipelineWorker({ redis: redis.url!, artifacts: directoryArtifactStore(join(shared, 'cas')), workDir: join(shared, 'w'), prefix });
  });
  afterAll(async () => {
    await worker?.close();
    await Promise.all([fx?.root, shared].map((d) => d && rm(d, { recursive: true, force: true })));
  });

  const io = (): CliIo & { out: () => string; err: () => string } => {
    let out = '';
    let err = '';
    return { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: {}, cwd: fx.root, out: () => out, err: () => err };
  };
  const queueArgs = () => ['--redis', redis.url!, '--artifacts', join(shared, 'cas'), '--prefix', prefix, '--config', fx.config, '--params', fx.quickParams];

  it('runs the pipeline on the workers and shows the queues in msr status', async () => {
    const run = io();
    expect(await main(['run', ...queueArgs(), '--json'], run)).toBe(0);
    const result = JSON.parse(run.out()) as { ok: boolean; ran: string[] };
    expect(result).toMatchObject({ ok: true, ran: [...PIPELINE_STAGES] });

    const status = io();
    expect(await main(['status', '--redis', redis.url!, '--prefix', prefix, '--config', fx.config, '--params', fx.quickParams], status)).toBe(0);
    // The checkout made the local root up to date — but for the tracked stages: the queued run
    // tracked nothing (no MLFLOW_TRACKING_URI), an in-process one would track to ./mlruns.
    expect(status.out()).toMatch(/model_trainer\s+up to date/);
    expect(status.out()).toMatch(/model_evaluation\s+changed: config changed/);
    expect(status.out()).toMatch(/queue stages: [^;]*\d+ completed[^;]*; workers: 1/);
    expect(status.out()).toMatch(/pipeline succeeded data_ingestion, data_validation/);
  });

  it('refuses a drop folder for a queued feed (the workers find the songs) with exit 2', async () => {
    const feed = io();
    expect(await main(['feed', ...queueArgs(), '--drop-folder', 'x'], feed)).toBe(2);
    expect(feed.err()).toContain('the orchestrating worker finds the songs');
  });

  it('msr schedule --redis puts the feed on the queue on a cron, msr status --redis shows it, --remove deletes it', async () => {
    const scheduled = io();
    expect(await main(['schedule', ...queueArgs(), '--cron', '20 * * * *'], scheduled)).toBe(0);
    expect(scheduled.out()).toContain('feed scheduled on the queue: 20 * * * * (UTC)');
    const status = io();
    expect(await main(['status', '--redis', redis.url!, '--prefix', prefix, '--config', fx.config], status)).toBe(0);
    expect(status.out()).toMatch(/^schedule: +20 \* \* \* \* \(UTC\), next \d{4}-\d\d-\d\dT\d\d:20:00\.000Z$/m);
    const removed = io();
    expect(await main(['schedule', '--redis', redis.url!, '--prefix', prefix, '--remove'], removed)).toBe(0);
    expect(removed.out()).toContain('feed schedule removed from the queue');
  });
});
