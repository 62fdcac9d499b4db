/**
 * Faults of the BullMQ runner with real Redis, real `msr worker` processes and the real MLflow
 * server as tracking and artifact store: bad input fails at once without a retry; a worker
 * killed (SIGKILL) mid-stage leaves a stalled job that another worker retries, and the run
 * completes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { mlflowArtifactStore } from './artifact-store.js';
import { PipelineQueue } from './pipeline-queue.js';
import { RemoteStageError } from './queue-jobs.js';
import { inject } from 'vitest';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';
import { spawnWorker, stopWorker, type SpawnedWorker } from './__fixtures__/spawn-worker.js';
import { expireLocksOf, unfinishedJobs } from './__fixtures__/dead-worker-locks.js';

const redis = testRedis();
const mlflow = inject('pipelineMlflow');
const skipReason = redis.skipReason ?? mlflow.skipReason;

describe.skipIf(!redis.url || !mlflow.url)(`BullMQ runner faults${skipNote(skipReason)}`, () => {
  let fx: PipelineRoot;
  let scratch: string;
  let workers: SpawnedWorker[] = [];
  let queue: PipelineQueue;
  const prefix = `t${Date.now()}f`;

  beforeAll(async () => {
    fx = await pipelineRoot(30);
    scratch = await mkdtemp(join(tmpdir(), 'msr-faults-'));
    const env = { MLFLOW_TRACKING_URI: mlflow.url! };
    // Long job locks (the default 60 s): a loaded machine delays a live worker's renewals by
    // seconds, and short locks made its jobs stall and run again until the run failed. The test
    // ends the killed worker's locks itself (expireLocksOf), and stalled jobs are looked for
    // every 0.5 s, so the takeover still comes at once.
    const args = ['--redis', redis.url!, '--artifacts', 'mlflow', '--prefix', prefix, '--json', '--lock-duration', '60000', '--stalled-interval', '500'];
    workers = await Promise.all([0, 1].map((i) => spawnWorker([...args, '--work-dir', join(scratch, `w${i}`)], env)));
    queue = await PipelineQueue.connect({ redis: redis.url!, artifacts: mlflowArtifactStore({ trackingUri: mlflow.url! }), prefix });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await Promise.all(workers.map(stopWorker));
    await Promise.all([fx?.root, scratch].map((d) => d && rm(d, { recursive: true, force: true })));
  });

  it('fails a stage on bad input at once, without retrying, with the stage error rebuilt', async () => {
    const broken = join(scratch, 'broken.csv');
    await writeFile(broken, 'track_id,track_genre\nabc,jazz\n');
    const error = await queue.runPipeline({ rootDir: fx.root, files: { config: fx.config }, sourceUrl: broken, tracking: null, retryDelayMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageFailedError);
    const failed = error as StageFailedError;
    expect(failed.stage).toBe('data_ingestion');
    expect(failed.badInput).toBe(true);
    expect(failed.cause).toBeInstanceOf(RemoteStageError);
    expect((failed.cause as RemoteStageError).remoteName).toBe('DatasetError');
    expect((failed.cause as RemoteStageError).message).toContain('broken.csv');
    expect(workers.map((w) => w.log()).join('').match(/"willRetry":false/g)).toHaveLength(1);
  });

  it('retries a stage whose worker was killed mid-stage (stalled job) and completes the run', async () => {
    const events: PipelineEvent[] = [];
    // 600 slow boosting rounds keep model_trainer busy for seconds: long enough to be killed in.
    const params = join(scratch, 'slow-params.yaml');
    await writeFile(params, (await readFile(fx.quickParams, 'utf8')).replace('n_estimators: 20', 'n_estimators: 600'));
    const running = queue.runPipeline({ rootDir: fx.root, files: { config: fx.config, params }, tracking: { uri: mlflow.url! }, retryDelayMs: 100, onEvent: (e) => events.push(e) });
    const trainerStarted = /"type":"job-start","queue":"msr-stages","jobId":"[^"]+\.model_trainer"/;
    const victim = await Promise.race(workers.map((w) => w.waitFor(trainerStarted, 120_000).then(() => w)));
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    // It died mid-stage: it never finished the trainer.
    expect(victim.log()).not.toMatch(/"stage-done"[^\n]*"stage":"model_trainer"/);
    // Its locks would run out in 60 s; the test ends them now (the clock, not a sleep). The
    // trainer's lock was still there: no renewal was missed before the kill.
    const held = unfinishedJobs(victim.log());
    expect(held.map((j) => j.name)).toContain('model_trainer');
    expect((await expireLocksOf(redis.url!, prefix, held)).map((j) => j.name)).toContain('model_trainer');
    const survivor = workers.find((w) => w !== victim)!;

    const result = await running;
    expect(result.ran).toEqual([...PIPELINE_STAGES]);
    expect(survivor.log()).toMatch(trainerStarted);
    // The survivor's start is the job's second: BullMQ counted the dead worker's as the first.
    expect(survivor.log()).toMatch(/"jobId":"[^"]+\.model_trainer","name":"model_trainer","attempt":2/);
    const starts = events.filter((e) => e.type === 'stage-start' && e.stage === 'model_trainer');
    expect(starts.at(-1)).toMatchObject({ attempt: 2 });
    // Only the killed job ran twice: no live worker's job stalled, however slow the machine.
    const others = events.flatMap((e) => (e.type === 'stage-start' && e.stage !== 'model_trainer' ? [e.attempt] : []));
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others)).toEqual(new Set([1]));
    const status = await queue.status();
    expect(status.runLock).toBeNull();
    expect(status.runs[0]).toMatchObject({ status: 'succeeded', kind: 'pipeline' });
  }, 240_000);
});
