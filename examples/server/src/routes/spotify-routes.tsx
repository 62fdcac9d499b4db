/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import {
  buildAuthorizeUrl,
  createPkcePair,
  createSpotifyClient,
  exchangeAuthorizationCode,
  getCurrentUser,
  getPlaylistTracks,
  HttpStatusError,
  isSpotifyId,
  listUserPlaylists,
  PLAYLIST_SAVE_SCOPES,
  PlaylistAccessDenied,
  PlaylistNotFound,
  PlaylistSaveError,
  RateLimitedError,
  savePlaylist,
  SpotifyError,
  TokenRequestError,
  userToken,
  type AccessTokenProvider,
  type SpotifyClient,
  type TrackSummary,
} from '@msr/spotify';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { interactivePolicy } from '../adapters/spotify-access.js';
import type { AppContext } from '../app-context.js';
import { publicOriginOf } from '../config/config.js';
import { currentUser, requireUser } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { HttpError, ServerError, ValidationError } from '../http/errors.js';
import { readForm, readJson } from '../http/read-body.js';
import { SpotifyAccountStore } from '../services/spotify-account-store.js';
import { parseTokenKey, TokenCipher } from '../services/token-cipher.js';
import type { RecommendationResult } from '../adapters/core-recommender.js';
import type { ResolvedPlaylist } from '../adapters/spotify-playlist-resolver.js';
import { ResultsPage } from '../views/recommend-pages.js';
import { SavedPage, SaveForm, SpotifyOffPage, SpotifyPage, SpotifyProblemPage, SpotifyResultsExtras } from '../views/spotify-pages.js';
import { requireUserOrLogin } from './login-redirect.js';
import { whyThisSong } from './why-this-song.js';
import { MAX_PLAYLIST_TRACKS } from './playlist-input.js';
import { runRecommendation } from './recommend-handler.js';
import { renderPage } from './render.js';

/** The connection is gone on Spotify's side (revoked, expired): the stored tokens were deleted. */
const RECONNECT = 'ERR_SPOTIFY_RECONNECT';

const playlistId = z.string().refine(isSpotifyId, 'must be a Spotify playlist id (22 letters and digits)');
const recommendBody = z.strictObject({ playlist: playlistId, count: z.number().int().min(1).max(50).default(10) });
const saveBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'the playlist needs a name')
    .max(100, 'at most 100 characters')
    .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'no control characters (tabs, line breaks…)'),
  uris: z.array(z.string().refine(isSpotifyId, 'must be a Spotify track id')).min(1).max(MAX_PLAYLIST_TRACKS),
});

/**
 * Sign in with Spotify and Save to Spotify (`spotify.signIn`): authorization code with PKCE
 * (S256) bound to the session by a single-use `state`; the user's tokens sealed in the database,
 * refreshed when they expire, deleted on Disconnect and with the account. Pages under `/spotify`
 * and the JSON API under `/api/spotify`. Registers nothing when sign-in is off.
 */
/** The save form with what was typed (the name, the songs) and the problems beside it. */
function saveFormPage(c: Context<AppEnv>, form: Record<string, string>, status: number, problems: string[]): Promise<Response> {
  const ids = (form['tracks'] ?? '').split(/\s+/).filter(isSpotifyId).slice(0, MAX_PLAYLIST_TRACKS);
  return renderPage(c, { title: 'Save to Spotify', status }, <SaveForm name={(form['name'] ?? '').slice(0, 100)} trackIds={ids} problems={problems} />);
}

/** The save form again, with the typed name and the songs, for a refusal that asks to wait (see `FormPageAgain`). */
export async function saveFormAgain(c: Context<AppEnv>, message: string, status: number): Promise<Response> {
  return saveFormPage(c, await readForm(c), status, [message]);
}

