/**
 * The shipped config.yaml lists no genres: the pipeline takes them from the data. A worker
 * builds its pipeline before it has downloaded the dataset (an uploaded input), so it cannot
 * survey the data itself; the caller pins the genres it chose in the run's definition. Without
 * that, the production smoke test's first training failed on the worker with "the dataset does
 * not exist" (the survey's error, deferred to the ingestion stage).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfigDir } from '../config/default-config-dir.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { directoryArtifactStore } from './artifact-store.js';
import { spawnWorker, stopWorker, type SpawnedWorker } from './__fixtures__/spawn-worker.js';
import { PipelineQueue } from './pipeline-queue.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';

const redis = testRedis();

describe.skipIf(!redis.url)(`a queued run whose genres come from the data${skipNote(redis.skipReason)}`, () => {
  let data: PipelineRoot;
  let queued: string;
  let shared: string;
  let worker: SpawnedWorker | undefined;
  let queue: PipelineQueue | undefined;
  const prefix = `t${Date.now()}g`;

  beforeAll(async () => {
    data = await pipelineRoot(30);
    queued = await mkdtemp(join(tmpdir(), 'msr-queued-genres-'));
    shared = await mkdtemp(join(tmpdir(), 'msr-artifacts-genres-'));
    worker = await spawnWorker(['--redis', redis.url!, '--artifacts', shared, '--prefix', prefix, '--json', '--work-dir', join(queued, '.worker')]);
    queue = await PipelineQueue.connect({ redis: redis.url!, artifacts: directoryArtifactStore(shared), prefix });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    if (worker) await stopWorker(worker);
    await Promise.all([data?.root, queued, shared].map((dir) => dir && rm(dir, { recursive: true, force: true })));
  });

  it('ingests on the worker with the genres the caller took from its dataset', async () => {
    // The shipped config.yaml (no genre list), pointed at a dataset outside the queued root.
    const config = join(queued, 'config.yaml');
    const shipped = await readFile(join(defaultConfigDir(), 'config.yaml'), 'utf8');
    expect(shipped).not.toMatch(/^ {2}genres:/m);
    await writeFile(config, shipped.replace(/source_URL: .*/, `source_URL: ${data.dataset}`));
    const result = await queue!.runPipeline({ rootDir: queued, files: { config, params: data.quickParams }, tracking: null, targets: ['data_validation'], retryDelayMs: 100 });
    expect(result.stages.map((s) => [s.name, s.status, s.error?.message])).toEqual([
      ['data_ingestion', 'ran', undefined],
      ['data_validation', 'ran', undefined],
    ]);
    expect(result.ran).toEqual(['data_ingestion', 'data_validation']);
  });
});
