/**
 * `npm run bench:server`: authenticated `POST /api/recommend` on the real fixture model — a
 * list of track links (playlist 1's tracks) and a playlist number — against a bare Hono "hello"
 * route (the ceiling), served by one child process and loaded by autocannon from this one, in
 * alternating rounds; prints medians, the ratio to the anchor and the load average seen during
 * the rounds. Then the login cost.
 *
 * Knobs: MSR_BENCH_ROUNDS (3), MSR_BENCH_SECONDS (8), MSR_BENCH_CONNECTIONS (10),
 * MSR_BENCH_DATASET, MSR_BENCH_PLAYLISTS (see bench-target.ts).
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CONNECTIONS, median, ROUNDS, SECONDS } from './load-knobs.js';
import { createArgon2Hasher } from '../src/auth/password-hasher.js';
import { loadServerConfig } from '../src/config/config.js';

const target = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./bench-target.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
type Route = 'hello' | 'uris' | 'index';
const first = await new Promise<string>((resolve, reject) => {
  createInterface({ input: target.stdout }).once('line', resolve);
  target.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
});
const urls = JSON.parse(first) as { msr: string; hello: string; dataset: string; model: { version: string; songs: number; genres: number }; playlist1: string[] };

try {
  // Log in once, through the real login path.
  const login = await fetch(`${urls.msr}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'B3nch-password' }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  // The first model trains at start-up; wait until it serves.
  for (let i = 0; i < 200 && (await fetch(`${urls.msr}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 300));
  const bodies: Record<Exclude<Route, 'hello'>, string> = {
    uris: JSON.stringify({ playlist: { uris: urls.playlist1 }, count: 10 }),
    index: JSON.stringify({ playlist: { index: 1 }, count: 10 }),
  };
  for (const body of Object.values(bodies)) {
    const check = await fetch(`${urls.msr}/api/recommend`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
    if (check.status !== 200) throw new Error(`recommend failed: ${check.status} ${await check.text()}`);
  }

  const routes: Route[] = ['hello', 'uris', 'index'];
  const results = Object.fromEntries(routes.map((r) => [r, { rps: [] as number[], p99: [] as number[], p50: [] as number[], errors: 0 }])) as Record<
    Route,
    { rps: number[]; p99: number[]; p50: number[]; errors: number }
  >;
  const load = (which: Route, duration: number) =>
    autocannon({
      url: which === 'hello' ? `${urls.hello}/hello` : `${urls.msr}/api/recommend`,
      connections: CONNECTIONS,
      duration,
      ...(which === 'hello' ? {} : { method: 'POST' as const, headers: { 'content-type': 'application/json', cookie }, body: bodies[which] }),
    });
  // Warm-up (discarded): lets the JIT compile every path before anything is measured.
  for (const which of routes) await load(which, which === 'hello' ? 2 : 3);
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of routes) {
      const r = await load(which, SECONDS);
      loads.push(loadavg()[0]!);
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
  const row = (label: string, which: Route) => {
    const r = results[which];
    return `| ${label} | ${median(r.rps).toFixed(0)} | ${median(r.p50).toFixed(1)} | ${median(r.p99).toFixed(1)} | ${(median(r.rps) / hello.rps).toFixed(2)} | ${r.errors} |`;
  };
  const rec = { rps: median(results.uris.rps), p99: median(results.uris.p99) };
  const lines = [
    `msr server benchmark — warm-up, then ${ROUNDS} rounds × ${SECONDS} s per route, ${CONNECTIONS} connections`,
    `model ${urls.model.version}: ${urls.model.songs} songs, ${urls.model.genres} genres, trained by the pipeline on ${urls.dataset}`,
    '',
    '| route | req/s (median) | p50 ms | p99 ms (median) | vs hello | errors |',
    '|---|---:|---:|---:|---:|---:|',
    row('GET /hello (bare Hono, anchor)', 'hello'),
    row(`POST /api/recommend, ${urls.playlist1.length} track ids, count 10 (authenticated)`, 'uris'),
    row('POST /api/recommend, playlist number 1, count 10 (authenticated)', 'index'),
    '',
    `rounds (req/s): ${routes.map((r) => `${r} ${results[r].rps.map((x) => x.toFixed(0)).join(', ')}`).join('; ')}`,
    `load average (1 min) after each measured round: median ${median(loads).toFixed(2)} (min ${Math.min(...loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)}) on ${availableParallelism()} cores`,
    `target (issue 8): recommend >= 1000 req/s and p99 <= 25 ms -> ${rec.rps >= 1000 && rec.p99 <= 25 ? 'met' : 'NOT met'} on this run (track-id body)`,
    '',
    `login cost: Argon2id m=${params.memoryCost} KiB, t=${params.timeCost}, p=${params.parallelism}: hash median ${median(hashMs).toFixed(1)} ms (min ${Math.min(...hashMs).toFixed(1)}, max ${Math.max(...hashMs).toFixed(1)}); full HTTP login median ${median(loginMs).toFixed(1)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  target.kill('SIGTERM');
}
