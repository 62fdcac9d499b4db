import { Hono, type Context } from 'hono';
import type { FakeTrack } from './fake-catalog.js';
import { addFakeAccountRoutes, type FakeTokenInfo } from './fake-account-routes.js';
import { audioFeaturesObject, errorBody, localTrackObject, reccoBeatsFeaturesObject, trackObject } from './fake-objects.js';

/** A registered app. `extendedAccess` apps keep the pre-2024/2026 endpoints and rules. */
export interface FakeApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly extendedAccess: boolean;
}

/** A playlist. Entries are track ids, or `local:<name>` for a local file. */
export interface FakePlaylist {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly collaborators?: readonly string[];
  readonly entries: readonly string[];
  /** Users who follow it (listed in their `/me/playlists`, but not readable by them). */
  readonly followers?: readonly string[];
  /** @default true */
  readonly public?: boolean;
  readonly description?: string;
}

/** A response the fake sends instead of the real one, for the next `times` matching requests. */
export interface FakeFault {
  /** Which service; any when omitted. */
  readonly service?: FakeService;
  /** Path (without the service prefix, e.g. `/audio-features`) or a pattern. */
  readonly path: string | RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON body, or a raw string (to send non-JSON). Defaults to Spotify's error envelope. */
  readonly body?: unknown;
  /** @default 1 */
  times?: number;
  /**
   * Matching requests to let through untouched before the fault applies (e.g. 1 to fail the
   * second page of a listing).
   * @default 0
   */
  skip?: number;
  /**
   * The body deliberately violates the spec (spec validation skips it). Non-JSON bodies are
   * always treated so.
   * @default false
   */
  offSpec?: boolean;
}

/** The three services the fake plays. */
export type FakeService = 'spotify-api' | 'spotify-accounts' | 'reccobeats';

/** One request and the response the fake sent, for assertions and spec validation. */
export interface FakeExchange {
  readonly service: FakeService;
  readonly method: string;
  /** Path without the service prefix (`/playlists/x/items`, `/api/token`, `/audio-features`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The request's JSON body (parsed), or its raw text; absent when it had none. */
  readonly requestBody?: unknown;
  readonly status: number;
  readonly contentType: string | null;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown;
  /** Whether a fault produced the response (not the fake's normal behaviour). */
  readonly injected: boolean;
  /** Whether the response deliberately violates the spec (see {@link FakeFault.offSpec}). */
  readonly offSpec: boolean;
  /**
   * When the body carries the `null`s real Spotify sends but the spec forbids (see
   * {@link FakeSpotifyOptions.realNulls}): the same body with them left out, which is what a
   * spec check should validate. Absent otherwise.
   */
  readonly specBody?: unknown;
}

/** Options of {@link createFakeSpotify}. */
export interface FakeSpotifyOptions {
  tracks: readonly FakeTrack[];
  playlists?: readonly FakePlaylist[];
  /** @default one development-mode app `test-client` / `test-secret` */
  apps?: readonly FakeApp[];
  /**
   * The user `/authorize` signs in (the fake approves at once).
   * @default 'fake-user'
   */
  authorizeAs?: string;
  /**
   * What the user answers on the consent page: `'deny'` sends them back with
   * `error=access_denied`. Change it later with {@link FakeSpotify.setConsent}.
   * @default 'approve'
   */
  consent?: 'approve' | 'deny';
  /**
   * Token lifetime.
   * @default 3600
   */
  tokenTtlSeconds?: number;
  /**
   * Clock for token expiry (advance it to expire tokens mid-run).
   * @default Date.now
   */
  now?: () => number;
  /**
   * Serve `GET /playlists/{id}/items` (a pre-2026 server would not).
   * @default true
   */
  serveItems?: boolean;
  /**
   * Send `null` where real Spotify does although its published spec does not allow it: the
   * `item`/`track` of a playlist entry that is no longer available, the `audio_features` entry of
   * an unknown id, the `href` of a genre seed. Such exchanges carry a
   * {@link FakeExchange.specBody} without the nulls for spec checks. `false` leaves the entries
   * or fields out instead (a spec-conforming body).
   * @default true
   */
  realNulls?: boolean;
  /**
   * Rotate refresh tokens as Spotify may: each refresh answers a new `refresh_token`, and the one
   * it was asked with is refused from then on (`invalid_grant`).
   * @default false
   */
  rotateRefreshTokens?: boolean;
}

