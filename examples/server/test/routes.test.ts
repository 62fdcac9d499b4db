import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, makeTestApp, PASSWORD, type TestApp } from './support/test-app.js';
import { trackId } from './support/catalog.js';

let t: TestApp;
let anon: Client;
let user: Client;
let admin: Client;

beforeEach(async () => {
  t = await makeTestApp();
  anon = new Client(t.app);
  user = new Client(t.app);
  await user.signUp('ada');
  admin = new Client(t.app);
  expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
});
afterEach(async () => {
  await t.close();
});

describe('public pages', () => {
  it.each(['/', '/about', '/register', '/login'])('%s renders a page with our stylesheet and no script', async (path) => {
    const res = await anon.request(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('href="/assets/app.css"');
    expect(html).not.toMatch(/<script|https?:\/\/(?!open\.spotify\.com)/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the stylesheet with an ETag and answers 304 to a revalidation', async () => {
    const res = await anon.request('/assets/app.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/css');
    const etag = res.headers.get('etag')!;
    expect((await anon.request('/assets/app.css', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('answers unknown routes with 404 as JSON under /api and as a page elsewhere', async () => {
    const api = await anon.request('/api/nope');
    expect(api.status).toBe(404);
    expect((await jsonOf(api)).error.code).toBe('ERR_NOT_FOUND');
    const page = await anon.request('/nope');
    expect(page.status).toBe(404);
    // The page in words, with ways on (issue 19's follow-up: it said "no route for GET /nope").
    const html = await page.text();
    expect(html).toContain('<h1>Not found</h1>');
    expect(html).toContain('There is no page at <code>/nope</code>. The address may be mistyped, or the page has moved.');
    expect(html).not.toContain('no route for');
    expect(html).toContain('Go to the <a href="/">home page</a>, <a href="/search">search for songs</a>.');
    const signedIn = await (await user.request('/nope/deeper')).text();
    expect(signedIn).toContain('There is no page at <code>/nope/deeper</code>.');
    expect(signedIn).toContain('<a href="/search">search for songs</a> or <a href="/recommend">get recommendations</a>.');
  });
});

describe('probes', () => {
  it('/healthz is ok and /readyz reports the database and the model', async () => {
    expect(await jsonOf(await anon.request('/healthz'))).toEqual({ status: 'ok' });
    const ready = await anon.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await jsonOf(ready)).toEqual({ status: 'ready', checks: { database: 'ok', model: `ok (${t.initialVersion})` } });
    expect(t.initialVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it('/readyz is 503 while no model is loaded', async () => {
    const bare = await makeTestApp();
    (bare.modelStore as unknown as { entry: unknown }).entry = undefined;
    const res = await bare.app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await jsonOf(res)).checks.model).toBe('not loaded');
    await bare.close();
  });
});

describe('register, log in, welcome, account, log out (pages)', () => {
  it('walks the form flow', async () => {
    const browser = new Client(t.app);
    const reg = await browser.form('/register', { username: 'grace', password: PASSWORD });
    expect(reg.status).toBe(303);
    // Registering logs in and goes on to the search page (issue 15, decision 0981).
    expect(reg.headers.get('location')).toBe('/search');
    expect(reg.headers.get('set-cookie')).toMatch(/^msr_session=[a-z2-7]{32}; Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await (await browser.request('/search')).text()).toContain('grace');
    expect((await browser.form('/logout', {})).status).toBe(303);

    const login = await browser.form('/login', { username: 'grace', password: PASSWORD });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/welcome');
    expect(login.headers.get('set-cookie')).toMatch(/^msr_session=[a-z2-7]{32}; Max-Age=1800; Path=\/; HttpOnly; SameSite=Lax$/);

    const welcome = await browser.request('/welcome');
    expect(welcome.status).toBe(200);
    expect(await welcome.text()).toContain('Welcome, grace');
    expect((await browser.request('/account')).status).toBe(200);

    const out = await browser.form('/logout', {});
    expect(out.status).toBe(303);
    expect(browser.cookie).toBeUndefined();
    expect((await browser.request('/welcome')).status).toBe(401);
  });

  it('shows the password rules when registration fails', async () => {
    const res = await anon.form('/register', { username: 'bob', password: 'short' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('password needs at least 8 characters, an upper-case letter, a digit, a special character');
    expect(html).toContain('value="bob"');
  });

  it('shows a wrong password on the login page with a 401', async () => {
    const res = await anon.form('/login', { username: 'ada', password: 'Wrong-pass1' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('wrong username or password');
  });

  it('changes the password from the account page', async () => {
    const res = await user.form('/account/password', { currentPassword: PASSWORD, newPassword: 'N3w-password' });
    expect(res.status).toBe(303);
    expect((await new Client(t.app).login('ada', 'N3w-password')).status).toBe(200);
    const bad = await user.form('/account/password', { currentPassword: 'nope', newPassword: 'N3w-password2' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('current password is wrong');
  });
});

describe('account API', () => {
  it('registers, logs in, tells who is logged in, logs out', async () => {
    const c = new Client(t.app);
    const reg = await c.json('/api/register', { username: 'Linus', password: PASSWORD });
    expect(reg.status).toBe(201);
    expect((await jsonOf(reg)).user).toMatchObject({ username: 'Linus', role: 'user' });
    expect((await c.json('/api/register', { username: 'linus', password: PASSWORD })).status).toBe(409);
    expect((await c.login('LINUS', PASSWORD)).status).toBe(200);
    expect((await jsonOf(await c.request('/api/me'))).user.username).toBe('Linus');
    expect((await c.json('/api/logout', {})).status).toBe(204);
    expect((await c.request('/api/me')).status).toBe(401);
  });

  it('changes the password and ends every other session', async () => {
    const other = new Client(t.app);
    await other.login('ada', PASSWORD);
    expect((await other.request('/api/me')).status).toBe(200);
    const res = await user.json('/api/me/password', { currentPassword: PASSWORD, newPassword: 'Chang3d-pass' });
    expect(res.status).toBe(204);
    expect((await user.request('/api/me')).status).toBe(200); // the changer got a fresh session
    expect((await other.request('/api/me')).status).toBe(401);
    expect((await new Client(t.app).login('ada', PASSWORD)).status).toBe(401);
  });
});

describe('recommendations', () => {
  it('POST /api/recommend answers by playlist index and track list with the real model, and logs each', async () => {
    const byIndex = await user.json('/api/recommend', { playlist: { index: 1 }, count: 5 });
    expect(byIndex.status).toBe(200);
    const body = await jsonOf(byIndex);
    expect(body.playlist).toEqual({ name: 'quiet evening', tracks: 3, unknownUris: [] });
    expect(body.genre).toBe('classical');
    expect(body.songs).toHaveLength(5);
    expect(body.songs.map((s: { rank: number }) => s.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(body.songs.every((s: { genre: string; uri: string }) => s.genre === 'classical' && s.uri.startsWith('clas'))).toBe(true);
    // None of the playlist's three tracks comes back.
    const served = body.songs.map((s: { uri: string }) => s.uri);
    for (const own of [0, 1, 2].map((i) => trackId('classical', i))) expect(served).not.toContain(own);
    const scores = body.songs.map((s: { score: number }) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(body.similarity).toBeGreaterThan(0.5);
    expect(Object.values(body.probabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(body.modelVersion).toBe(t.initialVersion);

    const byUris = await user.json('/api/recommend', { playlist: { uris: [`spotify:track:${trackId('rock', 1)}`, trackId('rock', 2), 'unknownXXXXXXXXXXXXXXX'] } });
    const rock = await jsonOf(byUris);
    expect(rock.genre).toBe('rock');
    expect(rock.songs).toHaveLength(10);
    expect(rock.playlist).toEqual({ name: null, tracks: 2, unknownUris: ['unknownXXXXXXXXXXXXXXX'] });
    // The `uris` form excludes its tracks too, whether given as a URI or a bare id.
    const rockServed = rock.songs.map((s: { uri: string }) => s.uri);
    expect(rockServed).not.toContain(trackId('rock', 1));
    expect(rockServed).not.toContain(trackId('rock', 2));

    await t.recommendations.flush();
    const logged = await t.db.execute('SELECT playlist_ref, genre, count, similarity, latency_ms, model_version, user_id, request_id FROM recommendations ORDER BY id');
    expect(logged.rows.map((r) => [r['playlist_ref'], r['genre'], r['count'], r['model_version']])).toEqual([
      ['index:1', 'classical', 5, t.initialVersion],
      ['tracks:3', 'rock', 10, t.initialVersion],
    ]);
    expect(logged.rows[0]!['request_id']).toBe(body.requestId);
    expect(logged.rows[0]!['similarity']).toBeCloseTo(body.similarity, 12);
    expect(Number(logged.rows[1]!['latency_ms'])).toBeGreaterThan(0);
  });

  it('tops up from the next genres when the predicted genre has too few songs', async () => {
    const res = await user.json('/api/recommend', { playlist: { index: 2 }, count: 50 });
    const body = await jsonOf(res);
    expect(body.genre).toBe('edm');
    expect(body.songs).toHaveLength(50);
    expect(new Set(body.songs.map((s: { uri: string }) => s.uri)).size).toBe(50);
    // Every edm song outside the playlist first, then other genres.
    const genres = body.songs.map((s: { genre: string }) => s.genre);
    const edm = t.catalog.filter((s) => s.genre === 'edm').length - 4;
    expect(genres.slice(0, edm).every((g: string) => g === 'edm')).toBe(true);
    expect(genres.slice(edm).every((g: string) => g !== 'edm')).toBe(true);
    expect(body.songs.map((s: { rank: number }) => s.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('answers playlist problems with their own 4xx', async () => {
    const notFound = await user.json('/api/recommend', { playlist: { index: 99 } });
    expect(notFound.status).toBe(404);
    expect((await jsonOf(notFound)).error.code).toBe('ERR_PLAYLIST_NOT_FOUND');
    const unknown = await user.json('/api/recommend', { playlist: { uris: ['0000000000000000000000'] } });
    expect(unknown.status).toBe(422);
    expect((await jsonOf(unknown)).error.message).toContain('none of the playlist');
    const notPlaylist = await user.json('/api/recommend', { playlist: { url: 'https://example.org/playlist' } });
    expect(notPlaylist.status).toBe(400);
  });

  it('the form renders results with links, and problems beside the form', async () => {
    expect((await user.request('/recommend')).status).toBe(200);
    const res = await user.form('/recommend', { playlist: '2', count: '15' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<dd id="genre">edm</dd>');
    expect(html.match(/<a class="open" href="https:\/\/open\.spotify\.com\/track\/[0-9A-Za-z]{22}"[^>]*>Open in Spotify<\/a>/g)).toHaveLength(15);
    const bad = await user.form('/recommend', { playlist: 'not a playlist', count: '10' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('“not a playlist” is not a playlist link, a playlist number or a list of track ids: as a list of tracks, item 1 &quot;not&quot; is not a track');
    expect((await user.form('/recommend', { playlist: '2', count: '7' })).status).toBe(400);
  });

  it('503 with Retry-After while no model is loaded', async () => {
    (t.modelStore as unknown as { entry: unknown }).entry = undefined;
    const res = await user.json('/api/recommend', { playlist: { index: 1 } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
  });
});

describe('admin', () => {
  it('renders every admin page', async () => {
    for (const path of ['/admin', '/admin/params', '/admin/retrain', '/admin/monitoring', '/admin/users', '/admin/scheduler']) {
      const res = await admin.request(path);
      expect(res.status, path).toBe(200);
    }
  });

  it('edits params through the form and the API, atomically, with validation', async () => {
    const page = await (await admin.request('/admin/params')).text();
    expect(page).toContain('name="GradientBoostingClassifier.learning_rate" value="0.1"');
    const saved = await admin.form('/admin/params', { 'GradientBoostingClassifier.learning_rate': '0.05', 'GaussianMixture.n_components': '2, 3, 4, 5' });
    expect(saved.status).toBe(303);
    const api = await jsonOf(await admin.request('/api/admin/params'));
    expect(api.params.GradientBoostingClassifier.learning_rate).toBe(0.05);
    expect(api.params.GaussianMixture.n_components).toEqual([2, 3, 4, 5]);
    expect(readFileSync(t.config.paths.params, 'utf8')).toContain('learning_rate: 0.05');

    // The pipeline's own check: one component count per genre of its config.yaml.
    const count = await admin.form('/admin/params', { 'GaussianMixture.n_components': '2, 3' });
    expect(count.status).toBe(400);
    expect(await count.text()).toContain('GaussianMixture.n_components: lists 2 component counts but');

    const bad = await admin.form('/admin/params', { 'GradientBoostingClassifier.max_depth': 'deep' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('GradientBoostingClassifier.max_depth');

    const put = await admin.json('/api/admin/params', { ...api.params, GaussianMixture: { ...api.params.GaussianMixture, covariance_type: 'full' } }, 'PUT');
    expect(put.status).toBe(200);
    const unknownKey = await admin.json('/api/admin/params', { ...api.params, extra: 1 }, 'PUT');
    expect(unknownKey.status).toBe(400);
    expect((await jsonOf(unknownKey)).error.issues[0].message).toMatch(/unrecognized key/i);
  });

  it('refuses parameters beyond the models\' own bounds at the boundary, and the form shows them (issue 16, item 7)', async () => {
    const { params } = await jsonOf(await admin.request('/api/admin/params'));
    const cases: [string, string, unknown, string][] = [
      ['GradientBoostingClassifier', 'n_estimators', 1e9, 'must be at most 10000'],
      ['GradientBoostingClassifier', 'max_depth', 2 ** 31, 'must be at most 64'],
      ['GaussianMixture', 'n_components', [1e6, 3, 3, 3], 'must be at most 1000'],
    ];
    for (const [section, key, value, message] of cases) {
      const res = await admin.json('/api/admin/params', { ...params, [section]: { ...params[section], [key]: value } }, 'PUT');
      expect(res.status, `${key} = ${String(value)}`).toBe(400);
      const issue = (await jsonOf(res)).error.issues[0];
      expect(issue.path.slice(0, 2)).toEqual([section, key]);
      expect(issue.message).toBe(message);
    }
    const form = await admin.form('/admin/params', { 'GradientBoostingClassifier.n_estimators': '1000000000' });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('GradientBoostingClassifier.n_estimators: must be at most 10000');
    expect((await jsonOf(await admin.request('/api/admin/params'))).params).toEqual(params); // nothing written
    const page = await (await admin.request('/admin/params')).text();
    expect(page).toMatch(/name="GradientBoostingClassifier.n_estimators" value="\d+" type="number" min="1" max="10000" step="1"/);
    expect(page).toContain('Boosting rounds; each fits one tree per class. (integer from 1 to 10000)');
  });

  it('lists and deletes users but never the last admin', async () => {
    const users = (await jsonOf(await admin.request('/api/admin/users'))).users as { id: string; username: string; role: string }[];
    expect(users.map((u) => u.username).sort()).toEqual(['ada', 'root']);
    const ada = users.find((u) => u.username === 'ada')!;
    const root = users.find((u) => u.username === 'root')!;
    expect((await admin.request(`/api/admin/users/${root.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await admin.form(`/admin/users/${ada.id}/delete`, {})).status).toBe(303);
    expect((await user.request('/api/me')).status).toBe(401); // her sessions went with her
    expect((await admin.request(`/api/admin/users/${ada.id}`, { method: 'DELETE' })).status).toBe(404);
    const page = await admin.form(`/admin/users/${root.id}/delete`, {});
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('the last admin cannot be deleted');
  });

  it('runs the scheduled task on demand and shows its runs', async () => {
    const res = await admin.json('/api/admin/scheduler/run', {});
    expect(res.status).toBe(202);
    await t.scheduler.idle();
    expect(t.taskState.calls).toBe(1);
    const status = await jsonOf(await admin.request('/api/admin/scheduler'));
    expect(status.runs[0]).toMatchObject({ trigger: 'manual', status: 'succeeded', summary: { fed: 0 } });
    expect(status.status).toMatchObject({ name: 'feed', cron: '20 * * * *', enabled: false });
    expect((await admin.form('/admin/scheduler/run', {})).status).toBe(303);
    await t.scheduler.idle();
    // The summary in words, not JSON (issue 15).
    const page = await (await admin.request('/admin/scheduler')).text();
    expect(page).toContain('<td data-label="Summary" class="summary-cell">fed 0.</td>');
    expect(page).not.toContain('&quot;fed&quot;');
  });

  it('serves monitoring as a page with an inline SVG, as SVG and as JSON', async () => {
    await user.json('/api/recommend', { playlist: { index: 1 }, count: 5 });
    t.clock.advance(1_000);
    await user.json('/api/recommend', { playlist: { index: 2 }, count: 5 });
    const json = await jsonOf(await admin.request('/api/admin/monitoring?range=1h'));
    expect(json.points.map((p: { genre: string }) => p.genre)).toEqual(['classical', 'edm']);
    expect(json.points[0]).toMatchObject({ count: 5, modelVersion: t.initialVersion, latencyMs: expect.any(Number) });
    expect(await (await admin.request('/admin/monitoring?range=1h')).text()).toMatch(/Median latency \d+\.\d ms\. Model: [0-9a-f]{16}\./);
    expect(json.threshold).toBe(0.5);
    const page = await (await admin.request('/admin/monitoring?range=1h')).text();
    expect(page.match(/<circle class="point"/g)).toHaveLength(2);
    const svg = await admin.request('/admin/monitoring/chart.svg?range=all');
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain('class="rolling-mean"');
    expect((await admin.request('/api/admin/monitoring?range=2h')).status).toBe(400);
  });

  it('a custom range it cannot read: the monitoring page still, with the typed values and an error beside each field', async () => {
    await user.json('/api/recommend', { playlist: { index: 1 }, count: 5 });
    const bad = await admin.request('/admin/monitoring?from=yesterday&to=');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    // The whole page: its title, the last 24 hours' chart and request, the data-quality section.
    expect(html).toContain('<h1>Monitoring</h1>');
    expect(html.match(/<circle class="point"/g)).toHaveLength(1);
    expect(html).toContain('<section id="data-quality">');
    expect(html).toContain('<p class="hint" id="range-fallback">That range could not be read, so the page shows the last 24 hours.</p>');
    expect(html).toContain(
      '<input name="from" type="text" value="yesterday" placeholder="2026-01-01T00:00:00Z" aria-invalid="true" aria-describedby="range-from-error"/><span class="field-error" id="range-from-error">From is not a date and time; write it like 2026-01-01T00:00:00Z.</span>',
    );
    // An empty To is no bound, not an error.
    expect(html).toContain('<input name="to" type="text" value="" placeholder="2026-01-02T00:00:00Z"/>');

    const reversed = await (await admin.request('/admin/monitoring?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).text();
    expect(reversed).toContain('<span class="field-error" id="range-from-error">From must be before to.</span>');
    expect(reversed).toContain('value="2026-01-01T00:00:00Z"');
    // A bad named range (only typed into the address bar) is said above the form.
    expect(await (await admin.request('/admin/monitoring?range=2h')).text()).toContain('<li>range: must be one of 1h, 24h, 7d, 30d, all</li>');
    // The API and the SVG still refuse with a 400 naming the field.
    const api = await admin.request('/api/admin/monitoring?from=yesterday');
    expect(api.status).toBe(400);
    expect((await jsonOf(api)).error.message).toBe('invalid time range at from: is not a date and time; write it like 2026-01-01T00:00:00Z');
    expect((await admin.request('/admin/monitoring/chart.svg?from=yesterday')).status).toBe(400);
    // Both bounds empty (the form submitted as it stands) is the default range.
    expect((await admin.request('/admin/monitoring?from=&to=')).status).toBe(200);
  });
});
