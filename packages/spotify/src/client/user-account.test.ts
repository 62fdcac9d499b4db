/**
 * The signed-in user's endpoints (`/me`, `/me/playlists`, create playlist, add items, unfollow)
 * against the fake on 127.0.0.1; every exchange, request bodies included, is checked against the
 * spec when it is present.
 */
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, FOREIGN_PLAYLIST, OWN_PLAYLIST, PLAYLISTS, SHORT_PLAYLIST, TRACKS } from '../../test/support/catalog.js';
import { createPkcePair, buildAuthorizeUrl, exchangeAuthorizationCode } from '../auth/pkce.js';
import { staticToken } from '../auth/token-provider.js';
import { userToken } from '../auth/user-token.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { PlaylistSaveError } from '../errors/save-errors.js';
import { TokenRequestError } from '../errors/spotify-error.js';
import { getCurrentUser } from './current-user.js';
import { getPlaylistTracks } from './playlist-tracks.js';
import { PLAYLIST_SAVE_SCOPES, savePlaylist } from './save-playlist.js';
import { createSpotifyClient } from './spotify-client.js';
import { listUserPlaylists } from './user-playlists.js';

const FOLLOWED = { id: 'FollowedByAlice0000000', name: 'Followed', ownerId: 'carol', followers: ['alice'], entries: [TRACKS[1]!.id] };
const fake = useFakeSpotify(() => ({ tracks: TRACKS, playlists: [...PLAYLISTS, FOLLOWED], apps: [DEV_APP], authorizeAs: 'alice' }));
const SAVE_SCOPE = PLAYLIST_SAVE_SCOPES.join(' ');

function clientOf(userId: string, scope = SAVE_SCOPE) {
  const { accessToken } = fake().issueUserToken(userId, { clientId: DEV_APP.clientId, scope });
  return createSpotifyClient({ token: staticToken(accessToken, 'user'), apiBaseUrl: fake().apiBaseUrl, retry: { backoffBaseMs: 1 } });
}

describe("the signed-in user's playlists", () => {
  it('/me names the user; /me/playlists pages through the library and marks what a user token may read', async () => {
    const client = clientOf('alice');
    expect(await getCurrentUser(client)).toEqual({ id: 'alice', displayName: 'alice' });
    const first = await listUserPlaylists(client, { userId: 'alice', limit: 2 });
    expect(first.items.map((p) => [p.name, p.readable])).toEqual([
      ['Mine', true],
      ['Shared', true],
    ]);
    expect(first.total).toBe(3);
    expect(first.nextOffset).toBe(2);
    const second = await listUserPlaylists(client, { userId: 'alice', offset: first.nextOffset!, limit: 2 });
    expect(second.items).toEqual([{ id: FOLLOWED.id, name: 'Followed', ownerId: 'carol', ownerName: 'carol', collaborative: false, total: 1, readable: false }]);
    expect(second.nextOffset).toBeUndefined();
    await expect(listUserPlaylists(client, { userId: 'alice', limit: 51 })).rejects.toBeInstanceOf(InvalidOptionError);
    expect(fake().playlist(FOREIGN_PLAYLIST)).toBeDefined(); // not in alice's library, not listed
  });

  it('maxTracks stops reading early and says how many the playlist has', async () => {
    const start = fake().exchanges.length;
    const read = await getPlaylistTracks(clientOf('alice'), OWN_PLAYLIST, { maxTracks: 60 });
    expect(read.tracks).toHaveLength(60);
    expect(read.truncated).toEqual({ total: 120 });
    expect(fake().exchanges.slice(start).filter((e) => e.path.endsWith('/items'))).toHaveLength(2); // not the third page
    const whole = await getPlaylistTracks(clientOf('alice'), SHORT_PLAYLIST, { maxTracks: 5 });
    expect(whole.truncated).toBeUndefined();
  });
});

