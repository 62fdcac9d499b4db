import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The playlist a person builds on the search page, kept in a browser-session cookie (no
 * Max-Age: it ends with the browser session): track ids joined by `.`. A cookie, not a table,
 * because it needs no script and no storage, and 50 ids (1.2 KB) fit well inside a cookie's
 * 4 KB (decision 0870). Read back strictly: anything that is not a track id is dropped.
 */
export const PLAYLIST_COOKIE = 'msr_playlist';

/** The most tracks the built playlist holds. */
export const MAX_PLAYLIST_TRACKS = 50;

const TRACK_ID = /^[0-9A-Za-z]{22}$/;

/** The ids of the built playlist, in the order added. */
export function readPlaylist(c: Context): string[] {
  const raw = getCookie(c, PLAYLIST_COOKIE) ?? '';
  const ids = raw.split('.').filter((id) => TRACK_ID.test(id));
  return [...new Set(ids)].slice(0, MAX_PLAYLIST_TRACKS);
}

/** Stores the built playlist (HttpOnly, SameSite=Lax, Path=/, Secure when configured); an empty one clears the cookie. */
export function writePlaylist(c: Context, ids: readonly string[], secure: boolean): void {
  if (ids.length === 0) {
    clearPlaylist(c, secure);
    return;
  }
  setCookie(c, PLAYLIST_COOKIE, ids.join('.'), { httpOnly: true, sameSite: 'Lax', path: '/', secure });
}

/** Clears the built playlist (an empty playlist, and logging out). */
export function clearPlaylist(c: Context, secure: boolean): void {
  deleteCookie(c, PLAYLIST_COOKIE, { path: '/', secure });
}
