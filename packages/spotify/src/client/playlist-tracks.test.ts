import { afterEach, describe, expect, it, vi } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, EXTENDED_APP, FOREIGN_PLAYLIST, MISSING_PLAYLIST, OWN_ENTRIES, OWN_PLAYLIST, PLAYLISTS, SHORT_PLAYLIST, TRACKS } from '../../test/support/catalog.js';
import { clientCredentialsToken } from '../auth/client-credentials.js';
import { staticToken } from '../auth/token-provider.js';
import { PlaylistAccessDenied, PlaylistNotFound } from '../errors/access-errors.js';
import { SchemaViolationError } from '../errors/spotify-error.js';
import { createSpotifyClient } from './spotify-client.js';
import { getPlaylistTracks } from './playlist-tracks.js';

const fake = useFakeSpotify(() => ({ tracks: TRACKS, playlists: PLAYLISTS, apps: [DEV_APP, EXTENDED_APP] }));

afterEach(() => {
  vi.useRealTimers();
});

function userClient(userId: string, clientId = DEV_APP.clientId) {
  const { accessToken } = fake().issueUserToken(userId, { clientId });
  return createSpotifyClient({ token: staticToken(accessToken, 'user'), apiBaseUrl: fake().apiBaseUrl, retry: { backoffBaseMs: 1 } });
}

