import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createArgon2Hasher } from '../src/auth/password-hasher.js';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import type { Services } from '../src/build-services.js';
import { startServer } from '../src/start-server.js';
import { jsonOf } from './support/json.js';
import { trackId } from './support/catalog.js';
import { freePort, waitForStatus } from './support/free-port.js';
import { ADMIN_PASSWORD, adminApi, pipelineEnv, within } from './support/server-process.js';
import { testPipelineConfig } from './support/test-app.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A folder with the test pipeline's inputs but no pipeline root yet (no model), and the env pointing at it. */
function workspace(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'msr-lifecycle-'));
  dirs.push(dir);
  cpSync(join(inject('serverPipelineTemplate'), 'inputs'), join(dir, 'inputs'), { recursive: true });
  return { dir, env: pipelineEnv(dir, { database: join(dir, 'server.db'), params: join(dir, 'params.yaml') }) };
}

/** Runs one of the server's entry scripts; collects its output. */
function run(script: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), join(SRC, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('the server process (src/main.ts)', () => {
  it('starts with no model, trains the first one in the background, prints the admin password once, stops on SIGTERM', async () => {
    const { env } = workspace();
    const port = await freePort();
    const { child, out, exited } = run('main.ts', { ...env, MSR_PORT: String(port) });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200);
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 60_000);
      const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const adminLine = lines.find((l) => String(l['msg']).startsWith('created the first admin with a generated password'));
      expect(adminLine?.['username']).toBe('admin');
      expect(lines.filter((l) => 'password' in l)).toHaveLength(1);
      expect(lines.some((l) => l['msg'] === 'no model yet: training the first one in the background')).toBe(true);
      expect(lines.some((l) => l['msg'] === 'model hot-swapped')).toBe(true);
      // The server's own params file, created from the shipped defaults with one n_components per
      // genre its pipeline config lists (four here).
      const params = readFileSync(env['MSR_PARAMS_PATH']!, 'utf8');
      expect(params).toMatch(/^# Model parameters of the msr server/);
      expect(params).toContain('n_components:\n    - 3\n    - 3\n    - 3\n    - 3\n  random_state');

      const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
        body: JSON.stringify({ username: 'admin', password: adminLine?.['password'] }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const rec = await fetch(`http://127.0.0.1:${port}/api/recommend`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ playlist: { uris: [trackId('jazz', 1), trackId('jazz', 2)] }, count: 5 }),
      });
      expect(rec.status).toBe(200);
      expect((await jsonOf(rec)).genre).toBe('jazz');

      // Over real HTTP every header the middleware adds must arrive (in-memory requests can't
      // show it: @hono/node-server once dropped headers set before an outer c.header()).
      // On every kind of answer: a page, a JSON API success, a login, an API 401, a page 404.
      const page = await fetch(`http://127.0.0.1:${port}/about`);
      expect(page.status).toBe(200);
      const unauthorised = await fetch(`http://127.0.0.1:${port}/api/me`);
      expect(unauthorised.status).toBe(401);
      const missing = await fetch(`http://127.0.0.1:${port}/no-such-page`);
      expect(missing.status).toBe(404);
      const requestIds = new Set<string | null>();
      for (const [name, res] of Object.entries({ page, rec, login, unauthorised, missing })) {
        expect(res.headers.get('content-security-policy'), name).toContain("default-src 'none'");
        expect(res.headers.get('x-frame-options'), name).toBe('SAMEORIGIN');
        expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
        expect(res.headers.get('x-request-id'), name).toMatch(/^[0-9a-f-]{36}$/);
        requestIds.add(res.headers.get('x-request-id'));
      }
      expect(requestIds.size).toBe(5);
      expect(page.headers.get('ratelimit-limit')).not.toBeNull();
      expect(rec.headers.get('ratelimit-remaining')).not.toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, out.stderr).toBe(0);
    expect(out.stdout).toContain('"msg":"stopped"');
  }, 90_000);
});

