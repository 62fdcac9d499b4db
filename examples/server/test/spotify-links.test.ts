/**
 * Spotify playlist links against `@msr/spotify/testing`'s fake Web API and accounts service on
 * 127.0.0.1 (a development-mode app, as new apps are today). Every exchange is checked against
 * Spotify's published OpenAPI spec with the spotify package's own validator, when the spec is
 * present (`../shared/specs/spotify-open-api.yml`).
 */
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../../packages/spotify/test/support/fake.js';
import { jsonOf } from './support/json.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { Client, testApps, type TestAppOptions } from './support/test-app.js';

const APP = { clientId: 'msr-server-test', clientSecret: 'not-a-real-secret', extendedAccess: false };
const OWN = '1AliceJazzPlaylist0000';
const FOREIGN = '2BobsRockPlaylist00000';
const jazz = makeCatalog().filter((s) => s.genre === 'jazz');

const fake = useFakeSpotify(() => ({
  // Names and artists as Spotify lists them; the features come from the songs base.
  tracks: jazz.map((s) => ({ id: s.uri, name: s.name, artist: s.artist, genre: 'jazz' })),
  playlists: [
    { id: OWN, name: 'jazz on spotify', ownerId: 'alice', entries: [0, 1, 2, 3].map((i) => trackId('jazz', i)) },
    { id: FOREIGN, name: "bob's", ownerId: 'bob', entries: [trackId('jazz', 4)] },
  ],
  apps: [APP],
}));
const app = testApps();

async function userOf(options: TestAppOptions): Promise<Client> {
  const t = await app(options);
  const user = new Client(t.app);
  await user.signUp('ada');
  return user;
}

const link = (id: string) => ({ playlist: { url: `https://open.spotify.com/playlist/${id}?si=abc` }, count: 5 });

describe('Spotify playlist links', () => {
  it("with a signed-in user's refresh token: the user's own playlist is recommended from, by the API and the form", async () => {
    const { refreshToken } = fake().issueUserToken('alice', { clientId: APP.clientId, refresh: true });
    const user = await userOf({ config: { spotify: { clientId: APP.clientId, refreshToken: refreshToken!, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl } } });
    const res = await user.json('/api/recommend', link(OWN));
    const body = await jsonOf(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.playlist).toEqual({ name: 'jazz on spotify', tracks: 4, unknownUris: [] });
    expect(body.genre).toBe('jazz');
    expect(body.songs).toHaveLength(5);
    expect(fake().requests('spotify-accounts', '/api/token').at(-1)?.status).toBe(200); // refreshed once, then reused
    const page = await user.form('/recommend', { playlist: `spotify:playlist:${OWN}`, count: '10' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<dd id="genre">jazz</dd>');
    expect(fake().requests('spotify-accounts', '/api/token')).toHaveLength(1);

    const foreign = await user.json('/api/recommend', link(FOREIGN));
    expect(foreign.status).toBe(403);
    const refusal = (await jsonOf(foreign)).error;
    expect(refusal.code).toBe('ERR_PLAYLIST_ACCESS_DENIED');
    expect(refusal.message).toContain('only for playlists the signed-in user owns or collaborates on');

    const missing = await user.json('/api/recommend', link('3NoSuchPlaylist0000000'));
    expect(missing.status).toBe(404);
  });

  it('with client credentials of a development-mode app: refused, saying a user token is needed', async () => {
    const user = await userOf({ config: { spotify: { clientId: APP.clientId, clientSecret: APP.clientSecret, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl } } });
    const res = await user.json('/api/recommend', link(OWN));
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.message).toContain('client-credentials token, which has no signed-in user');
  });

  it('a short client secret (under 8 characters) echoed back by the accounts service reaches neither the JSON nor the page', async () => {
    const SHORT = 'Zq7!k2';
    const user = await userOf({ config: { spotify: { clientId: APP.clientId, clientSecret: SHORT, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl } } });
    // As some auth proxies do: the refusal names the credential it refused.
    const echo = { error: 'invalid_client', error_description: `client_secret ${SHORT} is not valid for ${APP.clientId}` };
    fake().fail({ service: 'spotify-accounts', path: '/api/token', status: 401, body: echo, times: 2 });
    const res = await user.json('/api/recommend', link(OWN));
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(text).toContain('client_secret [redacted] is not valid for msr-server-test');
    expect(text).not.toContain(SHORT);
    const page = await user.form('/recommend', { playlist: `https://open.spotify.com/playlist/${OWN}`, count: '5' });
    const html = await page.text();
    expect(html).toContain('client_secret [redacted] is not valid');
    expect(html).not.toContain(SHORT);
    expect(html).not.toContain('Zq7!k2'.replace('!', '&#33;'));
  });

  it('without Spotify settings: refused with what to do instead', async () => {
    const user = await userOf({});
    const res = await user.json('/api/recommend', link(OWN));
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error).toMatchObject({
      code: 'ERR_PLAYLIST_INVALID_REFERENCE',
      message: "this server has no Spotify access configured, so it cannot read playlist links; paste the playlist's track links instead (or a playlist number)",
    });
    const page = await user.form('/recommend', { playlist: `https://open.spotify.com/playlist/${OWN}`, count: '5' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('no Spotify access configured');
  });
});

describe('Spotify answering 429 while a person waits (issue 16, item 14)', () => {
  const userWithLinks = async () => {
    const { refreshToken } = fake().issueUserToken('alice', { clientId: APP.clientId, refresh: true });
    return userOf({ config: { spotify: { clientId: APP.clientId, refreshToken: refreshToken!, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl } } });
  };

  it('a wait beyond the short interactive budget is not held: 503 at once, with Spotify\'s Retry-After', async () => {
    const user = await userWithLinks();
    for (const asked of ['20', '3600']) {
      fake().fail({ service: 'spotify-api', path: /^\/playlists\//, status: 429, headers: { 'retry-after': asked } });
      const started = Date.now();
      const res = await user.json('/api/recommend', link(OWN));
      expect(Date.now() - started, `Retry-After: ${asked}`).toBeLessThan(2_000);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(asked);
      const error = (await jsonOf(res)).error;
      expect(error.code).toBe('ERR_PLAYLIST_SOURCE_BUSY');
      expect(error.message).toContain(`Spotify asks to wait ${asked} s`);
      fake().clearFaults();
    }
  });

  it('on the form, the busy answer is the form again with the typed link kept', async () => {
    const user = await userWithLinks();
    fake().fail({ service: 'spotify-api', path: /^\/playlists\//, status: 429, headers: { 'retry-after': '20' } });
    const typed = `https://open.spotify.com/playlist/${OWN}?si=abc`;
    const res = await user.form('/recommend', { playlist: typed, count: '15' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('20');
    const html = await res.text();
    expect(html).toContain('<li>Spotify is rate-limiting this server: Spotify asks to wait 20 s; try again then');
    expect(html).toContain(`<textarea name="playlist" rows="3" required="" placeholder="https://open.spotify.com/playlist/… or 42 or track ids">${typed}</textarea>`);
    expect(html).toContain('<option value="15" selected="">');
  });

  it('a short Retry-After within the budget is waited out and the answer comes', async () => {
    const user = await userWithLinks();
    fake().fail({ service: 'spotify-api', path: /^\/playlists\//, status: 429, headers: { 'retry-after': '1' } });
    const res = await user.json('/api/recommend', link(OWN));
    expect(res.status).toBe(200);
  });
});
