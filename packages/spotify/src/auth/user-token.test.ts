import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, OWN_PLAYLIST, PLAYLISTS, TRACKS } from '../../test/support/catalog.js';
import { createSpotifyClient } from '../client/spotify-client.js';
import { getPlaylistTracks } from '../client/playlist-tracks.js';
import { TokenRequestError } from '../errors/spotify-error.js';
import { buildAuthorizeUrl, createPkcePair, exchangeAuthorizationCode, PLAYLIST_READ_SCOPES } from './pkce.js';
import { userToken, type UserTokens } from './user-token.js';

let now = Date.UTC(2026, 3, 1);
const clock = () => now;
const fake = useFakeSpotify(() => ({ tracks: TRACKS, playlists: PLAYLISTS, apps: [DEV_APP], now: clock, authorizeAs: 'alice' }));
const redirectUri = 'http://127.0.0.1:9/callback';

describe('PKCE helpers', () => {
  it('creates a verifier of unreserved characters and its S256 challenge', async () => {
    const { verifier, challenge } = await createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    await expect(createPkcePair({ length: 42 })).rejects.toThrow(/43 to 128/);
    const fixed = await createPkcePair({ length: 43, randomBytes: (n) => new Uint8Array(n) });
    expect(fixed.verifier).toBe('A'.repeat(43));
  });

  it('builds the authorize URL with the playlist-read scopes by default', () => {
    const url = new URL(buildAuthorizeUrl({ clientId: 'id', redirectUri, codeChallenge: 'ch', state: 's1' }));
    expect(url.origin + url.pathname).toBe('https://accounts.spotify.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'id',
      response_type: 'code',
      redirect_uri: redirectUri,
      code_challenge_method: 'S256',
      code_challenge: 'ch',
      state: 's1',
      scope: PLAYLIST_READ_SCOPES.join(' '),
    });
    expect(() => buildAuthorizeUrl({ clientId: 'id', redirectUri, codeChallenge: 'ch', state: '' })).toThrow(/state/);
  });

  it('runs the whole authorization-code-with-PKCE flow against the fake and reads the user playlist', async () => {
    const pair = await createPkcePair();
    const authorize = buildAuthorizeUrl({ clientId: DEV_APP.clientId, redirectUri, codeChallenge: pair.challenge, state: 'xyz', accountsBaseUrl: fake().accountsBaseUrl });
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const callback = new URL(redirect.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe('xyz');
    const code = callback.searchParams.get('code')!;

    const tokens = await exchangeAuthorizationCode({ clientId: DEV_APP.clientId, code, codeVerifier: pair.verifier, redirectUri, accountsBaseUrl: fake().accountsBaseUrl, now: clock });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBe(now + 3600_000);
    // The token request carried client_id and the verifier, and no secret (public client).
    const client = createSpotifyClient({ token: userToken({ clientId: DEV_APP.clientId, tokens, accountsBaseUrl: fake().accountsBaseUrl, now: clock }), apiBaseUrl: fake().apiBaseUrl, now: clock });
    const playlist = await getPlaylistTracks(client, OWN_PLAYLIST);
    expect(playlist.name).toBe('Mine');
    expect(playlist.tracks.length).toBeGreaterThan(100);
  });

  it('refuses a wrong verifier or a reused code with TokenRequestError(invalid_grant), without retrying', async () => {
    const pair = await createPkcePair();
    const authorize = buildAuthorizeUrl({ clientId: DEV_APP.clientId, redirectUri, codeChallenge: pair.challenge, state: 's', accountsBaseUrl: fake().accountsBaseUrl });
    const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const base = { clientId: DEV_APP.clientId, code, redirectUri, accountsBaseUrl: fake().accountsBaseUrl };
    const start = fake().requests('spotify-accounts', '/api/token').length;
    const wrong = await exchangeAuthorizationCode({ ...base, codeVerifier: `${pair.verifier}x` }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(TokenRequestError);
    expect((wrong as TokenRequestError).oauthError).toBe('invalid_grant');
    expect(fake().requests('spotify-accounts', '/api/token').length - start).toBe(1);
    await expect(exchangeAuthorizationCode({ ...base, codeVerifier: pair.verifier })).rejects.toThrow(/Invalid authorization code/);
  });
});

describe('userToken', () => {
  it('refreshes an expired token mid-run and hands the new tokens to onRefresh', async () => {
    const issued = fake().issueUserToken('alice', { clientId: DEV_APP.clientId });
    const saved: UserTokens[] = [];
    const token = userToken({
      clientId: DEV_APP.clientId,
      tokens: issued,
      accountsBaseUrl: fake().accountsBaseUrl,
      now: clock,
      onRefresh: (t) => void saved.push(t),
    });
    const client = createSpotifyClient({ token, apiBaseUrl: fake().apiBaseUrl, now: clock });
    // Expire the token between two pages of the same playlist read.
    let pages = 0;
    const original = fake().exchanges.length;
    const iterator = client.paginate(`/playlists/${OWN_PLAYLIST}/items`, {
      query: { limit: 50 },
      schema: (await import('../client/wire-schemas.js')).paging((await import('../client/wire-schemas.js')).wirePlaylistItem),
      page: (b) => b,
    });
    for await (const items of iterator) {
      expect(items.length).toBeGreaterThan(0);
      if (++pages === 1) now += 3600_000; // the access token is now expired for client and server
    }
    expect(pages).toBe(3);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.refreshToken).toBe(issued.refreshToken); // not rotated: the old one is kept
    expect(saved[0]!.expiresAt).toBe(now + 3600_000);
    const seen = fake().exchanges.slice(original).map((e) => `${e.service} ${e.status}`);
    expect(seen).toEqual(['spotify-api 200', 'spotify-accounts 200', 'spotify-api 200', 'spotify-api 200']);
  });

  it('says the user must sign in again when the token expired and there is no refresh token', async () => {
    const issued = fake().issueUserToken('alice', { clientId: DEV_APP.clientId, refresh: false });
    const token = userToken({ clientId: DEV_APP.clientId, tokens: { ...issued, expiresAt: now - 1 }, now: clock });
    await expect(token.getToken()).rejects.toThrow(/must sign in again/);
    expect(token.invalidate(issued.accessToken)).toBe(false);
  });

  it('checks its options when built', () => {
    expect(() => userToken({ clientId: 'x', tokens: { accessToken: '', expiresAt: 0 } })).toThrow(/tokens.accessToken/);
    expect(() => userToken({ clientId: 'x', tokens: { accessToken: 'a', expiresAt: Number.NaN } })).toThrow(/expiresAt/);
  });
});

