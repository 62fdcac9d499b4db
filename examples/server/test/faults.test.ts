import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/db/database.js';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, PASSWORD, testApps } from './support/test-app.js';
import { trackId } from './support/catalog.js';

const app = testApps();
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('retrain through the API and the pages', () => {
  it('starts a job at once, refuses a second, finishes and hot-swaps the model', async () => {
    const t = await app({ workerEnv: { MSR_STANDIN_STEP_MS: '150' } });
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const started = await admin.json('/api/admin/retrain', {});
    expect(started.status).toBe(202);
    const { job } = await jsonOf(started);
    expect(started.headers.get('location')).toBe(`/api/admin/retrain/${job.id}`);
    expect(job).toMatchObject({ status: 'running', requestedBy: 'root' });
    const second = await admin.form('/admin/retrain', {});
    expect(second.status).toBe(409);
    expect(await second.text()).toContain(`a retrain is already running (job ${job.id})`);
    const page = await admin.request(`/admin/retrain/${job.id}`);
    expect(await page.text()).toContain('<meta http-equiv="refresh" content="2"/>');
    await t.retrain.idle();
    const done = await jsonOf(await admin.request(`/api/admin/retrain/${job.id}`));
    expect(done.job).toMatchObject({ status: 'succeeded', progress: 1 });
    expect(t.modelStore.current()?.info.version).toBe(`nc-${job.id.slice(0, 8)}`);
    const user = new Client(t.app);
    await user.signUp('ada');
    expect((await jsonOf(await user.json('/api/recommend', { playlist: { index: 1 } }))).modelVersion).toBe(`nc-${job.id.slice(0, 8)}`);
    const form = await admin.form('/admin/retrain', {});
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/^\/admin\/retrain\/[0-9a-f-]{36}$/);
    await t.retrain.idle();
  });

  it('a retrain that fails halfway leaves the previous model serving', async () => {
    const t = await app({ workerEnv: { MSR_STANDIN_FAIL_AT: '0.5' } });
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const { job } = await jsonOf(await admin.json('/api/admin/retrain', {}));
    await t.retrain.idle();
    const page = await (await admin.request(`/admin/retrain/${job.id}`)).text();
    expect(page).toContain('failed on purpose at 50%');
    expect(t.modelStore.current()?.info.version).toBe('nc-initial');
  });
});

describe('a locked database', () => {
  it('answers 503 with Retry-After and a request id, and logs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-locked-'));
    dirs.push(dir);
    const url = `file:${join(dir, 'server.db')}`;
    const db = await openDatabase({ url, busyTimeoutMs: 100 });
    await migrate(db);
    const t = await app({ db, config: { rateLimits: { enabled: false } } });
    const other = await openDatabase({ url });
    const tx = await other.transaction('write'); // another process holds the write lock
    try {
      const res = await new Client(t.app).json('/api/register', { username: 'blocked', password: PASSWORD });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      const body = await jsonOf(res);
      expect(body.error.code).toBe('ERR_DATABASE_BUSY');
      expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
      expect(t.logger.records.some((r) => r.msg === 'request failed' && r['requestId'] === body.error.requestId)).toBe(true);
      // Reads still work while the writer holds its lock (WAL).
      const user = new Client(t.app);
      expect((await user.request('/api/me')).status).toBe(401);
    } finally {
      await tx.rollback();
      other.close();
    }
    expect((await new Client(t.app).json('/api/register', { username: 'blocked', password: PASSWORD })).status).toBe(201);
    db.close();
  });
});

describe('server faults', () => {
  it('an unexpected error in a seam is a logged 500 with the request id and no internals', async () => {
    const t = await app();
    (t.modelStore as unknown as { current: () => never }).current = () => {
      throw new TypeError('secret internal detail');
    };
    const user = new Client(t.app);
    await user.signUp('ada');
    const res = await user.json('/api/recommend', { playlist: { uris: [trackId('rock', 1)] } });
    expect(res.status).toBe(500);
    const body = await jsonOf(res);
    expect(body.error.message).toBe(`internal error; quote request id ${body.error.requestId} when reporting it`);
    expect(JSON.stringify(body)).not.toContain('secret');
    const logged = t.logger.records.find((r) => r.msg === 'request failed');
    expect(logged?.['requestId']).toBe(body.error.requestId);
    expect(JSON.stringify(logged)).toContain('secret internal detail');
    const page = await user.form('/recommend', { playlist: `spotify:track:${trackId('rock', 1)}`, count: '5' });
    expect(page.status).toBe(500);
    expect(await page.text()).toContain('Request id:');
  });
});
