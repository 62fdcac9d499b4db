/**
 * A custom stage list reaches the queue runner's workers, as `runPipeline({ stages })` takes it
 * in process. The worker used to rebuild every run with the default list (`MSR_STAGES`), so a
 * run whose config.yaml declared an added stage's section failed on the worker ("unknown key")
 * and the added stage could not run there. Real redis-server; the worker runs in this process
 * because a stage list is code.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genreReportStage, GENRE_REPORT_SECTION } from '../pipeline/__fixtures__/genre-report-stage.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { MSR_STAGES } from '../pipeline/pipeline-stages.js';
import { directoryArtifactStore } from './artifact-store.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';
import { PipelineQueue } from './pipeline-queue.js';
import { startPipelineWorker, type PipelineWorker } from './pipeline-worker.js';

const redis = testRedis();
const STAGES = [...MSR_STAGES, genreReportStage];

describe.skipIf(!redis.url)(`a queued run with a custom stage list${skipNote(redis.skipReason)}`, () => {
  let fx: PipelineRoot;
  let scratch: string;
  let worker: PipelineWorker | undefined;
  let queue: PipelineQueue | undefined;
  const prefix = `t${Date.now()}c`;

  beforeAll(async () => {
    fx = await pipelineRoot(30);
    scratch = await mkdtemp(join(tmpdir(), 'msr-custom-stages-'));
    const artifacts = directoryArtifactStore(join(scratch, 'cas'));
    worker = await startPipelineWorker({ redis: redis.url!, artifacts, prefix, workDir: join(scratch, 'work'), stages: STAGES });
    queue = await PipelineQueue.connect({ redis: redis.url!, artifacts, prefix });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await Promise.all([fx?.root, scratch].map((dir) => dir && rm(dir, { recursive: true, force: true })));
  });

  it("runs the added stage on the worker and checks its output out into the caller's root", async () => {
    const config = join(fx.root, 'with-report.yaml');
    await writeFile(config, `${await readFile(fx.config, 'utf8')}${GENRE_REPORT_SECTION}`);
    const result = await queue!.runPipeline({ rootDir: fx.root, files: { config, params: fx.quickParams }, stages: STAGES, tracking: null, targets: ['genre_report'], retryDelayMs: 100 });
    expect(result.stages.map((s) => [s.name, s.status, s.error?.message])).toEqual([
      ['data_ingestion', 'ran', undefined],
      ['data_validation', 'ran', undefined],
      ['data_transformation', 'ran', undefined],
      ['genre_report', 'ran', undefined],
    ]);
    const report = JSON.parse(await readFile(join(fx.root, 'reports/genres.json'), 'utf8')) as Record<string, number>;
    expect(Object.values(report).length).toBeGreaterThan(0);
    expect(Object.values(report).every((n) => n > 0)).toBe(true);
  }, 120_000);
});