describe('the first training fails (src/main.ts)', () => {
  it('retries with backoff and becomes ready by itself once the dataset is there', async () => {
    const { dir, env } = workspace();
    // The dataset is not there yet (a volume still mounting, a sync not finished): the first job fails.
    const late = join(dir, 'late', 'dataset.csv');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child, out, exited } = run('main.ts', { ...env, MSR_DATASET: late, MSR_PORT: String(port), MSR_ADMIN_PASSWORD: ADMIN_PASSWORD, MSR_FIRST_MODEL_RETRY_SECONDS: '1' });
    try {
      await waitForStatus(`${url}/healthz`, 200);
      const admin = await adminApi(url);
      await within(60_000, async () => {
        const { jobs } = (await jsonOf(await admin('/retrain'))) as { jobs: { status: string }[] };
        return jobs.some((j) => j.status === 'failed') ? true : undefined;
      }, 'the first training fails');
      expect((await fetch(`${url}/readyz`)).status).toBe(503);

      mkdirSync(join(dir, 'late'));
      copyFileSync(env['MSR_DATASET']!, late);
      await waitForStatus(`${url}/readyz`, 200, 60_000);
      const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const retry = lines.find((l) => l['msg'] === 'the first training failed; retrying');
      expect(retry, out.stdout).toMatchObject({ attempt: 1, retryInSeconds: 1 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, out.stderr).toBe(0);
  }, 150_000);
});

describe('npm start (src/main.ts --quickstart)', () => {
  it('trains first with the pipeline, then serves; prints a sample for playlist 1, the URL and the admin credentials; stops on Ctrl-C', async () => {
    const { env } = workspace();
    const port = await freePort();
    const { child, out, exited } = run('main.ts', { ...env, MSR_PORT: String(port) }, ['--quickstart']);
    try {
      const deadline = Date.now() + 60_000;
      while (!out.stdout.includes('Stop it with Ctrl-C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out.stdout, out.stderr).toContain(`msr is running at http://127.0.0.1:${port}`);
      const trained = out.stdout.indexOf('model trained');
      expect(trained).toBeGreaterThan(-1);
      expect(trained).toBeLessThan(out.stdout.indexOf('listening'));
      expect(out.stderr).toContain('model_assembly'); // the pipeline's progress, on stderr
      const credentials = /first admin: admin \/ (\S+) {2}\(generated now/.exec(out.stdout);
      expect(credentials, out.stdout).not.toBeNull();
      expect(out.stdout).toMatch(/Sample: playlist 1 of .*playlists\.json \("quiet evening", 3 tracks with features\)\n {2}genre classical \(\d+%\), similarity [01]\.\d{3}, model [0-9a-f]{16}\n {3}1\. classical song \d+ — classical artist \d · classical album {2}\(classical, score [01]\.\d{3}\) {2}https:\/\/open\.spotify\.com\/track\/clas/);
      expect(existsSync(join(env['MSR_PIPELINE_ROOT']!, 'models_best', 'recommender.json'))).toBe(true);
      const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: credentials![1] }),
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/INFO {2}stopped/);
  }, 90_000);
});

describe('graceful shutdown (startServer)', () => {
  it('finishes requests in flight, then refuses new connections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-shutdown-'));
    dirs.push(dir);
    const port = await freePort();
    const config = loadServerConfig({
      base: testPipelineConfig(dir),
      overrides: {
        port,
        database: { url: `file:${join(dir, 'server.db')}` },
        admin: { username: 'root', password: 'Adm1n-password' },
        scheduler: { enabled: false },
        rateLimits: { enabled: false },
      },
    });
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    // A resolver that holds the request until the test lets it go.
    const slow = (services: Services): Services => {
      const resolver = services.resolver;
      return {
        ...services,
        resolver: {
          resolve: async (ref, options) => {
            entered();
            await new Promise<void>((r) => (release = r));
            return resolver.resolve(ref, options);
          },
        },
      };
    };
    const server = await startServer(config, { logger: new MemoryLogger(), cwd: dir, adapt: slow, hasher: createArgon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
    await waitForStatus(`${server.url}/readyz`, 200);
    const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'Adm1n-password' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const inFlight = fetch(`${server.url}/api/recommend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ playlist: { uris: [trackId('rock', 1)] }, count: 3 }),
    });
    await inside;
    const closed = server.close();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).songs).toHaveLength(3);
    await closed;
  });
});

describe('short secrets at start-up (startServer)', () => {
  it('warns naming each secret shorter than 8 characters, never the secret itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-short-secret-'));
    dirs.push(dir);
    const SHORT = 'Zq7!k2';
    const config = loadServerConfig({
      base: testPipelineConfig(dir),
      overrides: {
        port: await freePort(),
        database: { url: `file:${join(dir, 'server.db')}` },
        admin: { username: 'root', password: 'Adm1n-password' },
        scheduler: { enabled: false },
        spotify: { clientId: 'short-secret-test', clientSecret: SHORT },
      },
    });
    const logger = new MemoryLogger();
    const server = await startServer(config, { logger, cwd: dir, hasher: createArgon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
    try {
      const warning = logger.records.find((r) => String(r.msg).startsWith('secrets shorter than 8 characters'));
      expect(warning, JSON.stringify(logger.records.map((r) => r.msg))).toMatchObject({ level: 'warn', secrets: ['spotify.clientSecret'] });
      expect(JSON.stringify(logger.records)).not.toContain(SHORT);
    } finally {
      await server.close();
    }
  });
});