describe('savePlaylist', () => {
  it('creates a private playlist and adds 250 tracks in pages of 100, 100 and 50', async () => {
    const ids = TRACKS.slice(0, 180).map((t) => t.id).concat(TRACKS.slice(0, 70).map((t) => t.id));
    const start = fake().exchanges.length;
    const saved = await savePlaylist(clientOf('alice'), { name: '  msr: like Mine ', description: 'made by msr', trackIds: ids });
    expect(saved).toMatchObject({ name: 'msr: like Mine', added: 250 });
    expect(saved.url).toBe(`https://open.spotify.com/playlist/${saved.id}`);
    expect(fake().playlist(saved.id)).toMatchObject({ ownerId: 'alice', public: false, entries: ids });
    const calls = fake().exchanges.slice(start);
    expect(calls.map((e) => `${e.method} ${e.path.replace(saved.id, 'ID')} ${e.status}`)).toEqual(['POST /me/playlists 201', 'POST /playlists/ID/items 201', 'POST /playlists/ID/items 201', 'POST /playlists/ID/items 201']);
    expect(calls.slice(1).map((e) => (e.requestBody as { uris: string[] }).uris.length)).toEqual([100, 100, 50]);
    expect(calls[0]!.requestBody).toEqual({ name: 'msr: like Mine', public: false, description: 'made by msr' });
  });

  it('waits out a 429 with Retry-After on an add and carries on', async () => {
    fake().fail({ service: 'spotify-api', path: /^\/playlists\/[^/]+\/items$/, status: 429, headers: { 'retry-after': '1' }, skip: 1 });
    const started = Date.now();
    const saved = await savePlaylist(clientOf('alice'), { name: 'busy', trackIds: TRACKS.slice(0, 150).map((t) => t.id) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake().playlist(saved.id)!.entries).toHaveLength(150);
  });

  it('a failure after the create removes the half-filled playlist and says how far it got', async () => {
    fake().fail({ service: 'spotify-api', path: /^\/playlists\/[^/]+\/items$/, status: 500, skip: 1 });
    const error = await savePlaylist(clientOf('alice'), { name: 'half', trackIds: TRACKS.slice(0, 150).map((t) => t.id) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaylistSaveError);
    expect(error).toMatchObject({ code: 'ERR_SPOTIFY_PLAYLIST_SAVE', added: 100, removed: true });
    expect(fake().playlist((error as PlaylistSaveError).playlistId)).toBeUndefined();
  });

  it('without playlist-modify-private the create is refused (403) and nothing is made', async () => {
    const before = fake().requests('spotify-api', '/playlists').length;
    await expect(savePlaylist(clientOf('alice', 'playlist-read-private'), { name: 'x', trackIds: [TRACKS[0]!.id] })).rejects.toMatchObject({ status: 403 });
    expect(fake().requests('spotify-api', '/playlists')).toHaveLength(before);
  });

  it('refuses bad input before any request', async () => {
    const client = clientOf('alice');
    await expect(savePlaylist(client, { name: ' ', trackIds: [] })).rejects.toMatchObject({ code: 'ERR_SPOTIFY_OPTION' });
    await expect(savePlaylist(client, { name: 'x', trackIds: ['nope'] })).rejects.toThrow(/trackIds\[0\]/);
  });
});

describe('the PKCE dance against the fake accounts service', () => {
  it('authorize → code → tokens (verifier checked); a denied consent comes back as error=access_denied; a revoked refresh token is invalid_grant', async () => {
    const redirectUri = 'http://127.0.0.1:1/callback';
    const pair = await createPkcePair();
    const url = buildAuthorizeUrl({ clientId: DEV_APP.clientId, redirectUri, codeChallenge: pair.challenge, state: 's1', scopes: PLAYLIST_SAVE_SCOPES, accountsBaseUrl: fake().accountsBaseUrl });
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code')!;
    const wrong = await createPkcePair();
    await expect(exchangeAuthorizationCode({ clientId: DEV_APP.clientId, code, codeVerifier: wrong.verifier, redirectUri, accountsBaseUrl: fake().accountsBaseUrl })).rejects.toBeInstanceOf(TokenRequestError);

    const again = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    const tokens = await exchangeAuthorizationCode({ clientId: DEV_APP.clientId, code: again.searchParams.get('code')!, codeVerifier: pair.verifier, redirectUri, accountsBaseUrl: fake().accountsBaseUrl });
    expect(tokens.scope).toBe(SAVE_SCOPE);

    fake().setConsent('deny');
    const denied = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect([denied.searchParams.get('error'), denied.searchParams.get('state'), denied.searchParams.get('code')]).toEqual(['access_denied', 's1', null]);
    fake().setConsent('approve');

    fake().revokeRefreshTokens('alice');
    const expired = userToken({ clientId: DEV_APP.clientId, tokens: { ...tokens, expiresAt: 0 }, accountsBaseUrl: fake().accountsBaseUrl });
    await expect(expired.getToken()).rejects.toMatchObject({ oauthError: 'invalid_grant' });
  });
});
