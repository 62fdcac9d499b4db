/**
 * The configured `spotify.refreshToken` after Spotify rotates it: the server keeps the new one in
 * `spotify.refreshTokenFile` (atomically, owner-only), so a restart reads playlist links with it
 * rather than with the rotated-out one from the configuration. Spotify is
 * `@msr/spotify/testing`'s fake on 127.0.0.1, rotating refresh tokens as Spotify may.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../../packages/spotify/test/support/fake.js';
import { jsonOf } from './support/json.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { Client, testApps, type TestApp } from './support/test-app.js';

const APP = { clientId: 'msr-server-test', clientSecret: 'not-a-real-secret', extendedAccess: false };
const OWN = '1AliceJazzPlaylist0000';
const jazz = makeCatalog().filter((s) => s.genre === 'jazz');

const fake = useFakeSpotify(() => ({
  tracks: jazz.map((s) => ({ id: s.uri, name: s.name, artist: s.artist, genre: 'jazz' })),
  playlists: [{ id: OWN, name: 'jazz on spotify', ownerId: 'alice', entries: [0, 1, 2].map((i) => trackId('jazz', i)) }],
  apps: [APP],
  rotateRefreshTokens: true,
}));
const app = testApps();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A server configured with `refreshToken`, keeping rotated tokens in `file`. */
async function serverWith(refreshToken: string, file: string): Promise<{ t: TestApp; user: Client }> {
  const t = await app({
    config: { spotify: { clientId: APP.clientId, refreshToken, refreshTokenFile: file, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl } },
  });
  const user = new Client(t.app);
  await user.signUp('ada');
  return { t, user };
}

const byLink = (user: Client) => user.json('/api/recommend', { playlist: { url: `https://open.spotify.com/playlist/${OWN}` }, count: 5 });
/** The refresh tokens the server sent to the accounts service, oldest first. */
const sentRefreshTokens = () =>
  fake()
    .requests('spotify-accounts', '/api/token')
    .map((e) => new URLSearchParams(String(e.requestBody)).get('refresh_token'));

describe('the configured refresh token, rotated by Spotify', () => {
  it('is kept across a restart: the restarted server sends the rotated token, not the configured one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-token-'));
    dirs.push(dir);
    const file = join(dir, 'state', 'spotify-refresh-token.json');
    const { refreshToken: configured } = fake().issueUserToken('alice', { clientId: APP.clientId, refresh: true });
    const before = sentRefreshTokens().length;

    const first = await serverWith(configured!, file);
    expect((await byLink(first.user)).status).toBe(200);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const [sentFirst] = sentRefreshTokens().slice(before);
    expect(sentFirst).toBe(configured);
    expect(saved.refreshToken).toMatch(/^fake-refresh-/);
    expect(saved.refreshToken).not.toBe(configured);
    // Only the configured token's hash is kept, owner-only, and no temp file is left beside it.
    expect(JSON.stringify(saved)).not.toContain(configured);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'state'))).toEqual(['spotify-refresh-token.json']);
    await first.t.close();

    // The restart: same configuration, fresh process state.
    const second = await serverWith(configured!, file);
    const res = await byLink(second.user);
    expect(res.status, JSON.stringify(await jsonOf(res.clone()))).toBe(200);
    expect(sentRefreshTokens().slice(before)).toEqual([configured, saved.refreshToken]);
    // It rotated again, and the file followed.
    const again = JSON.parse(readFileSync(file, 'utf8')).refreshToken;
    expect(again).not.toBe(saved.refreshToken);

    // An operator who configures a new token (a new sign-in) starts from it, not from the file.
    const { refreshToken: renewed } = fake().issueUserToken('alice', { clientId: APP.clientId, refresh: true });
    const third = await serverWith(renewed!, file);
    expect((await byLink(third.user)).status).toBe(200);
    expect(sentRefreshTokens().at(-1)).toBe(renewed);
  });

  it('a token file it did not write is refused with a message naming the file, and the server log says what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-token-'));
    dirs.push(dir);
    const file = join(dir, 'spotify-refresh-token.json');
    writeFileSync(file, '{"refreshToken": 42}');
    const { refreshToken } = fake().issueUserToken('alice', { clientId: APP.clientId, refresh: true });
    const { t, user } = await serverWith(refreshToken!, file);
    const res = await byLink(user);
    expect(res.status).toBe(500);
    const logged = JSON.stringify(t.logger.records.filter((r) => r.level === 'error'));
    expect(logged).toContain(`${file} is not a saved Spotify refresh token`);
    expect(logged).toContain('delete it to start from spotify.refreshToken in the configuration');
    expect(readFileSync(file, 'utf8')).toBe('{"refreshToken": 42}'); // nothing overwritten
  });
});
