import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, makeTestApp, type TestApp } from './support/test-app.js';

/** Routes anyone may call. */
const PUBLIC = new Set([
  'GET /',
  'GET /about',
  'GET /register',
  'POST /register',
  'GET /login',
  'POST /login',
  'POST /logout',
  'GET /assets/:name',
  'GET /healthz',
  'GET /readyz',
  'POST /api/register',
  'POST /api/login',
  'POST /api/logout',
]);
/** Routes for any logged-in user. */
const USER = new Set(['GET /welcome', 'GET /account', 'POST /account/password', 'GET /recommend', 'POST /recommend', 'POST /api/recommend', 'GET /api/me', 'POST /api/me/password', 'GET /api/me/tokens', 'POST /api/me/tokens', 'DELETE /api/me/tokens/:id', 'GET /api/songs', 'GET /search', 'POST /search/add', 'POST /search/remove',
  // Sign in with Spotify (on in this app, below)
  'GET /spotify', 'GET /spotify/connect', 'GET /spotify/callback', 'POST /spotify/disconnect', 'POST /spotify/recommend', 'POST /spotify/save',
  'GET /api/spotify', 'GET /api/spotify/playlists', 'POST /api/spotify/recommend', 'POST /api/spotify/save', 'DELETE /api/spotify']);
/** User pages a logged-out visitor is redirected from, to the login and back (issue 15). */
const LOGIN_REDIRECTS = new Set(['GET /recommend', 'GET /search', 'GET /spotify', 'GET /spotify/connect', 'GET /spotify/callback']);
const isAdminPath = (path: string) => path === '/admin' || path.startsWith('/admin/') || path.startsWith('/api/admin');

let t: TestApp;
let routes: { method: string; path: string }[];
const anon = () => new Client(t.app);
let user: Client;
let admin: Client;

beforeAll(async () => {
  t = await makeTestApp({ config: { rateLimits: { enabled: false }, spotify: { signIn: true, clientId: 'authorization-test', tokenKey: Buffer.alloc(32, 3).toString('base64') } } });
  user = new Client(t.app);
  await user.signUp('plain');
  admin = new Client(t.app);
  await admin.login(ADMIN.username, ADMIN.password);
  // Hono's route table; middleware registrations are method ALL.
  routes = t.app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path }));
});
afterAll(async () => {
  await t.close();
});

function call(client: Client, method: string, path: string): Promise<Response> {
  const url = path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
  if (method === 'GET') return client.request(url);
  if (url.startsWith('/api/')) return client.json(url, {}, method);
  return client.form(url, {});
}

describe('the route table', () => {
  it('classifies every route as public, user or admin', () => {
    const unclassified = routes.map((r) => `${r.method} ${r.path}`).filter((key) => !PUBLIC.has(key) && !USER.has(key) && !isAdminPath(key.split(' ')[1]!));
    expect(unclassified).toEqual([]);
    expect(routes.filter((r) => isAdminPath(r.path)).length).toBeGreaterThanOrEqual(20);
  });
});

describe('authorisation matrix', () => {
  it('every admin route answers 401 to anonymous and 403 to a plain user', async () => {
    const failures: string[] = [];
    for (const { method, path } of routes.filter((r) => isAdminPath(r.path))) {
      const a = await call(anon(), method, path);
      if (a.status !== 401) failures.push(`${method} ${path} anonymous → ${a.status}`);
      const u = await call(user, method, path);
      if (u.status !== 403) failures.push(`${method} ${path} user → ${u.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('every admin GET route lets an admin in', async () => {
    for (const { method, path } of routes.filter((r) => isAdminPath(r.path) && r.method === 'GET')) {
      const res = await call(admin, method, path);
      // :id routes name a job that does not exist: 404 proves the admin got past the guard.
      expect([200, 404], `${method} ${path}`).toContain(res.status);
    }
  });

  it('every user route answers 401 to anonymous (the two ways in to recommendations send the visitor to log in and back)', async () => {
    for (const key of USER) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await call(anon(), method, path);
      if (LOGIN_REDIRECTS.has(key)) {
        expect(res.status, key).toBe(303);
        expect(res.headers.get('location'), key).toBe(`/login?next=${encodeURIComponent(path)}`);
      } else {
        expect(res.status, key).toBe(401);
      }
    }
  });

  it('a 401 page offers the login link and a 403 says admins only', async () => {
    expect(await (await anon().request('/admin/users')).text()).toContain('href="/login"');
    const forbidden = await user.request('/api/admin/users');
    expect((await jsonOf(forbidden)).error).toMatchObject({ code: 'ERR_FORBIDDEN', message: 'admins only: your account is not an admin' });
  });
});
