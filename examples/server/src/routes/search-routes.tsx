/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { findSong, RecommenderModel, searchCatalog, SearchError, songLabel, spotifyTrackUrl, type FoundSong, type SearchHit } from '@msr/core';
import { Hono, type Context } from 'hono';
import type { AppContext } from '../app-context.js';
import { requireUser } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { HttpError, ServerError } from '../http/errors.js';
import { MAX_PLAYLIST_TRACKS, readPlaylist, writePlaylist } from '../http/playlist-cookie.js';
import { readForm } from '../http/read-body.js';
import { ModelNotReadyError } from '../adapters/core-recommender.js';
import { SearchPage } from '../views/search-pages.js';
import { requireUserOrLogin } from './login-redirect.js';
import { renderPage } from './render.js';

/** Hits per search on the page and the API's default. */
const PAGE_HITS = 20;

/**
 * Catalog search — `GET /api/songs?q=` and the search page where a person builds a playlist
 * (kept in a session cookie) and asks for recommendations: the way in without a Spotify account.
 */
export function searchRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const model = (): RecommenderModel => {
    const current = ctx.modelStore.current();
    if (!current) throw new ModelNotReadyError();
    if (!(current.model instanceof RecommenderModel)) throw new HttpError(501, 'ERR_SEARCH_UNAVAILABLE', 'this deployment serves a model msr cannot search');
    return current.model;
  };
  /** Runs a search; a refused query becomes a 400 with the search error's code. */
  const search = (query: string, limit: number): SearchHit[] => {
    try {
      return searchCatalog(model(), query, { limit });
    } catch (error) {
      if (error instanceof SearchError) throw new HttpError(400, error.code, error.message, { issues: [{ path: ['q'], message: error.message }] });
      throw error;
    }
  };
  const backTo = (c: Context<AppEnv>, query: string) => c.redirect(query ? `/search?q=${encodeURIComponent(query)}` : '/search', 303);
  const playlistSongs = (ids: readonly string[]): FoundSong[] => {
    const current = ctx.modelStore.current();
    const m = current?.model instanceof RecommenderModel ? current.model : undefined;
    return ids.map((id) => (m && findSong(m, id)) || { uri: id, genre: '' });
  };

  app.get('/api/songs', requireUser, (c) => {
    const query = c.req.query('q') ?? '';
    const limitText = c.req.query('limit') ?? String(PAGE_HITS);
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) {
      throw new HttpError(400, 'ERR_OUT_OF_RANGE', `limit: must be a whole number from 1 to 100, got "${limitText.slice(0, 20)}"`, { issues: [{ path: ['limit'], message: 'must be a whole number from 1 to 100' }] });
    }
    const songs = search(query, limit).map((hit) => ({ ...hit, label: songLabel(hit), spotifyUrl: spotifyTrackUrl(hit.uri) }));
    return c.json({ query, songs });
  });

  app.get('/search', requireUserOrLogin, async (c) => {
    const query = c.req.query('q') ?? '';
    const playlist = playlistSongs(readPlaylist(c));
    const page = (status: number, problems: string[], hits: SearchHit[] | undefined) =>
      renderPage(c, { title: 'Build a playlist', status }, <SearchPage query={query} problems={problems} hits={hits} playlist={playlist} max={MAX_PLAYLIST_TRACKS} />);
    if (query.trim() === '') return page(200, [], undefined);
    try {
      return page(200, [], search(query, PAGE_HITS));
    } catch (error) {
      if (error instanceof ServerError && error.status === 400) return page(400, [queryProblem(error.code)], undefined);
      throw error;
    }
  });

  app.post('/search/add', requireUser, async (c) => {
    const form = await readForm(c);
    const query = form['q'] ?? '';
    const song = findSong(model(), form['uri'] ?? '');
    const ids = readPlaylist(c);
    const problem = !song ? 'That song is not in the catalog (any more): search again.' : ids.length >= MAX_PLAYLIST_TRACKS ? `Your playlist is full: it holds at most ${MAX_PLAYLIST_TRACKS} songs. Remove one first.` : undefined;
    if (problem) {
      const playlist = playlistSongs(ids);
      return renderPage(c, { title: 'Build a playlist', status: song ? 409 : 404 }, <SearchPage query={query} problems={[problem]} hits={undefined} playlist={playlist} max={MAX_PLAYLIST_TRACKS} />);
    }
    const id = song!.uri;
    if (!ids.includes(id)) writePlaylist(c, [...ids, id], ctx.config.secureCookies);
    return backTo(c, query);
  });

  app.post('/search/remove', requireUser, async (c) => {
    const form = await readForm(c);
    writePlaylist(
      c,
      readPlaylist(c).filter((id) => id !== form['uri']),
      ctx.config.secureCookies,
    );
    return backTo(c, form['q'] ?? '');
  });

  return app;
}

/** A refused query, in words for a person. */
function queryProblem(code: string): string {
  if (code === 'ERR_QUERY_TOO_LONG') return 'That search is too long: type at most 200 characters of a title or an artist.';
  if (code === 'ERR_QUERY_CONTROL_CHARACTER') return 'That search holds invisible control characters (a tab or a line break?): type plain text.';
  return 'That search could not be run: try different words.';
}
