import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionId } from '../src/auth/session-manager.js';
import { migrate, openDatabase } from '../src/db/database.js';
import { jsonOf } from './support/json.js';
import { FakeClock } from './support/fake-clock.js';
import { ADMIN, Client, makeTestApp, PASSWORD, testApps } from './support/test-app.js';

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

describe('login throttling (issue 16, items 5 and 6)', () => {
  it('delays one address exponentially after 5 wrong passwords, never locks the account, and the right password still works from elsewhere', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app, '203.0.113.9');
    await c.json('/api/register', { username: 'ada', password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await c.login('ada', 'Wrong-pass1')).status).toBe(401);
    const held = await c.login('ada', PASSWORD); // even the right password waits: it is this address's turn that is up
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('10');
    expect((await jsonOf(held)).error).toMatchObject({ code: 'ERR_LOGIN_THROTTLED', message: 'too many wrong passwords from this address: try again in 10 s' });
    // Another address is not held back.
    expect((await new Client(t.app, '198.51.100.7').login('ada', PASSWORD)).status).toBe(200);
    t.clock.advance(10_000);
    expect((await c.login('ada', 'Wrong-pass1')).status).toBe(401);
    expect((await c.login('ada', PASSWORD)).headers.get('retry-after')).toBe('20'); // doubled
    t.clock.advance(20_000);
    expect((await c.login('ada', PASSWORD)).status).toBe(200);
    const outcomes = (await t.db.execute(`SELECT outcome FROM login_attempts WHERE client = '203.0.113.9' ORDER BY id`)).rows.map((r) => r['outcome']);
    expect(outcomes).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'locked', 'failure', 'locked', 'success']);
  });

  it('an attacker with 100 addresses cannot stop the admin logging in: at once from a known address, after a short wait from a fresh one', async () => {
    const t = await app(); // rate limits on, as deployed
    const owner = new Client(t.app, '192.0.2.10');
    expect((await owner.login(ADMIN.username, ADMIN.password)).status).toBe(200); // the admin's usual address
    const attack = async (rounds: number): Promise<void> => {
      for (let round = 0; round < rounds; round++) {
        for (let a = 0; a < 100; a++) await new Client(t.app, `10.9.${Math.floor(a / 250)}.${a % 250}`).login(ADMIN.username, `Guess-${round}-${a}x`);
        t.clock.advance(5_000);
      }
    };
    await attack(6);
    const guesses = Number((await t.db.execute(`SELECT COUNT(*) AS n FROM login_attempts WHERE outcome = 'failure'`)).rows[0]!['n']);
    expect(guesses).toBeLessThanOrEqual(100 * 5); // most of 600 tries were held back
    expect((await new Client(t.app, '192.0.2.10').login(ADMIN.username, ADMIN.password)).status).toBe(200);

    const fresh = new Client(t.app, '192.0.2.99'); // the admin on a new network
    const first = await fresh.login(ADMIN.username, ADMIN.password);
    expect(first.status).toBe(429);
    const wait = Number(first.headers.get('retry-after'));
    expect(wait).toBeLessThanOrEqual(60);
    expect((await jsonOf(first)).error.message).toContain('many wrong passwords were tried on this account');
    await attack(Math.ceil(wait / 5)); // the attack goes on meanwhile
    expect((await fresh.login(ADMIN.username, ADMIN.password)).status).toBe(200);
  }, 90_000);

  it('drops counters untouched for a day', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    for (let i = 0; i < 3; i++) await new Client(t.app, `10.1.0.${i}`).login('ghost', 'Wrong-pass1');
    t.clock.advance(12 * 60 * 60_000);
    await new Client(t.app, '10.1.0.9').login('ghost', 'Wrong-pass1');
    t.clock.advance(12 * 60 * 60_000 + 1);
    expect(await t.throttle.purgeStale()).toBe(3);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM login_throttle')).rows[0]!['n'])).toBe(1);
  });

  it('throttles unknown usernames the same way, so it reveals nothing', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app);
    for (let i = 0; i < 5; i++) expect((await c.login('ghost', 'Wrong-pass1')).status).toBe(401);
    expect((await c.login('ghost', 'Wrong-pass1')).status).toBe(429);
  });

  it('an admin clears a throttled account', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app, '203.0.113.9');
    await c.signUp('ada');
    for (let i = 0; i < 5; i++) await c.login('ada', 'Wrong-pass1');
    expect((await c.login('ada', PASSWORD)).status).toBe(429);
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const id = ((await jsonOf(await admin.request('/api/admin/users'))).users as { id: string; username: string }[]).find((u) => u.username === 'ada')!.id;
    const res = await admin.json(`/api/admin/users/${id}/unlock`, {});
    expect(await jsonOf(res)).toEqual({ cleared: 1 });
    expect((await c.login('ada', PASSWORD)).status).toBe(200);
    expect((await admin.form(`/admin/users/${id}/unlock`, {})).status).toBe(303);
  });

  it('throttles the current-password check of a password change', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app, '203.0.113.9');
    await c.signUp('ada');
    for (let i = 0; i < 5; i++) expect((await c.json('/api/me/password', { currentPassword: `Wrong-pass${i}`, newPassword: 'N3w-password!' })).status).toBe(400);
    const held = await c.json('/api/me/password', { currentPassword: PASSWORD, newPassword: 'N3w-password!' });
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('10');
    t.clock.advance(10_000);
    expect((await c.json('/api/me/password', { currentPassword: PASSWORD, newPassword: 'N3w-password!' })).status).toBe(204);
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
      expect((await c2.login('ada', PASSWORD)).status).toBe(429);
      clock.advance(10_000);
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
