/**
 * A server on its own real Redis (Debian's redis-server, no persistence) while Redis fails
 * (issue 16, items 2, 8 and 9): `/readyz` follows Redis; after a restart that lost every key the
 * feed's schedule is back within the check interval and the scheduler page says so; the queue
 * status names the workers by their own names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { directoryArtifactStore, startPipelineWorker } from '@msr/pipeline';
import { findRedisServer, startRedis, type RunningRedis } from '../../../packages/pipeline/test/redis/start-redis.js';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import { startServer } from '../src/start-server.js';
import { allowConsole } from '../../../test/setup/no-console.js';
import { jsonOf } from './support/json.js';
import { within } from './support/server-process.js';
import { testPipelineConfig } from './support/test-app.js';

const redis = inject('redis');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Seconds between schedule checks in this test (the default is 30). */
const CHECK_SECONDS = 1;

describe.skipIf(!redis.url)(`a server whose Redis fails${redis.skipReason ? ` (skipped: ${redis.skipReason})` : ''}`, () => {
  it('is not ready while Redis is down, gets its schedule back after a restart that lost it, and names its workers', async () => {
    const bin = (await findRedisServer())!;
    let own: RunningRedis = await startRedis(bin);
    cleanups.push(() => own.stop());
    const dir = mkdtempSync(join(tmpdir(), 'msr-redis-faults-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const prefix = 'faults';
    const artifacts = join(dir, 'artifacts');
    const worker = await startPipelineWorker({ redis: own.url, artifacts: directoryArtifactStore(artifacts), workDir: join(dir, 'worker'), prefix });
    cleanups.push(() => worker.close());
    // An eviction policy that would drop BullMQ's keys when Redis fills up: start-up warns (and
    // BullMQ prints its own warning on the console, hence allowConsole).
    allowConsole();
    const { Redis } = await import('ioredis');
    const cli = new Redis(own.url);
    await cli.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await cli.quit();
    const logger = new MemoryLogger();
    const config = loadServerConfig({
      base: testPipelineConfig(dir),
      // An environment variable, as an operator would set it.
      env: { MSR_SCHEDULER_CHECK_SECONDS: String(CHECK_SECONDS) },
      overrides: {
        port: 0,
        database: { url: `file:${join(dir, 'server.db')}` },
        admin: { username: 'root', password: 'Adm1n-password' },
        rateLimits: { enabled: true },
        scheduler: { enabled: true, cron: '0 3 1 1 *' },
        queue: { redisUrl: own.url, prefix, artifacts },
        log: { level: 'warn' },
      },
    });
    const server = await startServer(config, { logger, cwd: dir });
    cleanups.push(() => server.close());
    const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config.admin) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const admin = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });
    const queueStatus = async () => ((await jsonOf(await admin('/api/admin/queue'))) as { queue: { schedule: { pattern?: string } | null; workers: { runs: string[]; stages: string[] } } }).queue;

    expect(logger.records.find((r) => String(r.msg).startsWith('Redis maxmemory-policy is "allkeys-lru", not "noeviction"'))?.level).toBe('warn');

    // Item 9: the workers by their own names, not the queue's.
    const { value: first } = await within(10_000, async () => {
      const status = await queueStatus();
      return status.schedule ? status : undefined;
    }, 'the feed scheduled at start');
    expect(first.workers).toEqual({ runs: [worker.id], stages: [worker.id] });
    expect(first.schedule?.pattern).toBe('0 3 1 1 *');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    // Item 8: Redis down — rate-limited routes cannot work, so the instance is not ready.
    await own.stop({ keepDir: true });
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(((await jsonOf(down)) as { checks: Record<string, string> }).checks['redis']).toMatch(/^unavailable/);
    expect((await fetch(`${server.url}/about`)).status).toBe(503); // what users meet meanwhile

    // Item 2: Redis back on the same port with nothing in it (no persistence).
    own = await startRedis(bin, { port: own.port, dir: own.dir });
    await within(10_000, async () => ((await fetch(`${server.url}/readyz`)).status === 200 ? true : undefined), 'ready again after Redis came back');
    const { ms } = await within(CHECK_SECONDS * 1000 + 10_000, async () => ((await queueStatus()).schedule?.pattern === '0 3 1 1 *' ? true : undefined), 'the feed schedule back in Redis');
    expect(ms).toBeLessThan(CHECK_SECONDS * 1000 + 10_000);
    const scheduler = (await jsonOf(await admin('/api/admin/scheduler'))) as { status: { health?: { ok: boolean; message: string } } };
    expect(scheduler.status.health?.ok).toBe(true);
    expect(await (await admin('/admin/scheduler')).text()).toMatch(/id="scheduler-health"[^>]*>ok: /);
    expect(logger.records.some((r) => String(r.msg).startsWith('feed schedule re-asserted'))).toBe(true);
  }, 120_000);
});
