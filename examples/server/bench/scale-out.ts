/**
 * `npm run bench:scale` (part 2) — recommend throughput of two server instances against one,
 * on this machine: two bench targets (the real wiring on the fixture model, see
 * bench-target.ts) on one database file and one real Redis (Debian's redis-server, started
 * here on 127.0.0.1) holding the rate-limit counters, limits raised out of reach so every
 * request is counted in Redis but none is refused. Authenticated `POST /api/recommend` (playlist
 * 1's track ids, count 10) is loaded with autocannon from this process: all connections on
 * instance A, or half on A and half on B (what a round-robin balancer does), in alternating
 * rounds; a bare Hono route on A is the anchor.
 *
 * Knobs: MSR_BENCH_ROUNDS (3), MSR_BENCH_SECONDS (8), MSR_BENCH_CONNECTIONS (10), and those of
 * bench-target.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CONNECTIONS, median, ROUNDS, SECONDS } from './load-knobs.js';
import { findRedisServer, startRedis } from '../../../packages/pipeline/test/redis/start-redis.js';

const bin = await findRedisServer();
if (!bin) {
  process.stderr.write('bench:scale needs redis-server (apt-get install redis-server, or MSR_REDIS_SERVER)\n');
  process.exit(2);
}
const redis = await startRedis(bin);
const dir = mkdtempSync(join(tmpdir(), 'msr-bench-scale-out-'));
const targets: ChildProcess[] = [];

/** Starts a bench target on the shared database and Redis; resolves with its URLs. */
async function startTarget(): Promise<{ msr: string; hello: string; playlist1: string[]; model: { version: string } }> {
  const target = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./bench-target.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MSR_BENCH_DATABASE_URL: `file:${join(dir, 'shared.db')}`, MSR_BENCH_REDIS_URL: redis.url },
  });
  targets.push(target);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: target.stdout! }).once('line', resolve);
    target.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
  });
  return JSON.parse(line) as { msr: string; hello: string; playlist1: string[]; model: { version: string } };
}

try {
  // One after the other: the second finds the model trained and the admin created.
  const a = await startTarget();
  const b = await startTarget();
  const login = await fetch(`${a.msr}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'B3nch-password' }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const body = JSON.stringify({ playlist: { uris: a.playlist1 }, count: 10 });
  for (const url of [a.msr, b.msr]) {
    // The session lives in the shared database: the cookie from A works on B.
    const check = await fetch(`${url}/api/recommend`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
    if (check.status !== 200) throw new Error(`recommend on ${url} failed: ${check.status} ${await check.text()}`);
  }
  const recommend = (url: string, connections: number, duration: number) =>
    autocannon({ url: `${url}/api/recommend`, method: 'POST', headers: { 'content-type': 'application/json', cookie }, body, connections, duration });
  type Result = { rps: number; p50: number; p99: number; errors: number };
  const of = (rs: Awaited<ReturnType<typeof recommend>>[]): Result => ({
    rps: rs.reduce((n, r) => n + r.requests.average, 0),
    p50: Math.max(...rs.map((r) => r.latency.p50)),
    p99: Math.max(...rs.map((r) => r.latency.p99)),
    errors: rs.reduce((n, r) => n + r.errors + r.non2xx, 0),
  });
  const rounds: Record<'hello' | 'one' | 'two', Result[]> = { hello: [], one: [], two: [] };
  // Warm-up (discarded): both instances' JIT, the connection pools.
  await Promise.all([recommend(a.msr, CONNECTIONS / 2, 3), recommend(b.msr, CONNECTIONS / 2, 3)]);
  for (let round = 0; round < ROUNDS; round++) {
    const hello = await autocannon({ url: `${a.hello}/hello`, connections: CONNECTIONS, duration: SECONDS });
    rounds.hello.push({ rps: hello.requests.average, p50: hello.latency.p50, p99: hello.latency.p99, errors: hello.errors + hello.non2xx });
    rounds.one.push(of([await recommend(a.msr, CONNECTIONS, SECONDS)]));
    const half = Math.max(1, Math.floor(CONNECTIONS / 2));
    rounds.two.push(of(await Promise.all([recommend(a.msr, half, SECONDS), recommend(b.msr, CONNECTIONS - half, SECONDS)])));
  }
  const anchor = median(rounds.hello.map((r) => r.rps));
  const one = median(rounds.one.map((r) => r.rps));
  const row = (label: string, rs: Result[]) =>
    `| ${label} | ${median(rs.map((r) => r.rps)).toFixed(0)} | ${median(rs.map((r) => r.p50)).toFixed(1)} | ${median(rs.map((r) => r.p99)).toFixed(1)} | ${(median(rs.map((r) => r.rps)) / anchor).toFixed(2)} | ${(median(rs.map((r) => r.rps)) / one).toFixed(2)} | ${rs.reduce((n, r) => n + r.errors, 0)} |`;
  const lines = [
    `msr scale bench, part 2: recommend on 1 vs 2 server instances — ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections in all, ${availableParallelism()} cores; rate limits counted in Redis ${redis.url}; model ${a.model.version}`,
    '',
    '| load | req/s (median) | p50 ms | p99 ms | vs hello | vs 1 instance | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('GET /hello on A (bare Hono, anchor)', rounds.hello),
    row('POST /api/recommend, 1 instance (A)', rounds.one),
    row('POST /api/recommend, 2 instances (A + B)', rounds.two),
    '',
    `rounds (req/s): 1 instance ${rounds.one.map((r) => r.rps.toFixed(0)).join(', ')}; 2 instances ${rounds.two.map((r) => r.rps.toFixed(0)).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const target of targets) target.kill('SIGTERM');
  await Promise.all(targets.map((t) => new Promise((r) => (t.exitCode !== null ? r(null) : t.once('exit', r)))));
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