type TokenInfo = FakeTokenInfo;

const ID = /^[0-9A-Za-z]{22}$/;

/** The fake's state and controls; `app` is the Hono app serving all three services. */
export interface FakeSpotify {
  readonly app: Hono;
  /** Every exchange so far, in order. */
  readonly exchanges: FakeExchange[];
  /** Queues a fault (see {@link FakeFault}). */
  fail(fault: FakeFault): void;
  /** Drops every queued fault (call between tests). */
  clearFaults(): void;
  /** Issues a user token directly (as if the user had signed in). */
  issueUserToken(userId: string, options?: { clientId?: string; refresh?: boolean; scope?: string }): { accessToken: string; refreshToken: string | undefined; expiresAt: number };
  /** Sets what the user answers on the consent page from now on. */
  setConsent(answer: 'approve' | 'deny'): void;
  /** Revokes every refresh token (of one user, or all): the next refresh gets `invalid_grant`. */
  revokeRefreshTokens(userId?: string): void;
  /** A playlist as it is now (created and filled through the API, or given in the options). */
  playlist(id: string): FakePlaylist | undefined;
  /** Makes every issued access token expired (their refresh tokens stay valid). */
  expireAllTokens(): void;
  /** Exchanges of one service, optionally filtered by path prefix. */
  requests(service: FakeService, pathPrefix?: string): FakeExchange[];
}

/**
 * A fake Spotify Web API + accounts service + ReccoBeats as one Hono app, behaving like today's
 * services: development-mode apps get 403 on `/audio-features`, 404 on `/recommendations`,
 * playlist items only with a user token for owned/collaborative playlists, `/items` limited to
 * 50 and `/search` to 10; extended-access apps keep the old behaviour. Faults (401/403/404/429
 * with `Retry-After`/5xx/non-JSON) can be queued. Mount paths: `/v1` (API), `/api/token` and
 * `/authorize` (accounts), `/reccobeats/v1` (ReccoBeats).
 */
