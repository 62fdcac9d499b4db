/**
 * Two server processes (`src/main.ts`, real HTTP on 127.0.0.1) on one database: with
 * `MSR_REDIS_URL` they share one rate-limit budget through a real Redis (Debian's redis-server,
 * from the pipeline project's setup); without it, each keeps its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { directoryArtifactStore, startPipelineWorker, type WorkerEvent } from '@msr/pipeline';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import { startServer } from '../src/start-server.js';
import { freePort, waitForStatus } from './support/free-port.js';
import { jsonOf } from './support/json.js';
import { testPipelineConfig } from './support/test-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { readonly url?: string; readonly bin?: string; readonly skipReason?: string };
  }
}

const redis = inject('redis');
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Two instances of the server on one database file, each with its own copy of the trained test pipeline; A is up before B starts. */
async function twoInstances(extraEnv: Record<string, string>): Promise<{ urls: [string, string]; logs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'msr-two-servers-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const urls: string[] = [];
  const logs: string[] = [];
  for (const name of ['a', 'b']) {
    const copy = join(dir, name);
    cpSync(inject('serverPipelineTemplate'), copy, { recursive: true });
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), MAIN], {
      env: {
        ...process.env,
        MSR_PORT: String(port),
        MSR_DATABASE_URL: `file:${join(dir, 'shared.db')}`,
        MSR_ADMIN_PASSWORD: 'Adm1n-password',
        MSR_PARAMS_PATH: join(copy, 'server-params.yaml'),
        MSR_PIPELINE_ROOT: join(copy, 'pipeline'),
        MSR_DATASET: join(copy, 'inputs', 'dataset.csv'),
        MSR_PIPELINE_CONFIG: join(copy, 'inputs', 'config.yaml'),
        MSR_PLAYLISTS_PATH: join(copy, 'inputs', 'playlists.json'),
        MSR_FEED_DROP_FOLDER: join(copy, 'new'),
        MSR_SCHEDULER: 'false',
        MSR_LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = { text: '' };
    child.stdout!.on('data', (d: Buffer) => (log.text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log.text += d.toString()));
    cleanups.push(() => child.kill('SIGKILL'));
    const url = `http://127.0.0.1:${port}`;
    await waitForStatus(`${url}/readyz`, 200, 60_000);
    urls.push(url);
    logs.push(log.text);
  }
  return { urls: urls as [string, string], logs };
}

describe.skipIf(!redis.url)(`two server instances${redis.skipReason ? ` (skipped: ${redis.skipReason})` : ''}`, () => {
  it('share one rate-limit budget through Redis; without Redis each has its own', async () => {
    const shared = await twoInstances({ MSR_REDIS_URL: redis.url!, MSR_REDIS_PREFIX: `t${Date.now()}` });
    // 120 page views a minute per client (the flood guard; costly writes have their own budget, counted
    // the same way), across both instances, whichever answers. Checked by status: over real HTTP the
    // server currently loses headers set after a page is rendered (RateLimit-*, and the security
    // headers with them); the 429s carry theirs from the error.
    for (let i = 0; i < 120; i++) {
      const res = await fetch(`${shared.urls[i % 2]}/about`);
      expect(res.status).toBe(200);
    }
    for (const url of shared.urls) {
      const limited = await fetch(`${url}/about`);
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain('pages: 120 per minute');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    // The control: the same two instances without Redis count separately.
    const separate = await twoInstances({});
    for (let i = 0; i < 120; i++) expect((await fetch(`${separate.urls[0]}/about`)).status).toBe(200);
    expect((await fetch(`${separate.urls[0]}/about`)).status).toBe(429);
    expect((await fetch(`${separate.urls[1]}/about`)).status).toBe(200);
  }, 120_000);
});

describe.skipIf(!redis.url)(`a server on Redis${redis.skipReason ? ` (skipped: ${redis.skipReason})` : ''}`, () => {
  it('enqueues retrains for the msr workers, schedules the feed with BullMQ, and shows admins the queues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-queued-server-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const prefix = `t${Date.now()}q`;
    const artifacts = join(dir, 'artifacts');
    const events: WorkerEvent[] = [];
    const worker = await startPipelineWorker({ redis: redis.url!, artifacts: directoryArtifactStore(artifacts), workDir: join(dir, 'worker'), prefix, onEvent: (e) => events.push(e) });
    const config = loadServerConfig({
      base: testPipelineConfig(dir),
      overrides: {
        port: 0,
        database: { url: `file:${join(dir, 'server.db')}` },
        admin: { username: 'root', password: 'Adm1n-password' },
        rateLimits: { enabled: false },
        scheduler: { enabled: true, cron: '0 3 1 1 *' },
        queue: { redisUrl: redis.url!, prefix, artifacts },
        log: { level: 'warn' },
      },
    });
    const server = await startServer(config, { logger: new MemoryLogger(), cwd: dir });
    try {
      const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config.admin) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const api = async (path: string, init: RequestInit = {}) => fetch(`${server.url}/api/admin${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } });

      const started = await api('/retrain', { method: 'POST', body: '{}' });
      expect(started.status).toBe(202);
      const { job } = (await jsonOf(started)) as { job: { id: string } };
      let done: { status: string; result?: { ran?: string[] }; error?: string } | undefined;
      for (let i = 0; i < 300 && (!done || done.status === 'running'); i++) {
        await new Promise((r) => setTimeout(r, 200));
        done = ((await jsonOf(await api(`/retrain/${job.id}`))) as { job: typeof done }).job;
      }
      expect(done?.status, done?.error).toBe('succeeded');
      expect(done?.result?.ran).toContain('model_assembly');
      // The stages ran on the worker, not in the server.
      expect(events.filter((e) => e.type === 'job-done' && e.queue === 'msr-stages').length).toBe(done!.result!.ran!.length);

      const { queue } = (await jsonOf(await api('/queue'))) as { queue: { schedule: { pattern: string } | null; runs: { status: string; kind: string }[]; workers: { stages: string[] } } };
      expect(queue.schedule?.pattern).toBe('0 3 1 1 *');
      expect(queue.runs[0]).toMatchObject({ kind: 'pipeline', status: 'succeeded' });
      expect(queue.workers.stages).toHaveLength(1);
      const scheduler = (await jsonOf(await api('/scheduler'))) as { status: { name: string; cron: string; nextRunAt?: number } };
      expect(scheduler.status).toMatchObject({ name: 'feed (BullMQ job scheduler)', cron: '0 3 1 1 *' });
      expect(scheduler.status.nextRunAt).toBeGreaterThan(Date.now());
    } finally {
      await server.close();
      await worker.close();
    }
  }, 120_000);
});
