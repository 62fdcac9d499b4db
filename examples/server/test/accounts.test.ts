import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionId } from '../src/auth/session-manager.js';
import { migrate, openDatabase } from '../src/db/database.js';
import { jsonOf } from './support/json.js';
import { FakeClock } from './support/fake-clock.js';
import { Client, makeTestApp, PASSWORD, testApps } from './support/test-app.js';

const app = testApps();

describe('registration rules', () => {
  it.each([
    ['ab', PASSWORD, 'username must be 3–32 characters'],
    ['has space', PASSWORD, 'username must be'],
    ['-dash', PASSWORD, 'username must be'],
    ['valid', 'alllower1!', 'an upper-case letter'],
    ['valid', 'NoDigits!!', 'a digit'],
    ['valid', 'NoSpecial11', 'a special character'],
    ['valid', 'Sh0rt!', 'at least 8 characters'],
    ['Valid-Name1', 'valid-name1', 'an upper-case letter'],
    ['Valid.Name1', 'Valid.Name1', 'must not be the username'],
  ])('refuses %j / %j', async (username, password, message) => {
    const t = await app();
    const res = await new Client(t.app).json('/api/register', { username, password });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error.code).toBe('ERR_VALIDATION');
    expect(JSON.stringify(body.error.issues)).toContain(message);
  });

  it('stores an Argon2id hash, never the password', async () => {
    const t = await app();
    await new Client(t.app).json('/api/register', { username: 'hashme', password: PASSWORD });
    const row = (await t.db.execute(`SELECT password_hash FROM users WHERE username = 'hashme'`)).rows[0]!;
    expect(String(row['password_hash'])).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  });
});

describe('sessions', () => {
  it('stores only the SHA-256 of the token', async () => {
    const t = await app();
    const c = new Client(t.app);
    await c.signUp('ada');
    const token = c.cookie!.split('=')[1]!;
    const ids = (await t.db.execute('SELECT id FROM sessions')).rows.map((r) => String(r['id']));
    expect(ids).toContain(sessionId(token));
    expect(ids).not.toContain(token);
  });

  it('expires after 30 idle minutes and slides with use', async () => {
    const t = await app();
    const c = new Client(t.app);
    await c.signUp('ada');
    t.clock.advance(29 * 60_000);
    const used = await c.request('/api/me');
    expect(used.status).toBe(200);
    expect(used.headers.get('set-cookie')).toMatch(/Max-Age=1800/); // slid: cookie sent again
    t.clock.advance(29 * 60_000);
    expect((await c.request('/api/me')).status).toBe(200); // 58 min after login, 29 after last use
    t.clock.advance(30 * 60_000 + 1);
    const expired = await c.request('/api/me');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM sessions')).rows[0]!['n']).toBe(0);
  });

  it('is not slid (no write) on every request, only after a minute', async () => {
    const t = await app();
    const c = new Client(t.app);
    await c.signUp('ada');
    t.clock.advance(30_000);
    expect((await c.request('/api/me')).headers.get('set-cookie')).toBeNull();
  });

  it('rejects forged and malformed tokens', async () => {
    const t = await app();
    for (const cookie of ['msr_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'msr_session=../../etc', `msr_session=${'x'.repeat(5000)}`]) {
      expect((await t.app.request('/api/me', { headers: { cookie } })).status).toBe(401);
    }
  });

  it('marks the cookie Secure with the __Host- prefix when configured', async () => {
    const t = await app({ config: { secureCookies: true } });
    const c = new Client(t.app);
    await c.json('/api/register', { username: 'sec', password: PASSWORD });
    const res = await c.login('sec', PASSWORD);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-msr_session=[a-z2-7]{32}; Max-Age=1800; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });
});

describe('lockout', () => {
  it('locks after 5 failures for 15 minutes, even for the right password', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app);
    await c.json('/api/register', { username: 'ada', password: PASSWORD });
    for (let i = 0; i < 4; i++) expect((await c.login('ada', 'Wrong-pass1')).status).toBe(401);
    const fifth = await c.login('ada', 'Wrong-pass1');
    expect(fifth.status).toBe(423);
    expect(fifth.headers.get('retry-after')).toBe('900');
    const right = await c.login('ada', PASSWORD);
    expect(right.status).toBe(423);
    expect((await jsonOf(right)).error.message).toContain('locked for 15 more minute(s)');
    t.clock.advance(15 * 60_000);
    expect((await c.login('ada', PASSWORD)).status).toBe(200);
    const outcomes = (await t.db.execute(`SELECT outcome FROM login_attempts ORDER BY id`)).rows.map((r) => r['outcome']);
    expect(outcomes).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'locked', 'success']);
  });

  it('a success resets the count', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app);
    await c.json('/api/register', { username: 'ada', password: PASSWORD });
    for (let i = 0; i < 4; i++) await c.login('ada', 'Wrong-pass1');
    expect((await c.login('ada', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await c.login('ada', 'Wrong-pass1')).status).toBe(401);
  });

  it('locks unknown usernames the same way, so a lock reveals nothing', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app);
    for (let i = 0; i < 4; i++) expect((await c.login('ghost', 'Wrong-pass1')).status).toBe(401);
    expect((await c.login('ghost', 'Wrong-pass1')).status).toBe(423);
  });

  it('survives a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-lockout-'));
    const url = `file:${join(dir, 'server.db')}`;
    const clock = new FakeClock();
    try {
      const db1 = await openDatabase({ url });
      const first = await makeTestApp({ db: db1, clock, config: { rateLimits: { enabled: false } } });
      const c1 = new Client(first.app);
      await c1.json('/api/register', { username: 'ada', password: PASSWORD });
      for (let i = 0; i < 5; i++) await c1.login('ada', 'Wrong-pass1');
      await first.close();
      db1.close();

      const db2 = await openDatabase({ url });
      const second = await makeTestApp({ db: db2, clock, config: { rateLimits: { enabled: false } } });
      const c2 = new Client(second.app);
      expect((await c2.login('ada', PASSWORD)).status).toBe(423);
      clock.advance(15 * 60_000);
      expect((await c2.login('ada', PASSWORD)).status).toBe(200);
      await second.close();
      expect((await migrate(db2)).applied).toEqual([]);
      db2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('first admin', () => {
  it('is created from configuration once', async () => {
    const t = await app();
    const admins = (await t.db.execute(`SELECT username FROM users WHERE role = 'admin'`)).rows.map((r) => r['username']);
    expect(admins).toEqual(['root']);
    expect(t.logger.records.some((r) => r.msg === 'created the first admin from configuration' && !('password' in r))).toBe(true);
    expect(await t.accounts.ensureFirstAdmin({ username: 'other', password: 'Adm1n-password' }, t.logger)).toBeUndefined();
  });

  it('gets a generated password, logged once, that works', async () => {
    const t = await app({ config: { admin: { username: 'boss', password: undefined } } });
    const record = t.logger.records.find((r) => r.msg.startsWith('created the first admin with a generated password'));
    expect(record?.['username']).toBe('boss');
    const password = String(record?.['password']);
    expect(password).toMatch(/^[A-Za-z0-9]{17}-A1$/);
    expect((await new Client(t.app).login('boss', password)).status).toBe(200);
  });
});
