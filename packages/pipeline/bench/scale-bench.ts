/**
 * `npm run bench:scale` (part 1) — the overhead of the BullMQ runner over the in-process runner
 * on the same pipeline: a cold full pipeline (every stage forced) and a no-change repeat, each
 * in-process and on two `msr worker` processes sharing a real Redis (Debian's redis-server,
 * started here on 127.0.0.1) and a folder artifact store. Tracking is off in both, so the
 * figures are the runners' own.
 *
 * Other work shares the machine: each figure is a median, printed beside a CPU anchor measured
 * in the same run and as a ratio to the in-process figure.
 *
 * Dataset: `fixtures/dataset.zip` when present, else a generated Kaggle-format dataset of
 * 10 genres × 1,000 songs; `MSR_BENCH_DATASET` names another file. `MSR_BENCH_RUNS` (default 3).
 */
import { SEED_GENRES } from '@msr/core';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigDir, directoryArtifactStore, PipelineQueue, runPipeline } from '../src/index.js';
import { kaggleCsv, kaggleRows } from '../src/stages/__fixtures__/kaggle-csv.js';
import { anchor, median } from './bench-anchor.js';
import { spawnWorker, stopWorker } from '../src/runner-bullmq/__fixtures__/spawn-worker.js';
import { findRedisServer, startRedis } from '../test/redis/start-redis.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = process.env.MSR_BENCH_DATASET ?? join(repo, 'fixtures/dataset.zip');
const RUNS = Number(process.env.MSR_BENCH_RUNS ?? 3);

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};


const bin = await findRedisServer();
if (!bin) {
  process.stderr.write('bench:scale needs redis-server (apt-get install redis-server, or MSR_REDIS_SERVER)\n');
  process.exit(2);
}
const scratch = await mkdtemp(join(tmpdir(), 'msr-bench-scale-'));
let source = fixture;
if (!existsSync(fixture)) {
  source = join(scratch, 'dataset.csv');
  await writeFile(source, kaggleCsv(kaggleRows(SEED_GENRES, 1000)));
}
const config = join(scratch, 'config.yaml');
await writeFile(config, (await readFile(join(defaultConfigDir(), 'config.yaml'), 'utf8')).replace(/source_URL: .*/, `source_URL: ${source}`));
const files = { config };
const redis = await startRedis(bin);
const shared = join(scratch, 'artifacts');
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];
let queue: PipelineQueue | undefined;
try {
  for (let i = 0; i < 2; i++) workers.push(await spawnWorker(['--redis', redis.url, '--artifacts', shared, '--work-dir', join(scratch, `w${i}`), '--quiet']));
  queue = await PipelineQueue.connect({ redis: redis.url, artifacts: directoryArtifactStore(shared) });
  const anchorBefore = await anchor();
  const local = join(scratch, 'local');
  const queued = join(scratch, 'queued');
  const inProcessCold: number[] = [];
  const queueCold: number[] = [];
  // Alternate, so drift in the machine's load hits both alike.
  for (let i = 0; i < RUNS; i++) {
    inProcessCold.push(await time(() => runPipeline({ rootDir: local, files, tracker: null, force: true })));
    queueCold.push(await time(() => queue!.runPipeline({ rootDir: queued, files, tracking: null, force: true })));
  }
  const inProcessWarm: number[] = [];
  const queueWarm: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    inProcessWarm.push(await time(() => runPipeline({ rootDir: local, files, tracker: null })));
    queueWarm.push(await time(() => queue!.runPipeline({ rootDir: queued, files, tracking: null })));
  }
  const anchorMs = median([anchorBefore, await anchor()]);
  const row = (name: string, xs: number[], base?: number[]): string =>
    `${name.padEnd(40)} ${`${(median(xs) / 1000).toFixed(3)} s`.padStart(10)}  ×${(median(xs) / anchorMs).toFixed(1).padStart(6)} anchor${base ? `   ×${(median(xs) / median(base)).toFixed(2)} in-process` : ''}`;
  const out = [
    `msr scale bench, part 1: BullMQ runner vs in-process — dataset ${source === fixture ? fixture : 'generated 10 × 1,000 songs'}, Node ${process.version}, redis-server ${redis.url}; tracking off`,
    `anchor (parse 10k-row CSV + sha256 64 MiB), median: ${anchorMs.toFixed(1)} ms`,
    '',
    row(`cold full pipeline, in-process (median of ${RUNS})`, inProcessCold),
    row(`cold full pipeline, 2 workers (median of ${RUNS})`, queueCold, inProcessCold),
    `  runs: in-process ${inProcessCold.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; queued ${queueCold.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`,
    row(`no-change repeat, in-process (median of ${RUNS + 2})`, inProcessWarm),
    row(`no-change repeat, 2 workers (median of ${RUNS + 2})`, queueWarm, inProcessWarm),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await queue?.close();
  await Promise.all(workers.map(stopWorker));
  await redis.stop();
  await rm(scratch, { recursive: true, force: true });
}