export function spotifyRoutes(ctx: AppContext, recommendLimit: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const settings = ctx.config.spotify;
  if (!settings.signIn) {
    app.get('/spotify', requireUserOrLogin, (c) =>
      renderPage(c, { title: 'Spotify', status: 404 }, <SpotifyOffPage admin={c.get('user')?.role === 'admin'} />),
    );
    return app;
  }
  const key = parseTokenKey(settings.tokenKey ?? '');
  // The config schema refuses sign-in without a usable key, so this is a wiring bug if hit.
  if ('problem' in key) throw new HttpError(500, 'ERR_CONFIG', `spotify.tokenKey ${key.problem}`);
  const store = new SpotifyAccountStore(ctx.db, new TokenCipher(key.key), ctx.clock);
  const clientId = settings.clientId!;
  const redirectUri = settings.redirectUri ?? `${publicOriginOf(ctx.config)}/spotify/callback`;
  const accounts = settings.accountsBaseUrl ? { accountsBaseUrl: settings.accountsBaseUrl } : {};
  // A person waits on every call here: Spotify's short `Retry-After`s are waited out, longer ones answered at once.
  const policy = interactivePolicy(settings.interactiveWaitSeconds * 1000);
  const clientWith = (token: Parameters<typeof createSpotifyClient>[0]['token']): SpotifyClient =>
    createSpotifyClient({
      token,
      ...(settings.apiBaseUrl ? { apiBaseUrl: settings.apiBaseUrl } : {}),
      ...(policy.retry ? { retry: policy.retry } : {}),
      ...(policy.totalTimeoutMs ? { totalTimeoutMs: policy.totalTimeoutMs } : {}),
    });

  /** The user's Spotify client, or `undefined` when they have not connected. */
  // One token provider per connected user in this process: requests in parallel share its
  // refresh (single flight), so a refresh token Spotify rotates is never sent twice. A provider
  // is replaced when the stored refresh token is no longer the one it holds (a reconnect, or a
  // refresh by another instance).
  const providers = new Map<string, { refreshToken: string | undefined; token: AccessTokenProvider }>();

  async function connection(userId: string) {
    const account = await store.load(userId);
    if (!account) {
      providers.delete(userId);
      return undefined;
    }
    let entry = providers.get(userId);
    if (!entry || entry.refreshToken !== account.tokens.refreshToken) {
      const created = { refreshToken: account.tokens.refreshToken } as { refreshToken: string | undefined; token: AccessTokenProvider };
      created.token = userToken({
        clientId,
        tokens: account.tokens,
        onRefresh: async (tokens) => {
          // Stored first: a request reading the row meanwhile still matches this provider.
          await store.updateTokens(userId, tokens);
          created.refreshToken = tokens.refreshToken;
        },
        ...accounts,
      });
      providers.set(userId, created);
      entry = created;
    }
    return { account, client: clientWith(entry.token) };
  }

  async function requireConnection(c: Context<AppEnv>) {
    const found = await connection(currentUser(c).id);
    if (!found) throw new HttpError(409, 'ERR_SPOTIFY_NOT_CONNECTED', 'connect your Spotify account first (the Spotify page)');
    return found;
  }

  /** Spotify's refusals as HTTP errors a person can act on; a dead connection is deleted. */
  async function explain(c: Context<AppEnv>, error: unknown): Promise<unknown> {
    const userId = currentUser(c).id;
    const dead = (error instanceof TokenRequestError && error.oauthError === 'invalid_grant') || (error instanceof HttpStatusError && error.status === 401);
    if (dead) {
      providers.delete(userId);
      await store.remove(userId);
      return new HttpError(409, RECONNECT, 'Spotify no longer accepts this connection (it was revoked or has expired): connect your Spotify account again', { cause: error });
    }
    const limited = error instanceof RateLimitedError ? error : error instanceof PlaylistSaveError && error.cause instanceof RateLimitedError ? error.cause : undefined;
    if (limited) {
      const seconds = Math.max(1, Math.ceil((limited.retryAfterMs ?? 30_000) / 1000));
      const saved = error instanceof PlaylistSaveError ? (error.removed ? ' Nothing was saved.' : ` The incomplete playlist is still in your Spotify library: delete it there.`) : '';
      return new HttpError(503, 'ERR_SPOTIFY_BUSY', `Spotify is busy and asks to wait ${seconds} s; try again then.${saved}`, { cause: error, headers: { 'Retry-After': String(seconds) } });
    }
    if (error instanceof PlaylistSaveError) return new HttpError(502, error.code, `Spotify stopped the save: ${error.message}`, { cause: error });
    if (error instanceof PlaylistNotFound) return new HttpError(404, 'ERR_PLAYLIST_NOT_FOUND', 'Spotify has no such playlist (it may have been deleted)', { cause: error });
    if (error instanceof PlaylistAccessDenied) return new HttpError(403, 'ERR_PLAYLIST_ACCESS_DENIED', error.message, { cause: error });
    if (error instanceof HttpStatusError && error.status === 403) {
      return new HttpError(403, 'ERR_SPOTIFY_FORBIDDEN', 'Spotify refused: this connection lacks a permission; disconnect and connect again to grant it', { cause: error });
    }
    if (error instanceof SpotifyError) return new HttpError(502, 'ERR_SPOTIFY_UNAVAILABLE', 'Spotify could not be reached or gave an unexpected answer; try again later', { cause: error });
    return error;
  }

  /** Runs `work`, turning Spotify's refusals into {@link explain}ed HTTP errors. */
  async function spotifyCall<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw await explain(c, error);
    }
  }

  /** A page for an HTTP error of the Spotify flow (a 5xx goes to onError, logged). */
  const problemPage = (c: Context<AppEnv>, error: unknown, title: string) => {
    if (!(error instanceof ServerError) || (error.status >= 500 && error.status !== 503 && error.status !== 502)) throw error;
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return renderPage(c, { title, status: error.status }, <SpotifyProblemPage title={title} message={error.message} reconnect={error.code === RECONNECT} />);
  };

  /** Reads a playlist (capped) and recommends for its tracks through the configured feature providers. */
  async function recommendFor(c: Context<AppEnv>, id: string, count: number) {
    const { client } = await requireConnection(c);
    const contents = await spotifyCall(c, () => getPlaylistTracks(client, id, { maxTracks: MAX_PLAYLIST_TRACKS, signal: c.req.raw.signal }));
    const ids = [...new Set(contents.tracks.map((t) => t.id))];
    if (ids.length === 0) throw new HttpError(422, 'ERR_PLAYLIST_NO_KNOWN_TRACKS', `"${contents.name ?? id}" has no tracks msr can use (local files and unavailable tracks are skipped)`);
    const { playlist, result } = await runRecommendation(ctx, c, { kind: 'tracks', ids }, count);
    const unknown = new Set(playlist.unknownUris);
    const skipped: TrackSummary[] = [...new Map(contents.tracks.filter((t) => unknown.has(t.id)).map((t) => [t.id, t])).values()];
    const truncated = contents.truncated ? { used: contents.tracks.length, total: contents.truncated.total } : undefined;
    return { name: contents.name ?? 'your playlist', playlist: { ...playlist, name: contents.name ?? 'your playlist' } as ResolvedPlaylist, result, skipped, truncated };
  }

  // ---- pages ----
  app.get('/spotify', requireUserOrLogin, async (c) => {
    const notice = c.req.query('connected') ? 'Your Spotify account is connected.' : c.req.query('disconnected') ? 'Spotify disconnected: its tokens were deleted from this server.' : undefined;
    const found = await connection(currentUser(c).id);
    if (!found) return renderPage(c, { title: 'Spotify' }, <SpotifyPage account={undefined} playlists={undefined} problems={[]} notice={notice} />);
    const offset = Number(c.req.query('offset') ?? '0');
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) {
      return renderPage(c, { title: 'Spotify', status: 400 }, <SpotifyPage account={found.account} playlists={undefined} problems={['The page of playlists must be a whole number from 0.']} />);
    }
    try {
      const me = found.account.spotifyUserId;
      const playlists = await spotifyCall(c, () => listUserPlaylists(found.client, { userId: me, offset, limit: 20, signal: c.req.raw.signal }));
      return renderPage(c, { title: 'Spotify' }, <SpotifyPage account={found.account} playlists={playlists} problems={[]} notice={notice} />);
    } catch (error) {
      return problemPage(c, error, 'Spotify');
    }
  });

  // A GET link, not a form: the page's CSP (`form-action 'self'`) would stop a form's redirect to
  // Spotify. Safe to trigger cross-site: the state it makes is bound to this session and only
  // sends the person to Spotify's own consent page.
  app.get('/spotify/connect', requireUserOrLogin, async (c) => {
    const sessionToken = c.get('sessionToken');
    if (!sessionToken) throw new HttpError(400, 'ERR_SPOTIFY_NEEDS_SESSION', 'connecting Spotify needs a browser session: log in on the site');
    const pair = await createPkcePair();
    const state = await store.beginSignIn(sessionToken, currentUser(c).id, pair.verifier);
    return c.redirect(buildAuthorizeUrl({ clientId, redirectUri, codeChallenge: pair.challenge, state, scopes: PLAYLIST_SAVE_SCOPES, ...accounts }), 303);
  });

  app.get('/spotify/callback', requireUserOrLogin, async (c) => {
    const title = 'Connect Spotify';
    const refuse = (message: string) => renderPage(c, { title, status: 400 }, <SpotifyProblemPage title={title} message={message} />);
    const { state, code, error } = c.req.query();
    const sessionToken = c.get('sessionToken');
    if (!state || !sessionToken) return refuse('This Spotify sign-in cannot be checked (the link has no state): nothing was connected. Start again with "Connect Spotify".');
    const taken = await store.takeSignIn(state, sessionToken, currentUser(c).id);
    if ('refused' in taken) {
      const why = taken.refused === 'expired' ? 'it took too long' : taken.refused === 'other-session' ? 'it was started in another session' : 'it was not started here or was already used';
      return refuse(`This Spotify sign-in is not valid (${why}): nothing was connected. Start again with "Connect Spotify".`);
    }
    if (error) {
      const message = error === 'access_denied' ? 'You did not allow msr to use your Spotify account, so nothing was connected.' : `Spotify did not connect the account (${error.slice(0, 60)}): nothing was connected.`;
      return renderPage(c, { title, status: 200 }, <SpotifyProblemPage title={title} message={message} />);
    }
    if (!code) return refuse('Spotify sent no authorization code: nothing was connected. Start again with "Connect Spotify".');
    try {
      const tokens = await exchangeAuthorizationCode({ clientId, code, codeVerifier: taken.verifier, redirectUri, ...accounts });
      const me = await getCurrentUser(clientWith(userToken({ clientId, tokens, ...accounts })));
      // Stored only now, in one statement: a failure above leaves nothing behind.
      await store.save(currentUser(c).id, { spotifyUserId: me.id, displayName: me.displayName }, tokens);
    } catch (cause) {
      if (!(cause instanceof SpotifyError)) throw cause;
      return problemPage(c, new HttpError(502, 'ERR_SPOTIFY_SIGN_IN', 'Spotify did not complete the sign-in: nothing was connected. Try "Connect Spotify" again.', { cause }), title);
    }
    ctx.logger.info('spotify connected', { user: currentUser(c).id });
    return c.redirect('/spotify?connected=1', 303);
  });

  app.post('/spotify/disconnect', requireUser, async (c) => {
    providers.delete(currentUser(c).id);
    await store.remove(currentUser(c).id);
    ctx.logger.info('spotify disconnected', { user: currentUser(c).id });
    return c.redirect('/spotify?disconnected=1', 303);
  });

  app.post('/spotify/recommend', requireUser, recommendLimit, async (c) => {
    const form = await readForm(c);
    const id = form['playlist'] ?? '';
    const count = Number(form['count'] ?? '10');
    if (!isSpotifyId(id) || !Number.isInteger(count) || count < 1 || count > 50) {
      return renderPage(c, { title: 'Recommendations', status: 400 }, <SpotifyProblemPage title="Recommendations" message="Pick one of your playlists from the list." />);
    }
    try {
      const found = await recommendFor(c, id, count);
      return renderPage(
        c,
        { title: 'Recommendations' },
        <>
          <ResultsPage playlist={found.playlist} result={found.result} why={whyThisSong(ctx.modelStore.current()?.model, found.playlist, found.result.songs.map((s) => s.uri))} />
          <SpotifyResultsExtras playlistName={found.name} skipped={found.skipped} truncated={found.truncated} trackIds={found.result.songs.map((s) => s.uri)} />
        </>,
      );
    } catch (error) {
      return problemPage(c, error, 'Recommendations');
    }
  });

  app.post('/spotify/save', requireUser, recommendLimit, async (c) => {
    const form = await readForm(c);
    const parsed = saveBody.safeParse({ name: form['name'] ?? '', uris: (form['tracks'] ?? '').split(/\s+/).filter(Boolean) });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => (i.path[0] === 'name' ? `Playlist name: ${i.message}` : 'The list of songs to save is not valid: get recommendations again.'));
      return saveFormPage(c, form, 400, [...new Set(problems)]);
    }
    try {
      const saved = await save(c, parsed.data.name, parsed.data.uris);
      return renderPage(c, { title: 'Saved to Spotify' }, <SavedPage name={saved.name} url={saved.url} added={saved.added} />);
    } catch (error) {
      return problemPage(c, error, 'Save to Spotify');
    }
  });

  async function save(c: Context<AppEnv>, name: string, uris: string[]) {
    const { client } = await requireConnection(c);
    const saved = await spotifyCall(c, () => savePlaylist(client, { name, description: 'Recommended by msr', trackIds: uris }));
    ctx.logger.info('saved to spotify', { user: currentUser(c).id, tracks: saved.added });
    return saved;
  }

  // ---- JSON API ----
  app.get('/api/spotify', requireUser, async (c) => {
    const found = await connection(currentUser(c).id);
    return c.json(found ? { connected: true, spotifyUserId: found.account.spotifyUserId, displayName: found.account.displayName ?? null } : { connected: false });
  });

  app.get('/api/spotify/playlists', requireUser, async (c) => {
    const offset = Number(c.req.query('offset') ?? '0');
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw new ValidationError('query', [{ path: ['offset'], message: 'must be a whole number from 0 to 100000' }]);
    const { client, account } = await requireConnection(c);
    return c.json(await spotifyCall(c, () => listUserPlaylists(client, { userId: account.spotifyUserId, offset, limit: 20, signal: c.req.raw.signal })));
  });

  app.post('/api/spotify/recommend', requireUser, recommendLimit, async (c) => {
    const body = await readJson(c, recommendBody, 'Spotify recommendation request');
    const found = await recommendFor(c, body.playlist, body.count);
    return c.json({
      requestId: c.get('requestId'),
      playlist: { name: found.name, tracks: found.playlist.tracks.length, skipped: found.skipped.map((t) => ({ id: t.id, name: t.name ?? null })), truncated: found.truncated ?? null },
      ...(found.result satisfies RecommendationResult),
    });
  });

  app.post('/api/spotify/save', requireUser, recommendLimit, async (c) => {
    const body = await readJson(c, saveBody, 'Save to Spotify request');
    const saved = await save(c, body.name, body.uris);
    return c.json(saved, 201);
  });

  app.delete('/api/spotify', requireUser, async (c) => {
    providers.delete(currentUser(c).id);
    const removed = await store.remove(currentUser(c).id);
    return c.json({ disconnected: removed });
  });

  return app;
}
