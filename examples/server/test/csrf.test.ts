import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, makeTestApp, PASSWORD, type TestApp } from './support/test-app.js';

let t: TestApp;
let user: Client;
beforeAll(async () => {
  t = await makeTestApp({ config: { rateLimits: { enabled: false } } });
  user = new Client(t.app);
  await user.signUp('ada');
});
afterAll(async () => {
  await t.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('form posts', () => {
  it('refuses a form from another origin', async () => {
    const res = await user.request('/recommend', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ playlist: '1', count: '5' }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('cross-site form submission refused: Origin &quot;https://evil.example&quot; is not http://localhost');
    await t.recommendations.flush();
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM recommendations')).rows[0]!['n']).toBe(0);
  });

  it('refuses a form with neither Origin nor Sec-Fetch-Site', async () => {
    const res = await t.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ username: 'ada', password: PASSWORD }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('the browser sent no Origin header');
  });

  it('refuses cross-site text/plain and multipart bodies, which need no preflight', async () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x']) {
      const res = await user.request('/api/recommend', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': type }, body: '{}' });
      expect(res.status, type).toBe(403);
    }
  });

  it('accepts same-origin forms by Origin or by Sec-Fetch-Site', async () => {
    const byOrigin = await user.request('/recommend', { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: form({ playlist: '1', count: '5' }) });
    expect(byOrigin.status).toBe(200);
    const bySite = await t.app.request('/recommend', {
      method: 'POST',
      headers: { cookie: user.cookie!, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ playlist: '1', count: '5' }),
    });
    expect(bySite.status).toBe(200);
  });
});

describe('JSON writes', () => {
  it('refuses another Origin', async () => {
    const res = await user.request('/api/recommend', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"playlist":{"index":1}}' });
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe('ERR_CSRF');
  });

  it('refuses a cross-site fetch that hides its Origin', async () => {
    const res = await user.request('/api/me/password', {
      method: 'POST',
      headers: { origin: '', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'Hij4cked-pass' }),
    });
    // An empty Origin is not ours either.
    expect(res.status).toBe(403);
    const noOrigin = await t.app.request('/api/me/password', {
      method: 'POST',
      headers: { cookie: user.cookie!, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'Hij4cked-pass' }),
    });
    expect(noOrigin.status).toBe(403);
  });

  it('lets non-browser clients (no Origin, no Sec-Fetch-Site) through', async () => {
    const res = await t.app.request('/api/recommend', { method: 'POST', headers: { cookie: user.cookie!, 'content-type': 'application/json' }, body: '{"playlist":{"index":1}}' });
    expect(res.status).toBe(200);
  });

  it('leaves safe methods alone', async () => {
    expect((await user.request('/api/me', { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });
});

describe('other bodies and body-less writes (issue 16, item 13)', () => {
  it('refuses a write whose body is neither JSON nor a form with 415, before any handler', async () => {
    for (const type of ['application/xml', 'text/csv', 'application/octet-stream']) {
      const res = await user.request('/api/recommend', { method: 'POST', headers: { 'content-type': type }, body: '<playlist index="1"/>' });
      expect(res.status, type).toBe(415);
      expect((await jsonOf(res)).error.code).toBe('ERR_UNSUPPORTED_MEDIA_TYPE');
    }
    // Bytes get no Content-Type from fetch (a string would become text/plain, a form type).
    const untyped = await t.app.request('/api/recommend', { method: 'POST', headers: { cookie: user.cookie! }, body: new TextEncoder().encode('{"playlist":{"index":1}}') });
    expect(untyped.status).toBe(415);
  });

  it('lets a script write with no body and no Content-Type (curl -X POST / DELETE), and still refuses another origin', async () => {
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const run = await t.app.request('/api/admin/scheduler/run', { method: 'POST', headers: { cookie: admin.cookie! } });
    expect(run.status, await run.clone().text()).toBe(202);
    await t.scheduler.idle();
    const victim = new Client(t.app);
    await victim.signUp('bob');
    const id = (await jsonOf(await victim.request('/api/me'))).user.id as string;
    const crossSite = await t.app.request(`/api/admin/users/${id}`, { method: 'DELETE', headers: { cookie: admin.cookie!, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect((await jsonOf(crossSite)).error.code).toBe('ERR_CSRF');
    const hidden = await t.app.request(`/api/admin/users/${id}`, { method: 'DELETE', headers: { cookie: admin.cookie!, 'sec-fetch-site': 'cross-site' } });
    expect(hidden.status).toBe(403);
    const del = await t.app.request(`/api/admin/users/${id}`, { method: 'DELETE', headers: { cookie: admin.cookie! } });
    expect(del.status).toBe(204);
  });
});
