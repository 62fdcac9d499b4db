/**
 * Sign in with Spotify (authorization code with PKCE) and Save to Spotify, end to end over HTTP
 * against `@msr/spotify/testing`'s fake accounts service and Web API on 127.0.0.1. Every exchange
 * with the fake (request bodies included) is checked against Spotify's published OpenAPI spec
 * when it is present (`../shared/specs/spotify-open-api.yml`; `MSR_CI=1` makes its absence fail).
 */
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../../packages/spotify/test/support/fake.js';
import type { FakePlaylist } from '../../../packages/spotify/src/testing/index.js';
import { jsonOf } from './support/json.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { Client, testApps, type TestApp } from './support/test-app.js';

const APP = { clientId: 'msr-sign-in-test', clientSecret: 'unused-by-pkce', extendedAccess: false };
const KEY = Buffer.alloc(32, 7).toString('base64');
const jazz = makeCatalog().filter((s) => s.genre === 'jazz');
/** Tracks Spotify knows but the songs base does not: they are skipped, by name. */
const UNKNOWN = [0, 1].map((i) => ({ id: `Unknown${i}`.padEnd(22, 'Q'), name: `Obscure <b>song</b> ${i}`, artist: 'Nobody', genre: 'jazz' }));
const MINE = '1AliceJazzPlaylist0000';
const SHARED = '2SharedWithAlice000000';
const FOLLOWED = '3CarolsPlaylist0000000';
const HUGE = '4TenThousandTracks0000';
const FILLERS: FakePlaylist[] = Array.from({ length: 19 }, (_, i) => ({ id: `Filler${i}`.padEnd(22, 'F'), name: `filler ${i}`, ownerId: 'alice', entries: [] }));

const fake = useFakeSpotify(() => ({
  tracks: [...jazz.map((s) => ({ id: s.uri, name: s.name, artist: s.artist, genre: 'jazz' })), ...UNKNOWN],
  playlists: [
    { id: MINE, name: 'jazz on spotify', ownerId: 'alice', entries: [0, 1, 2, 3, 4].map((i) => trackId('jazz', i)).concat(UNKNOWN.map((t) => t.id), 'local:demo.mp3') },
    { id: SHARED, name: 'shared jazz', ownerId: 'bob', collaborators: ['alice'], entries: [5, 6].map((i) => trackId('jazz', i)) },
    { id: FOLLOWED, name: "carol's", ownerId: 'carol', followers: ['alice'], entries: [trackId('jazz', 7)] },
    { id: HUGE, name: 'everything', ownerId: 'alice', entries: Array.from({ length: 10_000 }, (_, i) => trackId('jazz', i % 30)) },
    ...FILLERS,
  ],
  apps: [APP],
  authorizeAs: 'alice',
}));
const apps = testApps();

async function signedIn(): Promise<{ t: TestApp; user: Client }> {
  const t = await apps({
    config: { spotify: { signIn: true, clientId: APP.clientId, tokenKey: KEY, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl, interactiveWaitSeconds: 2 } },
  });
  const user = new Client(t.app);
  await user.signUp('ada');
  return { t, user };
}

/** GET /spotify/connect, then the browser's trip to Spotify's authorize page; returns where Spotify sends it back. */
async function toSpotifyAndBack(user: Client): Promise<{ authorize: URL; callback: string }> {
  const start = await user.request('/spotify/connect');
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers.get('location')!);
  const back = await fetch(authorize, { redirect: 'manual' });
  expect(back.status).toBe(302);
  const target = new URL(back.headers.get('location')!);
  return { authorize, callback: `${target.pathname}${target.search}` };
}

async function connect(user: Client): Promise<void> {
  const { callback } = await toSpotifyAndBack(user);
  const done = await user.request(callback);
  expect(done.status, await done.clone().text()).toBe(303);
  expect(done.headers.get('location')).toBe('/spotify?connected=1');
}

async function storedTokens(t: TestApp): Promise<string[]> {
  return (await t.db.execute('SELECT tokens FROM spotify_accounts')).rows.map((r) => String(r['tokens']));
}

