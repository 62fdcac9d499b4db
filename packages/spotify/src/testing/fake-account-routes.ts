/**
 * The signed-in user's part of the fake Web API: `GET /me`, `GET /me/playlists`, `POST
 * /me/playlists`, `POST /playlists/{id}/items`, `DELETE /playlists/{id}/followers` — with the
 * rules that matter to an app: scopes are checked (a private playlist needs
 * `playlist-modify-private`), only the owner or a collaborator may add items, at most 100 per
 * request.
 */
import type { Context, Hono } from 'hono';
import type { FakeApp, FakePlaylist } from './fake-spotify.js';
import { errorBody } from './fake-objects.js';

/** What the fake knows about an access token. */
export interface FakeTokenInfo {
  appId: string;
  userId: string | undefined;
  expiresAt: number;
  /** Space-separated scopes granted. */
  scope: string;
}

/** The fake's state the account routes read and change. */
export interface FakeAccountState {
  readonly playlists: Map<string, FakePlaylist>;
  /** A fresh 22-character playlist id. */
  newPlaylistId(): string;
}

type PageLinks = (c: Context, offset: number, limit: number, total: number) => Record<string, unknown>;

const TRACK_URI = /^spotify:track:[0-9A-Za-z]{22}$/;

/** Whether the token's user may see the playlist in their library. */
const inLibrary = (p: FakePlaylist, userId: string): boolean => p.ownerId === userId || (p.collaborators ?? []).includes(userId) || (p.followers ?? []).includes(userId);

/** Registers the account routes on the fake's Web API app (mounted at `/v1`). */
export function addFakeAccountRoutes(api: Hono<{ Variables: { token: FakeTokenInfo; appInfo: FakeApp; base: string } }>, state: FakeAccountState, pageLinks: PageLinks): void {
  const fail = (c: Context, status: number, message: string) => c.json(errorBody(status, message), status as 400);
  const userOf = (c: Context): string | undefined => (c.get('token') as FakeTokenInfo).userId;
  const hasScope = (c: Context, scope: string): boolean => (c.get('token') as FakeTokenInfo).scope.split(' ').includes(scope);
  const owner = (id: string, base: string) => ({ id, type: 'user', uri: `spotify:user:${id}`, href: `${base}/users/${id}`, display_name: id, external_urls: { spotify: `https://open.spotify.com/user/${id}` } });
  const simplified = (p: FakePlaylist, base: string) => ({
    collaborative: (p.collaborators?.length ?? 0) > 0,
    description: '',
    external_urls: { spotify: `https://open.spotify.com/playlist/${p.id}` },
    href: `${base}/playlists/${p.id}`,
    id: p.id,
    images: [],
    name: p.name,
    owner: owner(p.ownerId, base),
    public: p.public ?? true,
    snapshot_id: `snapshot-${p.entries.length}`,
    items: { href: `${base}/playlists/${p.id}/items`, total: p.entries.length },
    tracks: { href: `${base}/playlists/${p.id}/tracks`, total: p.entries.length },
    type: 'playlist',
    uri: `spotify:playlist:${p.id}`,
  });
  const bodyOf = async (c: Context): Promise<Record<string, unknown> | undefined> => {
    try {
      const body: unknown = await c.req.json();
      return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const intParam = (value: string | undefined, fallback: number, max: number): number | undefined =>
    value === undefined ? fallback : /^\d+$/.test(value) && Number(value) <= max ? Number(value) : undefined;

  api.get('/me', (c) => {
    const user = userOf(c);
    if (!user) return fail(c, 401, 'This request needs a user token');
    const base = c.get('base');
    return c.json({ ...owner(user, base), followers: { href: null, total: 0 }, images: [] });
  });

  api.get('/me/playlists', (c) => {
    const user = userOf(c);
    if (!user) return fail(c, 401, 'This request needs a user token');
    const limit = intParam(c.req.query('limit'), 20, 50);
    const offset = intParam(c.req.query('offset'), 0, 100_000);
    if (!limit || offset === undefined) return fail(c, 400, 'Invalid limit or offset');
    const mine = [...state.playlists.values()].filter((p) => inLibrary(p, user));
    const base = c.get('base');
    return c.json({ ...pageLinks(c, offset, limit, mine.length), items: mine.slice(offset, offset + limit).map((p) => simplified(p, base)) });
  });

  api.post('/me/playlists', async (c) => {
    const user = userOf(c);
    if (!user) return fail(c, 401, 'This request needs a user token');
    const body = await bodyOf(c);
    if (!body || typeof body.name !== 'string' || body.name.length === 0) return fail(c, 400, 'Missing required field: name');
    const isPublic = body.public !== false;
    if (!hasScope(c, isPublic ? 'playlist-modify-public' : 'playlist-modify-private')) return fail(c, 403, 'Insufficient client scope');
    const playlist: FakePlaylist = { id: state.newPlaylistId(), name: body.name, ownerId: user, entries: [], public: isPublic, ...(typeof body.description === 'string' ? { description: body.description } : {}) };
    state.playlists.set(playlist.id, playlist);
    const base = c.get('base');
    const { items: _ref, tracks: _old, ...rest } = simplified(playlist, base);
    const empty = { href: `${base}/playlists/${playlist.id}/items`, limit: 100, next: null, offset: 0, previous: null, total: 0, items: [] };
    return c.json({ ...rest, description: playlist.description ?? null, followers: { href: null, total: 0 }, items: empty }, 201);
  });

  api.post('/playlists/:id/items', async (c) => {
    const user = userOf(c);
    const playlist = state.playlists.get(c.req.param('id'));
    if (!playlist) return fail(c, 404, 'Resource not found');
    if (!user || (playlist.ownerId !== user && !(playlist.collaborators ?? []).includes(user))) return fail(c, 403, 'You cannot add items to this playlist');
    if (!hasScope(c, playlist.public === false ? 'playlist-modify-private' : 'playlist-modify-public')) return fail(c, 403, 'Insufficient client scope');
    const fromQuery = c.req.query('uris');
    const body = fromQuery === undefined ? await bodyOf(c) : undefined;
    const uris = fromQuery !== undefined ? fromQuery.split(',') : body?.uris;
    if (!Array.isArray(uris) || uris.length === 0 || uris.length > 100) return fail(c, 400, `uris: between 1 and 100 items, got ${Array.isArray(uris) ? uris.length : 'none'}`);
    if (!uris.every((u) => typeof u === 'string' && TRACK_URI.test(u))) return fail(c, 400, 'Invalid track uri');
    const updated = { ...playlist, entries: [...playlist.entries, ...uris.map((u: string) => u.slice('spotify:track:'.length))] };
    state.playlists.set(playlist.id, updated);
    return c.json({ snapshot_id: `snapshot-${updated.entries.length}` }, 201);
  });

  api.delete('/playlists/:id/followers', (c) => {
    const user = userOf(c);
    const playlist = state.playlists.get(c.req.param('id'));
    if (!playlist) return fail(c, 404, 'Resource not found');
    if (!user) return fail(c, 401, 'This request needs a user token');
    // Unfollowing one's own playlist is how Spotify deletes it.
    if (playlist.ownerId === user) state.playlists.delete(playlist.id);
    else state.playlists.set(playlist.id, { ...playlist, followers: (playlist.followers ?? []).filter((f) => f !== user) });
    return c.body(null, 200);
  });
}
