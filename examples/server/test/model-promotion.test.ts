/**
 * Promotion by alias (issue 16, item 4), on a real Redis with a real worker: a run on the
 * queue prefix that this deployment did not start (an operator's CLI `msr run` with other
 * params) is registered but never reaches users; an admin promotes it, and rolls back.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { directoryArtifactStore, PipelineQueue, startPipelineWorker } from '@msr/pipeline';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import { startServer } from '../src/start-server.js';
import { jsonOf } from './support/json.js';
import { within } from './support/server-process.js';
import { testPipelineConfig } from './support/test-app.js';

const redis = inject('redis');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!redis.url)(`promotion by the champion alias${redis.skipReason ? ` (skipped: ${redis.skipReason})` : ''}`, () => {
  it('a CLI run on the queue prefix does not reach users until an admin promotes it; rollback returns the previous model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-promotion-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const prefix = `t${Date.now()}p`;
    const artifacts = join(dir, 'artifacts');
    const worker = await startPipelineWorker({ redis: redis.url!, artifacts: directoryArtifactStore(artifacts), workDir: join(dir, 'worker'), prefix });
    cleanups.push(() => worker.close());
    const config = loadServerConfig({
      base: testPipelineConfig(join(dir, 'server')),
      overrides: {
        port: 0,
        database: { url: `file:${join(dir, 'server.db')}` },
        admin: { username: 'root', password: 'Adm1n-password' },
        rateLimits: { enabled: false },
        scheduler: { enabled: false },
        queue: { redisUrl: redis.url!, prefix, artifacts },
        models: { checkSeconds: 1 },
        log: { level: 'warn' },
      },
    });
    const server = await startServer(config, { logger: new MemoryLogger(), cwd: join(dir, 'server') });
    cleanups.push(() => server.close());
    const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config.admin) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/api/admin${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } });
    const serving = async () => ((await jsonOf(await fetch(`${server.url}/readyz`))) as { checks: { model: string } }).checks.model;
    const models = async () => (await jsonOf(await api('/models'))) as { champion: string; serving: string; versions: { version: string; source: string }[] };
    const first = await models();
    expect(first.serving).toBe(first.champion);
    expect(await serving()).toBe(`ok (${first.champion})`);

    // An operator runs the pipeline on the same prefix from elsewhere, with other parameters.
    const cli = join(dir, 'cli');
    cpSync(join(inject('serverPipelineTemplate'), 'inputs'), join(cli, 'inputs'), { recursive: true });
    const params = join(cli, 'inputs', 'params.yaml');
    writeFileSync(params, readFileSync(params, 'utf8').replace(/n_estimators: \d+/, 'n_estimators: 3'));
    const queue = await PipelineQueue.connect({ redis: redis.url!, prefix, artifacts: directoryArtifactStore(artifacts) });
    cleanups.push(() => queue.close());
    const run = await queue.runPipeline({ rootDir: join(cli, 'pipeline'), files: { params, config: join(cli, 'inputs', 'config.yaml') }, sourceUrl: join(cli, 'inputs', 'dataset.csv'), tracking: null });
    expect(run.ran).toContain('model_assembly');

    const { value: candidate } = await within(30_000, async () => {
      const state = await models();
      return state.versions.find((v) => v.source === `queued run ${run.runId}`);
    }, 'the CLI run registered by the server');
    expect(candidate.version).not.toBe(first.champion);
    await new Promise((r) => setTimeout(r, 2_500)); // two champion checks later: still the same model
    expect(await serving()).toBe(`ok (${first.champion})`);

    const promoted = await api('/models/promote', { method: 'POST', body: JSON.stringify({ version: candidate.version }) });
    expect(await jsonOf(promoted)).toEqual({ champion: candidate.version, serving: candidate.version });
    expect(await serving()).toBe(`ok (${candidate.version})`);

    const back = await api('/models/rollback', { method: 'POST' });
    expect(await jsonOf(back)).toEqual({ champion: first.champion, serving: first.champion });
    const { history } = (await jsonOf(await api('/models'))) as { history: { version: string; setBy: string }[] };
    expect(history.slice(0, 3).map((m) => `${m.version}:${m.setBy}`)).toEqual([`${first.champion}:root`, `${candidate.version}:root`, `${first.champion}:startup`]);
    expect((await api('/models/promote', { method: 'POST', body: JSON.stringify({ version: 'nope' }) })).status).toBe(404);
  }, 120_000);
});