describe('a refresh token kept outside the process (loadRefreshToken), with a fake that rotates them', () => {
  const rotating = useFakeSpotify(() => ({ tracks: TRACKS, playlists: PLAYLISTS, apps: [DEV_APP], now: clock, rotateRefreshTokens: true }));

  it('sends the stored token, not a rotated-out one held in memory', async () => {
    const issued = rotating().issueUserToken('alice', { clientId: DEV_APP.clientId, refresh: true });
    // Two processes started from the same token, sharing one store.
    let stored = issued.refreshToken!;
    const shared = {
      clientId: DEV_APP.clientId,
      tokens: { ...issued, expiresAt: now - 1 },
      accountsBaseUrl: rotating().accountsBaseUrl,
      now: clock,
      onRefresh: (t: UserTokens) => void (stored = t.refreshToken!),
    };
    const first = userToken({ ...shared, loadRefreshToken: () => stored });
    await first.getToken();
    expect(stored).not.toBe(issued.refreshToken); // Spotify rotated it: the issued one is dead now
    const second = userToken({ ...shared, loadRefreshToken: () => stored });
    expect(await second.getToken()).toMatch(/\S/);
    const sent = rotating()
      .requests('spotify-accounts', '/api/token')
      .map((e) => new URLSearchParams(String(e.requestBody)).get('refresh_token'));
    expect(sent).toEqual([issued.refreshToken, expect.stringMatching(/^fake-refresh-/)]);
    expect(sent[1]).not.toBe(issued.refreshToken);
    // Without the hook the second process sends the dead token from memory.
    await expect(userToken(shared).getToken()).rejects.toThrow(TokenRequestError);
  });
});