describe('Sign in with Spotify', () => {
  it('the redirect dance: PKCE S256, the three scopes, state checked; tokens sealed at rest; own and collaborative playlists listed, paged', async () => {
    const { t, user } = await signedIn();
    const { authorize, callback } = await toSpotifyAndBack(user);
    const q = authorize.searchParams;
    expect([q.get('client_id'), q.get('response_type'), q.get('code_challenge_method'), q.get('redirect_uri')]).toEqual([APP.clientId, 'code', 'S256', 'http://localhost/spotify/callback']);
    expect(q.get('scope')).toBe('playlist-read-private playlist-read-collaborative playlist-modify-private');
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await storedTokens(t)).toEqual([]);
    expect((await user.request(callback)).status).toBe(303);

    const exchange = fake().requests('spotify-accounts', '/api/token').at(-1)!;
    expect(exchange.status).toBe(200); // the fake checks the verifier against the challenge
    const issued = exchange.body as { access_token: string; refresh_token: string };
    const [sealed] = await storedTokens(t);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(issued.access_token);
    expect(sealed).not.toContain(issued.refresh_token);

    const page = await user.request('/spotify');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Connected as <strong>alice</strong>');
    for (const name of ['jazz on spotify', 'shared jazz', "carol&#39;s", 'filler 15']) expect(html).toContain(name);
    expect(html).not.toContain('filler 16'); // 23 playlists, 20 a page
    expect(html).toContain('href="/spotify?offset=20"');
    expect(html.match(/action="\/spotify\/recommend"/g)).toHaveLength(19); // carol's is followed: listed, not offered
    const second = await (await user.request('/spotify?offset=20')).text();
    expect(second).toContain('filler 18');
    expect(second).toContain('21–23 of 23');
    expect(second).toContain('href="/spotify?offset=0"');
    const api = await jsonOf(await user.request('/api/spotify/playlists?offset=20'));
    expect(api.items.map((p: { name: string }) => p.name)).toEqual(['filler 16', 'filler 17', 'filler 18']);
    expect(await jsonOf(await user.request('/api/spotify'))).toEqual({ connected: true, spotifyUserId: 'alice', displayName: 'alice' });
  });

  it('a wrong, missing, replayed or other-session state connects nothing; the real one still works once', async () => {
    const { t, user } = await signedIn();
    const exchanges = fake().requests('spotify-accounts', '/api/token').length;
    const { callback } = await toSpotifyAndBack(user);
    const url = new URL(callback, 'http://localhost');
    const code = url.searchParams.get('code')!;
    const wrong = await user.request(`/spotify/callback?code=${code}&state=forged`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('This Spotify sign-in is not valid (it was not started here or was already used): nothing was connected.');
    const missing = await user.request(`/spotify/callback?code=${code}`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('the link has no state');

    const mallory = new Client(t.app);
    await mallory.signUp('mallory');
    const stolen = await mallory.request(callback);
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).toContain('it was started in another session');
    expect(await storedTokens(t)).toEqual([]);
    expect(fake().requests('spotify-accounts', '/api/token')).toHaveLength(exchanges); // no code was exchanged

    // The other session's attempt used the state up: single use. A fresh sign-in works.
    await connect(user);
    expect(await storedTokens(t)).toHaveLength(1);
    const replay = await user.request(callback);
    expect(replay.status).toBe(400);
  });

  it('denied consent: a clear message, nothing stored', async () => {
    const { t, user } = await signedIn();
    fake().setConsent('deny');
    const exchanges = fake().requests('spotify-accounts', '/api/token').length;
    try {
      const { callback } = await toSpotifyAndBack(user);
      const res = await user.request(callback);
      expect(await res.text()).toContain('You did not allow msr to use your Spotify account, so nothing was connected.');
      expect(await storedTokens(t)).toEqual([]);
      expect(fake().requests('spotify-accounts', '/api/token')).toHaveLength(exchanges);
    } finally {
      fake().setConsent('approve');
    }
  });

  it('an expired access token is refreshed and the new tokens stored; a revoked refresh token deletes the connection and asks to connect again', async () => {
    const { t, user } = await signedIn();
    await connect(user);
    const [before] = await storedTokens(t);
    fake().expireAllTokens();
    expect((await user.request('/spotify')).status).toBe(200);
    const [after] = await storedTokens(t);
    expect(after).not.toBe(before);
    expect(fake().requests('spotify-accounts', '/api/token').at(-1)!.status).toBe(200);

    // Requests in parallel after expiry share one refresh: a rotated refresh token is never sent twice.
    fake().expireAllTokens();
    const refreshes = fake().requests('spotify-accounts', '/api/token').length;
    const parallel = await Promise.all([1, 2, 3].map(() => user.request('/api/spotify/playlists')));
    expect(parallel.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(fake().requests('spotify-accounts', '/api/token').length - refreshes).toBe(1);

    fake().expireAllTokens();
    fake().revokeRefreshTokens('alice');
    const page = await user.request('/spotify');
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toContain('Spotify no longer accepts this connection (it was revoked or has expired): connect your Spotify account again');
    expect(html).toContain('Connect Spotify again');
    expect(await storedTokens(t)).toEqual([]);
    const api = await user.request('/api/spotify/playlists');
    expect(api.status).toBe(409);
    expect((await jsonOf(api)).error.code).toBe('ERR_SPOTIFY_NOT_CONNECTED');
  });

  it('Disconnect and account deletion delete the tokens', async () => {
    const { t, user } = await signedIn();
    await connect(user);
    const gone = await user.form('/spotify/disconnect', {});
    expect(gone.headers.get('location')).toBe('/spotify?disconnected=1');
    expect(await storedTokens(t)).toEqual([]);
    expect(await jsonOf(await user.request('/api/spotify'))).toEqual({ connected: false });

    await connect(user);
    expect(await storedTokens(t)).toHaveLength(1);
    const id = String((await t.db.execute("SELECT id FROM users WHERE username = 'ada'")).rows[0]!['id']);
    await t.accounts.deleteUser(id);
    expect(await storedTokens(t)).toEqual([]);
  });
});

describe('recommendations from a Spotify playlist and Save to Spotify', () => {
  it('recommends for an own playlist, lists the tracks without features as skipped, and saves the songs as a private playlist', async () => {
    const { user } = await signedIn();
    await connect(user);
    const res = await user.form('/spotify/recommend', { playlist: MINE, count: '10' });
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(html).toContain('<dd id="genre">jazz</dd>');
    expect(html).toContain('2 tracks skipped: no audio features known for them');
    expect(html).toContain('Obscure &lt;b&gt;song&lt;/b&gt; 0 — Nobody'); // a name holding HTML is text
    const ids = /name="tracks" value="([^"]+)"/.exec(html)![1]!.split(' ');
    expect(ids).toHaveLength(10);

    const saved = await user.form('/spotify/save', { name: 'msr: like jazz on spotify', tracks: ids.join(' ') });
    const done = await saved.text();
    expect(saved.status, done).toBe(200);
    expect(done).toContain('Saved &quot;msr: like jazz on spotify&quot; with 10 songs to your Spotify account, as a private playlist.');
    const created = fake().requests('spotify-api', '/me/playlists').filter((e) => e.method === 'POST').at(-1)!;
    const playlist = fake().playlist((created.body as { id: string }).id)!;
    expect(playlist).toMatchObject({ ownerId: 'alice', public: false, name: 'msr: like jazz on spotify', entries: ids });

    const collaborative = await jsonOf(await user.json('/api/spotify/recommend', { playlist: SHARED, count: 5 }));
    expect(collaborative.songs).toHaveLength(5);
    const followed = await user.json('/api/spotify/recommend', { playlist: FOLLOWED, count: 5 });
    expect(followed.status).toBe(403);
    expect((await jsonOf(followed)).error.code).toBe('ERR_PLAYLIST_ACCESS_DENIED');
  });

  it('a 10,000-track playlist: read in pages up to the first 500 tracks, with a clear message', async () => {
    const { user } = await signedIn();
    await connect(user);
    const before = fake().requests('spotify-api', `/playlists/${HUGE}/items`).length;
    const body = await jsonOf(await user.json('/api/spotify/recommend', { playlist: HUGE, count: 5 }));
    expect(body.playlist.truncated).toEqual({ used: 500, total: 10_000 });
    expect(fake().requests('spotify-api', `/playlists/${HUGE}/items`).length - before).toBe(10); // 10 pages of 50, not 200
    const page = await (await user.form('/spotify/recommend', { playlist: HUGE, count: '5' })).text();
    expect(page).toContain('&quot;everything&quot; has 10,000 tracks: the recommendations use its first 500.');
  });

  it('Save adds the items in pages of 100; a short 429 is waited out; a long one is a clear 503 and nothing is left half-saved', async () => {
    const { user } = await signedIn();
    await connect(user);
    const uris = Array.from({ length: 250 }, (_, i) => trackId('jazz', i % 30));
    const items = /^\/playlists\/[^/]+\/items$/;
    fake().fail({ service: 'spotify-api', path: items, status: 429, headers: { 'retry-after': '1' }, skip: 1 });
    const ok = await user.json('/api/spotify/save', { name: 'long one', uris });
    const saved = await jsonOf(ok);
    expect(ok.status, JSON.stringify(saved)).toBe(201);
    expect(saved.added).toBe(250);
    const adds = fake().exchanges.filter((e) => e.method === 'POST' && e.path === `/playlists/${saved.id}/items` && !e.injected);
    expect(adds.map((e) => (e.requestBody as { uris: string[] }).uris.length)).toEqual([100, 100, 50]);
    expect(fake().playlist(saved.id)!.entries).toHaveLength(250);

    fake().fail({ service: 'spotify-api', path: items, status: 429, headers: { 'retry-after': '600' }, skip: 1 });
    const busy = await user.json('/api/spotify/save', { name: 'too busy', uris });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('600');
    const error = (await jsonOf(busy)).error;
    expect(error).toMatchObject({ code: 'ERR_SPOTIFY_BUSY', message: 'Spotify is busy and asks to wait 600 s; try again then. Nothing was saved.' });
    const made = fake().requests('spotify-api', '/me/playlists').filter((e) => e.method === 'POST').at(-1)!;
    expect(fake().playlist((made.body as { id: string }).id)).toBeUndefined();

    fake().fail({ service: 'spotify-api', path: items, status: 429, headers: { 'retry-after': '600' } });
    const page = await user.form('/spotify/save', { name: 'page', tracks: uris.slice(0, 10).join(' ') });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Spotify is busy and asks to wait 600 s; try again then. Nothing was saved.');
  });

  it('bad input: a typed error for the API, a message beside the form, nothing sent to Spotify', async () => {
    const { user } = await signedIn();
    await connect(user);
    const before = fake().exchanges.length;
    const noName = await user.json('/api/spotify/save', { name: ' \t', uris: [trackId('jazz', 1)] });
    expect(noName.status).toBe(400);
    expect((await jsonOf(noName)).error).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ path: ['name'], message: 'the playlist needs a name' }] });
    const control = await user.json('/api/spotify/save', { name: 'a\u0000b', uris: [trackId('jazz', 1)] });
    expect((await jsonOf(control)).error.issues[0]).toEqual({ path: ['name'], message: 'no control characters (tabs, line breaks…)' });
    const badIds = await user.json('/api/spotify/save', { name: 'x', uris: ['<script>'] });
    expect((await jsonOf(badIds)).error.issues[0].path).toEqual(['uris', 0]);
    const tooMany = await user.json('/api/spotify/save', { name: 'x', uris: Array.from({ length: 501 }, () => trackId('jazz', 1)) });
    expect(tooMany.status).toBe(400);
    const badPlaylist = await user.json('/api/spotify/recommend', { playlist: 'not-a-playlist', count: 5 });
    expect((await jsonOf(badPlaylist)).error.issues[0].path).toEqual(['playlist']);
    const form = await user.form('/spotify/save', { name: '', tracks: trackId('jazz', 1) });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('Playlist name: the playlist needs a name');
    expect(fake().exchanges.length).toBe(before);
  });

  it('without sign-in configured, /spotify explains and the API routes do not exist', async () => {
    const t = await apps({});
    const user = new Client(t.app);
    await user.signUp('ada');
    const page = await user.request('/spotify');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Sign in with Spotify is not set up on this server, so it cannot read your Spotify playlists');
    expect((await user.request('/spotify/connect')).status).toBe(404);
  });
});
