import { describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, testApps } from './support/test-app.js';

const app = testApps();

describe('API tokens for scripts', () => {
  it('an admin token drives the admin API from a script: Bearer, no CSRF, hashed at rest, revocable', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const created = await admin.json('/api/me/tokens', { name: 'nightly script', scope: 'admin', expiresInDays: 7 });
    expect(created.status).toBe(201);
    const { token, id, scope, expiresAt } = await jsonOf(created);
    expect(token).toMatch(/^msr_pat_[a-z2-7]{32}$/);
    expect(scope).toBe('admin');
    expect(expiresAt - t.clock.now()).toBe(7 * 24 * 60 * 60_000);
    const stored = (await t.db.execute('SELECT token_hash FROM api_tokens')).rows[0]!['token_hash'];
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify((await t.db.execute('SELECT * FROM api_tokens')).rows)).not.toContain(token);
    const listed = (await jsonOf(await admin.request('/api/me/tokens'))).tokens;
    expect(listed).toEqual([expect.objectContaining({ id, name: 'nightly script', scope: 'admin' })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    // curl -X POST -H "Authorization: Bearer …": no body, no Content-Type, no Origin, no cookie.
    const run = await t.app.request('/api/admin/scheduler/run', { method: 'POST', headers: bearer });
    expect(run.status).toBe(202);
    await t.scheduler.idle();
    const params = (await jsonOf(await t.app.request('/api/admin/params', { headers: bearer }))).params;
    const put = await t.app.request('/api/admin/params', { method: 'PUT', headers: { ...bearer, 'content-type': 'application/json', origin: 'https://elsewhere.example' }, body: JSON.stringify(params) });
    expect(put.status).toBe(200); // no browser attaches a bearer token by itself: no CSRF check applies
    // Tokens cannot mint tokens.
    expect((await t.app.request('/api/me/tokens', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(403);

    expect((await admin.request(`/api/me/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await t.app.request('/api/admin/params', { headers: bearer });
    expect(revoked.status).toBe(401);
    expect((await jsonOf(revoked)).error).toMatchObject({ code: 'ERR_TOKEN_INVALID', message: 'bearer token refused: it was revoked' });
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a read token reads and recommends but writes nothing; tokens expire; plain users get no admin scope', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const user = new Client(t.app);
    await user.signUp('ada');
    expect((await user.json('/api/me/tokens', { name: 'x', scope: 'admin' })).status).toBe(403);
    const { token } = await jsonOf(await user.json('/api/me/tokens', { name: 'playlist bot', expiresInDays: 1 }));
    const bearer = { authorization: `Bearer ${token}` };
    expect((await jsonOf(await t.app.request('/api/me', { headers: bearer }))).user.username).toBe('ada');
    const rec = await t.app.request('/api/recommend', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"playlist":{"index":1},"count":3}' });
    expect(rec.status).toBe(200);
    const write = await t.app.request('/api/me/password', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"currentPassword":"a","newPassword":"b"}' });
    expect(write.status).toBe(403);
    expect((await jsonOf(write)).error.code).toBe('ERR_TOKEN_SCOPE');
    expect((await t.app.request('/api/admin/params', { headers: bearer })).status).toBe(403); // not an admin
    t.clock.advance(24 * 60 * 60_000);
    const expired = await t.app.request('/api/me', { headers: bearer });
    expect(expired.status).toBe(401);
    expect((await jsonOf(expired)).error.message).toBe('bearer token refused: it expired');
    expect((await t.app.request('/api/me', { headers: { authorization: 'Bearer msr_pat_forged' } })).status).toBe(401);
  });
});
