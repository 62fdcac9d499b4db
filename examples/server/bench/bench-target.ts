/**
 * The benchmark's server process: the msr app with the real wiring (`buildServices`: `@msr/core`
 * `recommend()` on the fixture model, `@msr/spotify` resolution against the songs base), rate
 * limits off, warn-level logs, a file database; and a bare Hono "hello" app as the ceiling, both
 * on 127.0.0.1. The fixture model is trained once with the real pipeline and the shipped
 * parameters (250 boosting rounds) into `examples/server/.cache/bench/<dataset hash>/` and reused.
 * Prints the URLs and what it serves as one JSON line on stdout.
 *
 * Knobs: MSR_BENCH_DATASET (Kaggle-format zip/CSV, default fixtures/dataset.zip),
 * MSR_BENCH_DATABASE_URL (a database shared with another target), MSR_BENCH_REDIS_URL (rate limits
 * in that Redis, raised out of reach — for `npm run bench:scale`),
 * MSR_BENCH_PLAYLISTS (MPD file, default fixtures/playlists.json).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playlistFileSchema } from '@msr/core';
import { createProgressRenderer, runPipeline } from '@msr/pipeline';
import { Hono } from 'hono';
import { createPipelineParamsStore, readPipelineConfigTexts } from '../src/adapters/pipeline-params.js';
import { pipelineJobSettingsOf, pipelineOptionsOf, pipelinePathsOf } from '../src/adapters/pipeline-job.js';
import { loadServerConfig } from '../src/config/config.js';
import { createJsonLogger } from '../src/logging/logger.js';
import { listen, startServer } from '../src/start-server.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dataset = resolve(process.env['MSR_BENCH_DATASET'] ?? join(repo, 'fixtures', 'dataset.zip'));
const playlists = resolve(process.env['MSR_BENCH_PLAYLISTS'] ?? join(repo, 'fixtures', 'playlists.json'));
for (const file of [dataset, playlists]) {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run fixtures\`, or set MSR_BENCH_DATASET / MSR_BENCH_PLAYLISTS`);
}
const cache = fileURLToPath(new URL(`../.cache/bench/${createHash('sha256').update(dataset).digest('hex').slice(0, 12)}/`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'msr-bench-'));
// bench:scale runs two of these on one database and one Redis: rate limits then count in Redis (limits raised out of reach).
const redisUrl = process.env['MSR_BENCH_REDIS_URL'];
const onRedis = redisUrl ? { queue: { redisUrl, prefix: 'msr-bench' }, rateLimits: { enabled: true, globalPerHour: 1e9, globalPerDay: 1e9, authPer15Minutes: 1e9, recommendPerMinute: 1e9 } } : {};
const config = loadServerConfig({
  overrides: {
    port: 0,
    database: { url: process.env['MSR_BENCH_DATABASE_URL'] ?? `file:${join(dir, 'server.db')}` },
    paths: { params: join(cache, 'params.yaml'), pipelineRoot: join(cache, 'pipeline'), dataset, playlists },
    admin: { username: 'bench', password: 'B3nch-password' },
    rateLimits: { enabled: false },
    scheduler: { enabled: false },
    log: { level: 'warn' },
    ...onRedis,
  },
});
const settings = pipelineJobSettingsOf(config);
await createPipelineParamsStore(settings.paramsFile, readPipelineConfigTexts());
const { bundle } = await pipelinePathsOf(settings);
if (!existsSync(bundle)) await runPipeline({ ...pipelineOptionsOf(settings), tracker: null, onEvent: createProgressRenderer(process.stderr) });

const logger = createJsonLogger((line) => process.stderr.write(`${line}\n`), { level: 'warn' });
const server = await startServer(config, { logger });
const hello = new Hono().get('/hello', (c) => c.text('hello'));
const helloServer = await listen(hello as never, { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1_000 });
const model = server.services.modelStore.current()!;
const first = playlistFileSchema.parse(JSON.parse(readFileSync(playlists, 'utf8'))).playlists[0]!;
process.stdout.write(
  `${JSON.stringify({
    msr: server.url,
    hello: helloServer.url,
    dataset,
    model: { version: model.info.version, songs: model.model.catalogSize, genres: model.model.genres.length },
    playlist1: first.tracks.map((t) => t.track_uri),
  })}\n`,
);

process.on('SIGTERM', () => {
  void Promise.all([server.close(), helloServer.close()]).then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