describe('getPlaylistTracks', () => {
  it("reads an owned playlist over several pages of 50 from /items, skipping what isn't a track", async () => {
    const start = fake().exchanges.length;
    const playlist = await getPlaylistTracks(userClient('alice'), OWN_PLAYLIST);
    expect(playlist.name).toBe('Mine');
    expect(playlist.endpoint).toBe('items');
    const expected = OWN_ENTRIES.filter((e) => !e.startsWith('local:') && e !== 'x'.repeat(22));
    expect(playlist.tracks.map((t) => t.id)).toEqual(expected); // order and the duplicate kept
    expect(playlist.tracks[0]).toEqual({ id: TRACKS[0]!.id, name: 'pop track 0', artist: 'pop artist 0' });
    expect(playlist.skipped).toEqual([
      { position: 5, reason: 'local-file' },
      { position: 60, reason: 'unavailable' },
    ]);
    const pages = fake().exchanges.slice(start).filter((e) => e.path.endsWith('/items'));
    expect(pages.map((e) => [e.query.get('offset') ?? '0', e.query.get('limit')])).toEqual([
      ['0', '50'],
      ['50', '50'],
      ['100', '50'],
    ]);
  });

  it('reads a collaborative playlist with the collaborator\'s token', async () => {
    const playlist = await getPlaylistTracks(userClient('alice'), SHORT_PLAYLIST);
    expect(playlist.tracks).toHaveLength(5);
  });

  it('explains a 403 for a playlist the user neither owns nor collaborates on', async () => {
    const error = await getPlaylistTracks(userClient('alice'), FOREIGN_PLAYLIST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaylistAccessDenied);
    const denied = error as PlaylistAccessDenied;
    expect(denied.tokenKind).toBe('user');
    expect(denied.message).toMatch(/only for playlists the signed-in user owns or collaborates on/);
    // /items was refused, the /tracks fallback is gone for a development-mode app: both were tried.
    expect(fake().requests('spotify-api', `/playlists/${FOREIGN_PLAYLIST}/`).slice(-2).map((e) => `${e.path.split('/').pop()} ${e.status}`)).toEqual([
      'items 403',
      'tracks 404',
    ]);
  });

  it('explains why a client-credentials token cannot read playlist contents', async () => {
    const token = clientCredentialsToken({ ...DEV_APP, accountsBaseUrl: fake().accountsBaseUrl });
    const client = createSpotifyClient({ token, apiBaseUrl: fake().apiBaseUrl });
    const error = await getPlaylistTracks(client, OWN_PLAYLIST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaylistAccessDenied);
    expect((error as PlaylistAccessDenied).tokenKind).toBe('client-credentials');
    expect((error as Error).message).toMatch(/client-credentials token, which has no signed-in user/);
    expect((error as PlaylistAccessDenied).code).toBe('ERR_SPOTIFY_PLAYLIST_DENIED');
  });

  it('lets an extended-access app read any playlist with a client-credentials token', async () => {
    const token = clientCredentialsToken({ ...EXTENDED_APP, accountsBaseUrl: fake().accountsBaseUrl });
    const client = createSpotifyClient({ token, apiBaseUrl: fake().apiBaseUrl });
    const playlist = await getPlaylistTracks(client, FOREIGN_PLAYLIST);
    expect(playlist.tracks).toHaveLength(10);
  });

  it('reports an unknown playlist as PlaylistNotFound', async () => {
    await expect(getPlaylistTracks(userClient('alice'), MISSING_PLAYLIST)).rejects.toBeInstanceOf(PlaylistNotFound);
  });

  it('waits out a 429 in the middle of the listing and carries on', async () => {
    const waits: number[] = [];
    const { accessToken } = fake().issueUserToken('alice', { clientId: DEV_APP.clientId });
    const client = createSpotifyClient({ token: staticToken(accessToken, 'user'), apiBaseUrl: fake().apiBaseUrl, sleep: async (ms) => void waits.push(ms) });
    fake().fail({ service: 'spotify-api', path: `/playlists/${OWN_PLAYLIST}/items`, status: 429, headers: { 'retry-after': '3' }, skip: 1 });
    const before = fake().requests('spotify-api', `/playlists/${OWN_PLAYLIST}/items`).length;
    const playlist = await getPlaylistTracks(client, OWN_PLAYLIST);
    expect(playlist.tracks).toHaveLength(118);
    expect(waits).toEqual([3000]);
    const pages = fake().requests('spotify-api', `/playlists/${OWN_PLAYLIST}/items`).slice(before);
    expect(pages.map((e) => `${e.query.get('offset') ?? '0'}:${e.status}`)).toEqual(['0:200', '50:429', '50:200', '100:200']);
  });

  it('honours Retry-After over real HTTP with fake timers and the default sleep', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { accessToken } = fake().issueUserToken('alice', { clientId: DEV_APP.clientId });
    let waiting = false;
    const client = createSpotifyClient({ token: staticToken(accessToken, 'user'), apiBaseUrl: fake().apiBaseUrl, onRetry: () => (waiting = true) });
    fake().fail({ service: 'spotify-api', path: `/playlists/${SHORT_PLAYLIST}/items`, status: 429, headers: { 'retry-after': '5' } });
    const before = fake().requests('spotify-api', `/playlists/${SHORT_PLAYLIST}/items`).length;
    const pending = getPlaylistTracks(client, SHORT_PLAYLIST);
    const itemsCalls = () => fake().requests('spotify-api', `/playlists/${SHORT_PLAYLIST}/items`).length - before;
    await vi.waitUntil(() => waiting, { timeout: 5000 }); // the client got the 429 and is about to sleep
    await vi.advanceTimersByTimeAsync(4_900);
    expect(itemsCalls()).toBe(1); // still waiting
    await vi.advanceTimersByTimeAsync(100);
    const playlist = await pending;
    expect(playlist.tracks).toHaveLength(5);
    expect(itemsCalls()).toBe(2);
  });

  it('refuses a next link that leaves the API (the token must not travel elsewhere)', async () => {
    const { accessToken } = fake().issueUserToken('alice', { clientId: DEV_APP.clientId });
    const client = createSpotifyClient({ token: staticToken(accessToken, 'user'), apiBaseUrl: fake().apiBaseUrl });
    fake().fail({
      service: 'spotify-api',
      path: `/playlists/${OWN_PLAYLIST}/items`,
      status: 200,
      body: { href: 'x', items: [], limit: 50, offset: 0, previous: null, total: 100, next: 'https://attacker.example/v1/steal' },
    });
    const error = await getPlaylistTracks(client, OWN_PLAYLIST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaViolationError);
    expect((error as Error).message).toMatch(/points outside the API base URL/);
  });

  it('reports a schema-violating page as SchemaViolationError with the path', async () => {
    const client = userClient('alice');
    fake().fail({ service: 'spotify-api', path: `/playlists/${OWN_PLAYLIST}/items`, status: 200, body: { items: [{ item: { id: 42 } }], next: null }, offSpec: true });
    const error = await getPlaylistTracks(client, OWN_PLAYLIST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaViolationError);
    expect((error as SchemaViolationError).issues).toContain('items.0.item.id: Invalid input: expected string, received number');
  });
});

describe('getPlaylistTracks on a server without /items', () => {
  // A second fake, spec-checked like the first.
  const old = useFakeSpotify(() => ({ tracks: TRACKS, playlists: PLAYLISTS, apps: [EXTENDED_APP], serveItems: false }));

  it('falls back to /tracks (100 per page) for an extended-access app', async () => {
    const token = clientCredentialsToken({ ...EXTENDED_APP, accountsBaseUrl: old().accountsBaseUrl });
    const playlist = await getPlaylistTracks(createSpotifyClient({ token, apiBaseUrl: old().apiBaseUrl }), OWN_PLAYLIST);
    expect(playlist.endpoint).toBe('tracks');
    expect(playlist.tracks).toHaveLength(118);
    expect(playlist.skipped).toEqual([
      { position: 5, reason: 'local-file' },
      { position: 60, reason: 'unavailable' },
    ]);
    expect(old().requests('spotify-api', `/playlists/${OWN_PLAYLIST}/`).map((e) => `${e.path.split('/').pop()} ${e.status}`)).toEqual(['items 404', 'tracks 200', 'tracks 200']);
    expect(old().requests('spotify-api', `/playlists/${OWN_PLAYLIST}/tracks`).map((e) => e.query.get('limit'))).toEqual(['100', '100']);
  });
});
