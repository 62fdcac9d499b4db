import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createArgon2Hasher } from '../src/auth/password-hasher.js';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import { startServer, type SeamFactory } from '../src/runtime.js';
import { standInSeams } from '../src/wiring.js';
import { jsonOf } from './support/json.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { freePort, waitForStatus } from './support/free-port.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function workspace(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'msr-lifecycle-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(makeCatalog(8)));
  return {
    dir,
    env: {
      MSR_DATABASE_URL: `file:${join(dir, 'server.db')}`,
      MSR_CATALOG_PATH: join(dir, 'catalog.json'),
      MSR_MODELS_DIR: join(dir, 'models'),
      MSR_PARAMS_PATH: join(dir, 'params.yaml'),
      MSR_SCHEDULER: 'false',
    },
  };
}

describe('the server process (src/main.ts)', () => {
  it('starts on embedded defaults, trains a first model, prints the admin password once, stops on SIGTERM', async () => {
    const { env } = workspace();
    const port = await freePort();
    const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), MAIN], {
      env: { ...process.env, ...env, MSR_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const adminLine = lines.find((l) => String(l['msg']).startsWith('created the first admin with a generated password'));
      expect(adminLine?.['username']).toBe('admin');
      expect(lines.filter((l) => 'password' in l)).toHaveLength(1);

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
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
  });
});

describe('graceful shutdown (startServer)', () => {
  it('finishes requests in flight, then refuses new connections', async () => {
    const { dir } = workspace();
    const port = await freePort();
    const config = loadServerConfig({
      overrides: {
        port,
        database: { url: `file:${join(dir, 'server.db')}` },
        paths: { catalog: join(dir, 'catalog.json'), models: join(dir, 'models'), params: join(dir, 'params.yaml') },
        admin: { username: 'root', password: 'Adm1n-password' },
        scheduler: { enabled: false },
        rateLimits: { enabled: false },
      },
    });
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const base = standInSeams();
    // A resolver that holds the request until the test lets it go.
    const slowSeams: SeamFactory = async (ctx) => {
      const seams = await base(ctx);
      const resolver = seams.resolver;
      return {
        ...seams,
        resolver: {
          resolve: async (ref, options) => {
            entered();
            await new Promise<void>((r) => (release = r));
            return resolver.resolve(ref, options);
          },
        },
      };
    };
    const server = await startServer(config, { logger: new MemoryLogger(), seams: slowSeams, hasher: createArgon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
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
