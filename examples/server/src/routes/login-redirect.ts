import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';

/**
 * For the pages a person opens to get recommendations (`/recommend`, `/search`): a logged-out
 * visitor is sent to the login page, which brings them back here afterwards (`?next=`). The
 * other logged-in pages keep answering 401 with a "Log in" link.
 */
export const requireUserOrLogin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user')) return c.redirect(loginUrlFor(c), 303);
  await next();
};

/**
 * The login page that brings the visitor back to the page they asked for (`/login?next=…`),
 * used by the redirect above and by the 401 page's "Log in" link. Only a GET can be repeated
 * by following a link, so any other method (a form posted while logged out) gets the plain login.
 */
export function loginUrlFor(c: Context<AppEnv>): string {
  if (c.req.method !== 'GET') return '/login';
  const url = new URL(c.req.url);
  const next = localNext(url.pathname + url.search);
  return next ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/**
 * The `next` a login or registration form carries, when it is a path on this site; anything
 * else (`//evil.example`, `https://…`, `/\evil`, control characters) is dropped, so the form
 * cannot be used to send a person elsewhere.
 */
export function localNext(value: string | undefined): string | undefined {
  if (!value || value.length > 512 || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}

/** The `next` of a request's query or form, checked by {@link localNext}. */
export function nextOf(c: Context<AppEnv>, form?: Record<string, string>): string | undefined {
  return localNext(form?.['next'] ?? c.req.query('next'));
}