export function createFakeSpotify(options: FakeSpotifyOptions): FakeSpotify {
  const now = options.now ?? (() => Date.now());
  const ttl = options.tokenTtlSeconds ?? 3600;
  const apps = new Map((options.apps ?? [{ clientId: 'test-client', clientSecret: 'test-secret', extendedAccess: false }]).map((a) => [a.clientId, a]));
  const defaultApp = [...apps.keys()][0]!;
  const tracks = new Map(options.tracks.map((t) => [t.id, t]));
  const playlists = new Map((options.playlists ?? []).map((p) => [p.id, p]));
  const tokens = new Map<string, TokenInfo>();
  const refreshTokens = new Map<string, { appId: string; userId: string; scope: string }>();
  const codes = new Map<string, { appId: string; userId: string; challenge: string; redirectUri: string; scope: string }>();
  const faults: (FakeFault & { times: number; skip: number })[] = [];
  const exchanges: FakeExchange[] = [];
  const realNulls = options.realNulls ?? true;
  // The spec-conforming variant of a body a handler sent with real-Spotify nulls, by request.
  const specBodies = new WeakMap<Request, unknown>();
  let counter = 0;

  let consent = options.consent ?? 'approve';
  const newToken = (appId: string, userId: string | undefined, scope = ''): string => {
    const token = `fake-${userId ? 'user' : 'app'}-${++counter}`;
    tokens.set(token, { appId, userId, expiresAt: now() + ttl * 1000, scope });
    return token;
  };

  const serviceOf = (path: string): { service: FakeService; rest: string } => {
    if (path.startsWith('/reccobeats/v1')) return { service: 'reccobeats', rest: path.slice('/reccobeats/v1'.length) };
    if (path.startsWith('/v1')) return { service: 'spotify-api', rest: path.slice(3) };
    return { service: 'spotify-accounts', rest: path };
  };

  const app = new Hono();

  // Record every exchange and apply queued faults before the normal handlers.
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const { service, rest } = serviceOf(url.pathname);
    const sent = c.req.method === 'GET' ? '' : await c.req.raw.clone().text();
    let requestBody: unknown = sent === '' ? undefined : sent;
    if (sent !== '' && (c.req.header('content-type') ?? '').includes('application/json')) {
      try {
        requestBody = JSON.parse(sent);
      } catch {
        // keep the raw text: the spec check reports it
      }
    }
    const index = faults.findIndex(
      (f) => (f.service === undefined || f.service === service) && (typeof f.path === 'string' ? f.path === rest : f.path.test(rest)),
    );
    let injected = false;
    let offSpec = false;
    let res: Response | undefined;
    const fault = index >= 0 ? faults[index]! : undefined;
    if (fault && fault.skip > 0) fault.skip--;
    else if (fault) {
      if (--fault.times <= 0) faults.splice(index, 1);
      injected = true;
      const isJson = fault.body === undefined || typeof fault.body !== 'string';
      offSpec = (fault.offSpec ?? false) || !isJson;
      const body = fault.body === undefined ? JSON.stringify(errorBody(fault.status, `injected ${fault.status}`)) : isJson ? JSON.stringify(fault.body) : String(fault.body);
      res = new Response(body, { status: fault.status, headers: { ...(isJson && { 'content-type': 'application/json' }), ...fault.headers } });
    }
    if (!res) {
      await next();
      res = c.res;
    }
    const text = await res.clone().text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const specBody = injected ? undefined : specBodies.get(c.req.raw);
    exchanges.push({
      service,
      method: c.req.method,
      path: rest,
      query: url.searchParams,
      ...(requestBody !== undefined && { requestBody }),
      status: res.status,
      contentType: res.headers.get('content-type'),
      body,
      injected,
      offSpec,
      ...(specBody !== undefined && { specBody }),
    });
    if (injected) return res;
  });

  // ---- accounts service ----
  app.get('/authorize', (c) => {
    const q = c.req.query();
    const appInfo = q.client_id ? apps.get(q.client_id) : undefined;
    if (!appInfo || q.response_type !== 'code' || !q.redirect_uri || !q.code_challenge || q.code_challenge_method !== 'S256') {
      return c.text('INVALID_CLIENT: invalid authorize request', 400);
    }
    const target = new URL(q.redirect_uri);
    if (consent === 'deny') {
      target.searchParams.set('error', 'access_denied');
      if (q.state) target.searchParams.set('state', q.state);
      return c.redirect(target.toString(), 302);
    }
    const code = `fake-code-${++counter}`;
    codes.set(code, { appId: appInfo.clientId, userId: options.authorizeAs ?? 'fake-user', challenge: q.code_challenge, redirectUri: q.redirect_uri, scope: q.scope ?? '' });
    target.searchParams.set('code', code);
    if (q.state) target.searchParams.set('state', q.state);
    return c.redirect(target.toString(), 302);
  });

  app.post('/api/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const oauthError = (error: string, description: string, status = 400) => c.json({ error, error_description: description }, status as 400);
    let clientId = form.get('client_id') ?? undefined;
    let secret: string | undefined;
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Basic ')) [clientId, secret] = atob(auth.slice(6)).split(':') as [string, string];
    const appInfo = clientId ? apps.get(clientId) : undefined;
    if (!appInfo) return oauthError('invalid_client', 'Invalid client');
    if (secret !== undefined && secret !== appInfo.clientSecret) return oauthError('invalid_client', 'Invalid client secret');
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      if (secret === undefined) return oauthError('invalid_client', 'Client credentials require the client secret');
      return c.json({ access_token: newToken(appInfo.clientId, undefined), token_type: 'Bearer', expires_in: ttl });
    }
    if (grant === 'authorization_code') {
      const entry = codes.get(form.get('code') ?? '');
      if (!entry || entry.appId !== appInfo.clientId) return oauthError('invalid_grant', 'Invalid authorization code');
      codes.delete(form.get('code')!);
      if (form.get('redirect_uri') !== entry.redirectUri) return oauthError('invalid_grant', 'Invalid redirect URI');
      const verifier = form.get('code_verifier') ?? '';
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      const challenge = btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      if (challenge !== entry.challenge) return oauthError('invalid_grant', 'code_verifier was incorrect');
      const refresh = `fake-refresh-${++counter}`;
      refreshTokens.set(refresh, { appId: appInfo.clientId, userId: entry.userId, scope: entry.scope });
      return c.json({ access_token: newToken(appInfo.clientId, entry.userId, entry.scope), token_type: 'Bearer', expires_in: ttl, refresh_token: refresh, scope: entry.scope });
    }
    if (grant === 'refresh_token') {
      const entry = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!entry || entry.appId !== appInfo.clientId) return oauthError('invalid_grant', 'Invalid refresh token');
      const rotated = options.rotateRefreshTokens ? `fake-refresh-${++counter}` : undefined;
      if (rotated !== undefined) {
        refreshTokens.delete(form.get('refresh_token')!);
        refreshTokens.set(rotated, entry);
      }
      return c.json({ access_token: newToken(appInfo.clientId, entry.userId, entry.scope), token_type: 'Bearer', expires_in: ttl, scope: entry.scope, ...(rotated ? { refresh_token: rotated } : {}) });
    }
    return oauthError('unsupported_grant_type', `grant_type ${grant ?? '(none)'} is not supported`);
  });

  // ---- Web API ----
  const api = new Hono<{ Variables: { token: TokenInfo; appInfo: FakeApp; base: string } }>();
  const fail = (c: Context, status: number, message: string) => c.json(errorBody(status, message), status as 400);
  /** Answers `real` (with Spotify's nulls) or, when `realNulls` is off, `conforming`; records the latter for spec checks. */
  const withNulls = (c: Context, real: Record<string, unknown>, conforming: Record<string, unknown>) => {
    if (!realNulls) return c.json(conforming);
    specBodies.set(c.req.raw, conforming);
    return c.json(real);
  };

  api.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const info = header.startsWith('Bearer ') ? tokens.get(header.slice(7)) : undefined;
    if (!info) return fail(c, 401, 'Invalid access token');
    if (info.expiresAt <= now()) return fail(c, 401, 'The access token expired');
    c.set('token', info);
    c.set('appInfo', apps.get(info.appId)!);
    c.set('base', `${new URL(c.req.url).origin}/v1`);
    await next();
  });

  const intParam = (value: string | undefined, fallback: number, min: number, max: number): number | undefined => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) return undefined;
    const n = Number(value);
    return n >= min && n <= max ? n : undefined;
  };

  const pageLinks = (c: Context, offset: number, limit: number, total: number) => {
    const url = new URL(c.req.url);
    const link = (at: number) => {
      url.searchParams.set('offset', String(at));
      url.searchParams.set('limit', String(limit));
      return url.toString();
    };
    return { href: link(offset), limit, offset, total, next: offset + limit < total ? link(offset + limit) : null, previous: offset > 0 ? link(Math.max(0, offset - limit)) : null };
  };

  api.get('/playlists/:id', (c) => {
    const playlist = playlists.get(c.req.param('id'));
    if (!playlist) return fail(c, 404, 'Resource not found');
    const base = c.get('base');
    const full: Record<string, unknown> = {
      collaborative: (playlist.collaborators?.length ?? 0) > 0,
      description: null,
      external_urls: { spotify: `https://open.spotify.com/playlist/${playlist.id}` },
      href: `${base}/playlists/${playlist.id}`,
      id: playlist.id,
      images: [],
      name: playlist.name,
      owner: { id: playlist.ownerId, type: 'user', uri: `spotify:user:${playlist.ownerId}`, href: `${base}/users/${playlist.ownerId}`, display_name: playlist.ownerId, external_urls: {} },
      public: playlist.public ?? true,
      snapshot_id: 'snapshot-1',
      type: 'playlist',
      uri: `spotify:playlist:${playlist.id}`,
    };
    const fields = c.req.query('fields');
    if (!fields) return c.json(full);
    const wanted = fields.split(',').map((f) => f.trim());
    return c.json(Object.fromEntries(Object.entries(full).filter(([k]) => wanted.includes(k))));
  });

  const playlistEntries = (c: Context, endpoint: 'items' | 'tracks') => {
    const playlist = playlists.get(c.req.param('id') ?? '');
    if (!playlist) return fail(c, 404, 'Resource not found');
    const appInfo = c.get('appInfo') as FakeApp;
    const token = c.get('token') as TokenInfo;
    if (endpoint === 'tracks' && !appInfo.extendedAccess) return fail(c, 404, 'Service not found');
    if (!appInfo.extendedAccess) {
      const member = token.userId !== undefined && (token.userId === playlist.ownerId || (playlist.collaborators ?? []).includes(token.userId));
      if (!member) return fail(c, 403, 'Forbidden');
    }
    const limit = intParam(c.req.query('limit'), 20, 1, endpoint === 'items' ? 50 : 100);
    const offset = intParam(c.req.query('offset'), 0, 0, 1_000_000);
    if (limit === undefined || offset === undefined) return fail(c, 400, 'Invalid limit or offset');
    const base = c.get('base') as string;
    const entries = playlist.entries.slice(offset, offset + limit).map((entry) => ({
      added_at: '2026-01-01T00:00:00Z',
      is_local: entry.startsWith('local:'),
      track: entry.startsWith('local:') ? localTrackObject(entry.slice(6)) : tracks.has(entry) ? trackObject(tracks.get(entry)!, base) : null,
    }));
    const links = pageLinks(c, offset, limit, playlist.entries.length);
    // Spotify sends `item: null, track: null` for a track that is no longer available; the spec
    // has no null there, so its variant leaves the fields out.
    return withNulls(
      c,
      { ...links, items: entries.map(({ track, ...rest }) => ({ ...rest, item: track, track })) },
      { ...links, items: entries.map(({ track, ...rest }) => ({ ...rest, ...(track && { item: track, track }) })) },
    );
  };
  api.get('/playlists/:id/items', (c) => (options.serveItems === false ? fail(c, 404, 'Service not found') : playlistEntries(c, 'items')));
  api.get('/playlists/:id/tracks', (c) => playlistEntries(c, 'tracks'));

  api.get('/audio-features', (c) => {
    if (!(c.get('appInfo') as FakeApp).extendedAccess) return fail(c, 403, 'Forbidden');
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 100) return fail(c, 400, `ids: between 1 and 100 ids, got ${ids.length}`);
    if (!ids.every((id) => ID.test(id))) return fail(c, 400, 'invalid id');
    const base = c.get('base') as string;
    // Spotify answers one entry per id, `null` for an unknown one; the spec has no null items, so
    // its variant leaves them out.
    const answers = ids.map((id) => {
      const t = tracks.get(id);
      return t?.features ? audioFeaturesObject({ ...t, features: t.features }, base) : null;
    });
    return withNulls(c, { audio_features: answers }, { audio_features: answers.filter((a) => a !== null) });
  });

  api.get('/recommendations', (c) => {
    if (!(c.get('appInfo') as FakeApp).extendedAccess) return fail(c, 404, 'Service not found');
    const seeds = (c.req.query('seed_genres') ?? '').split(',').filter(Boolean);
    const limit = intParam(c.req.query('limit'), 20, 1, 100);
    if (seeds.length === 0 || seeds.length > 5 || limit === undefined) return fail(c, 400, 'invalid seeds or limit');
    const pool = [...tracks.values()].filter((t) => t.genre !== undefined && seeds.includes(t.genre));
    const base = c.get('base') as string;
    const seedObjects = seeds.map((s) => ({ id: s, type: 'GENRE', initialPoolSize: pool.length, afterFilteringSize: pool.length, afterRelinkingSize: pool.length }));
    const found = pool.slice(0, limit).map((t) => trackObject(t, base));
    // Spotify sends href: null for genre seeds; the spec types it as a non-null string.
    return withNulls(c, { seeds: seedObjects.map((s) => ({ ...s, href: null })), tracks: found }, { seeds: seedObjects, tracks: found });
  });

  api.get('/search', (c) => {
    const q = c.req.query('q') ?? '';
    const type = c.req.query('type');
    const limit = intParam(c.req.query('limit'), 5, 1, 10);
    const offset = intParam(c.req.query('offset'), 0, 0, 1000);
    if (!q || type !== 'track' || limit === undefined || offset === undefined) return fail(c, 400, 'invalid search request');
    const genre = /genre:"([^"]+)"|genre:(\S+)/.exec(q);
    const wanted = genre ? (genre[1] ?? genre[2]) : undefined;
    const pool = [...tracks.values()].filter((t) => (wanted ? t.genre === wanted : t.name.includes(q)));
    const base = c.get('base') as string;
    const total = Math.min(pool.length, 1000 + limit);
    return c.json({ tracks: { ...pageLinks(c, offset, limit, total), items: pool.slice(offset, offset + limit).map((t) => trackObject(t, base)) } });
  });

  addFakeAccountRoutes(api, { playlists, newPlaylistId: () => `NewPlaylist${++counter}`.padEnd(22, 'x') }, pageLinks);

  app.route('/v1', api);

  // ---- ReccoBeats ----
  app.get('/reccobeats/v1/audio-features', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 40) return c.json({ error: 'Bad Request', message: `ids: between 1 and 40 ids, got ${ids.length}` }, 400);
    const content = ids.flatMap((id) => {
      const t = tracks.get(id);
      return t?.features && (t.inReccoBeats ?? true) ? [reccoBeatsFeaturesObject({ ...t, features: t.features })] : [];
    });
    return c.json({ content });
  });

  return {
    app,
    exchanges,
    fail: (fault) => faults.push({ ...fault, times: fault.times ?? 1, skip: fault.skip ?? 0 }),
    clearFaults: () => void faults.splice(0),
    issueUserToken(userId, opts = {}) {
      const appId = opts.clientId ?? defaultApp;
      const scope = opts.scope ?? 'playlist-read-private playlist-read-collaborative';
      const accessToken = newToken(appId, userId, scope);
      let refreshToken: string | undefined;
      if (opts.refresh ?? true) {
        refreshToken = `fake-refresh-${++counter}`;
        refreshTokens.set(refreshToken, { appId, userId, scope });
      }
      return { accessToken, refreshToken, expiresAt: tokens.get(accessToken)!.expiresAt };
    },
    setConsent: (answer) => void (consent = answer),
    revokeRefreshTokens(userId) {
      for (const [token, entry] of refreshTokens) if (userId === undefined || entry.userId === userId) refreshTokens.delete(token);
    },
    playlist: (id) => playlists.get(id),
    expireAllTokens() {
      for (const info of tokens.values()) info.expiresAt = 0;
    },
    requests: (service, pathPrefix = '') => exchanges.filter((e) => e.service === service && e.path.startsWith(pathPrefix)),
  };
}
