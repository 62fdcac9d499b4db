/**
 * Two server instances on one database (issue 16, item 3): parameters saved on one are what the
 * other shows and what its next retrain runs with; every save is a version with who and what
 * changed, and a job records the version it used. Real HTTP on two `startServer`s.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createArgon2Hasher } from '../src/auth/password-hasher.js';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import { startServer, type ServerHandle } from '../src/start-server.js';
import { jsonOf } from './support/json.js';
import { within } from './support/server-process.js';
import { testPipelineConfig } from './support/test-app.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function instance(root: string, name: string, database: string): Promise<{ server: ServerHandle; paramsPath: string; api: (path: string, init?: RequestInit) => Promise<Response> }> {
  const dir = join(root, name);
  const config = loadServerConfig({
    base: testPipelineConfig(dir),
    overrides: { port: 0, database: { url: `file:${database}` }, admin: { username: 'root', password: 'Adm1n-password' }, scheduler: { enabled: false }, rateLimits: { enabled: false }, log: { level: 'warn' } },
  });
  const server = await startServer(config, { logger: new MemoryLogger(), cwd: dir, hasher: createArgon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
  cleanups.push(() => server.close());
  const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config.admin) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return { server, paramsPath: config.paths.params, api: (path, init = {}) => fetch(`${server.url}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } }) };
}

describe('params shared by two instances', () => {
  it('one saves, the other shows it, lists the version, and its retrain runs with that version', async () => {
    const root = mkdtempSync(join(tmpdir(), 'msr-params-shared-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const database = join(root, 'shared.db');
    const a = await instance(root, 'a', database);
    const b = await instance(root, 'b', database);

    const before = (await jsonOf(await b.api('/api/admin/params'))) as { params: { GradientBoostingClassifier: Record<string, unknown> }; version: number };
    const changed = { ...before.params, GradientBoostingClassifier: { ...before.params.GradientBoostingClassifier, n_estimators: 7 } };
    expect((await a.api('/api/admin/params', { method: 'PUT', body: JSON.stringify(changed) })).status).toBe(200);

    const seen = (await jsonOf(await b.api('/api/admin/params'))) as { params: typeof changed; version: number };
    expect(seen.params.GradientBoostingClassifier.n_estimators).toBe(7);
    expect(seen.version).toBe(before.version + 1);
    const { versions } = (await jsonOf(await b.api('/api/admin/params/history'))) as { versions: { version: number; createdBy?: string; changes: unknown[] }[] };
    expect(versions[0]).toMatchObject({ version: seen.version, createdBy: 'root', changes: [{ key: 'GradientBoostingClassifier.n_estimators', to: 7 }] });
    const page = await (await b.api('/admin/params')).text();
    expect(page).toContain('id="params-history"');
    expect(page).toContain('GradientBoostingClassifier.n_estimators:');

    // B's retrain runs with the version A saved, and says so.
    const started = await b.api('/api/admin/retrain', { method: 'POST' });
    expect(started.status).toBe(202);
    const { job } = (await jsonOf(started)) as { job: { id: string; paramsVersion?: number } };
    expect(job.paramsVersion).toBe(seen.version);
    expect(readFileSync(b.paramsPath, 'utf8')).toMatch(/n_estimators: 7\b/);
    const { value: done } = await within(60_000, async () => {
      const current = ((await jsonOf(await b.api(`/api/admin/retrain/${job.id}`))) as { job: { status: string; paramsVersion?: number; result?: { params?: typeof changed } } }).job;
      return current.status === 'running' ? undefined : current;
    }, 'the retrain finished');
    expect(done).toMatchObject({ status: 'succeeded', paramsVersion: seen.version, result: { params: { GradientBoostingClassifier: { n_estimators: 7 } } } });
  }, 90_000);
});
