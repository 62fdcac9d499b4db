/**
 * `npm run bench:server`: authenticated `POST /api/recommend` against a bare Hono "hello"
 * route (the ceiling), served by one child process and loaded by autocannon from this one, in
 * alternating rounds; prints medians and the ratio to the anchor. Then the login cost.
 *
 * Phase 1 serves the nearest-centroid test double; phase 2 re-runs this on the real model.
 * Knobs: MSR_BENCH_ROUNDS (3), MSR_BENCH_SECONDS (8), MSR_BENCH_CONNECTIONS (10), MSR_BENCH_DATASET.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createArgon2Hasher } from '../src/auth/password-hasher.js';
import { loadServerConfig } from '../src/config/config.js';
import { benchDataset, playlistUris } from './dataset.js';

const ROUNDS = Number(process.env['MSR_BENCH_ROUNDS'] ?? '3');
const SECONDS = Number(process.env['MSR_BENCH_SECONDS'] ?? '8');
const CONNECTIONS = Number(process.env['MSR_BENCH_CONNECTIONS'] ?? '10');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const target = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./bench-target.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const first = await new Promise<string>((resolve, reject) => {
  createInterface({ input: target.stdout }).once('line', resolve);
  target.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
});
const urls = JSON.parse(first) as { msr: string; hello: string; catalog: string };

try {
  // Log in once, through the real login path.
  const login = await fetch(`${urls.msr}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'B3nch-password' }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  // The first model trains at start-up; wait until it serves.
  for (let i = 0; i < 200 && (await fetch(`${urls.msr}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 300));
  const uris = playlistUris(benchDataset());
  const body = JSON.stringify({ playlist: { uris }, count: 10 });
  const check = await fetch(`${urls.msr}/api/recommend`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
  if (check.status !== 200) throw new Error(`recommend failed: ${check.status} ${await check.text()}`);

  const results: Record<'hello' | 'recommend', { rps: number[]; p99: number[]; p50: number[]; errors: number }> = {
    hello: { rps: [], p99: [], p50: [], errors: 0 },
    recommend: { rps: [], p99: [], p50: [], errors: 0 },
  };
  const load = (which: 'hello' | 'recommend', duration: number) =>
    autocannon({
      url: which === 'hello' ? `${urls.hello}/hello` : `${urls.msr}/api/recommend`,
      connections: CONNECTIONS,
      duration,
      ...(which === 'recommend' ? { method: 'POST' as const, headers: { 'content-type': 'application/json', cookie }, body } : {}),
    });
  // Warm-up (discarded): lets the JIT compile both paths before anything is measured.
  await load('hello', 2);
  await load('recommend', 3);
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of ['hello', 'recommend'] as const) {
      const r = await load(which, SECONDS);
      results[which].rps.push(r.requests.average);
      results[which].p99.push(r.latency.p99);
      results[which].p50.push(r.latency.p50);
      results[which].errors += r.errors + r.non2xx;
    }
  }

  // Login cost: the Argon2id hash alone with the configured parameters, and a full HTTP login.
  const params = loadServerConfig().argon2;
  const hasher = createArgon2Hasher(params);
  await hasher.hash('warm-Up1!');
  const hashMs: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    await hasher.hash('Corr3ct-horse!');
    hashMs.push(performance.now() - t);
  }
  const loginMs: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    await fetch(`${urls.msr}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'B3nch-password' }) });
    loginMs.push(performance.now() - t);
  }

  const hello = { rps: median(results.hello.rps), p99: median(results.hello.p99) };
  const rec = { rps: median(results.recommend.rps), p99: median(results.recommend.p99), p50: median(results.recommend.p50) };
  const lines = [
    `msr server benchmark — warm-up, then ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, catalog: ${urls.catalog}`,
    '',
    '| route | req/s (median) | p50 ms | p99 ms (median) | vs hello | errors |',
    '|---|---:|---:|---:|---:|---:|',
    `| GET /hello (bare Hono, anchor) | ${hello.rps.toFixed(0)} | ${median(results.hello.p50).toFixed(1)} | ${hello.p99.toFixed(1)} | 1.00 | ${results.hello.errors} |`,
    `| POST /api/recommend (authenticated, count 10) | ${rec.rps.toFixed(0)} | ${rec.p50.toFixed(1)} | ${rec.p99.toFixed(1)} | ${(rec.rps / hello.rps).toFixed(2)} | ${results.recommend.errors} |`,
    '',
    `rounds (req/s): hello ${results.hello.rps.map((x) => x.toFixed(0)).join(', ')}; recommend ${results.recommend.rps.map((x) => x.toFixed(0)).join(', ')}`,
    `target (issue 8): recommend >= 1000 req/s and p99 <= 25 ms -> ${rec.rps >= 1000 && rec.p99 <= 25 ? 'met' : 'NOT met'} on this run`,
    '',
    `login cost: Argon2id m=${params.memoryCost} KiB, t=${params.timeCost}, p=${params.parallelism}: hash median ${median(hashMs).toFixed(1)} ms (min ${Math.min(...hashMs).toFixed(1)}, max ${Math.max(...hashMs).toFixed(1)}); full HTTP login median ${median(loginMs).toFixed(1)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  target.kill('SIGTERM');
}
