/**
 * What a request costs, for the rate limits (issue 15: the original counted every page view, so
 * a person browsing was locked out within minutes).
 *
 * - `free`: static assets and probes, never counted.
 * - `browse`: page views and API reads (GET, HEAD, OPTIONS) and the writes that only edit the
 *   visitor's own cookie (the search page's playlist, logging out): counted against a flood guard
 *   far above a person's pace.
 * - `costly`: every other write — recommendations, logins and registrations, admin and account
 *   changes, Spotify saves — counted against the original's per-client budget. A write is costly
 *   unless listed here, so a route added later is protected by default.
 */
export type RequestCost = 'free' | 'browse' | 'costly';

const FREE = /^\/(assets\/|healthz$|readyz$|metrics$)/;
const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
/** Writes that touch nothing of the server's but the visitor's own cookies (and their own session row). */
const COOKIE_ONLY_WRITES = new Set(['/search/add', '/search/remove', '/logout', '/api/logout']);

/** The cost class of a request, from its method and path alone (no body, no session). */
export function requestCost(method: string, path: string): RequestCost {
  if (FREE.test(path)) return 'free';
  if (SAFE_METHOD.test(method) || COOKIE_ONLY_WRITES.has(path)) return 'browse';
  return 'costly';
}
