import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { bearerTokenOf, type ApiTokens } from '../auth/api-tokens.js';
import type { SessionManager } from '../auth/session-manager.js';
import type { User } from '../auth/user-repository.js';
import type { AppEnv } from './app-env.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** Cookie settings of the session. */
export interface SessionCookieOptions {
  /** Add `Secure` and use the `__Host-` prefix (HTTPS deployments). */
  secure: boolean;
  ttlMs: number;
}

/** The session cookie's name; `__Host-` pins it to our origin, path `/`, HTTPS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-msr_session' : 'msr_session';
}

/** Sends the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when configured. */
export function setSessionCookie(c: Context, token: string, options: SessionCookieOptions): void {
  setCookie(c, sessionCookieName(options.secure), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: options.secure,
    maxAge: Math.floor(options.ttlMs / 1000),
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(c: Context, options: SessionCookieOptions): void {
  deleteCookie(c, sessionCookieName(options.secure), { path: '/', secure: options.secure });
}

/**
 * Reads the session cookie and sets `user`; slides the cookie's expiry when the session slid.
 * A stale cookie is cleared; nothing is refused here.
 */
export function loadSession(sessions: SessionManager, cookie: SessionCookieOptions, tokens?: ApiTokens): MiddlewareHandler<AppEnv> {
  const name = sessionCookieName(cookie.secure);
  return async (c, next) => {
    const token = getCookie(c, name);
    c.set('user', undefined);
    c.set('sessionToken', undefined);
    c.set('tokenScope', undefined);
    const bearer = tokens ? bearerTokenOf(c.req.header('authorization')) : undefined;
    if (bearer !== undefined && tokens) {
      // A bearer request is the token's alone: a cookie beside it is ignored (it skipped CSRF).
      const { user, scope } = await tokens.authenticate(bearer);
      c.set('user', user);
      c.set('tokenScope', scope);
      if (scope === 'read' && !SAFE_METHOD.test(c.req.method) && !READ_SCOPE_WRITES.has(c.req.path)) {
        throw new ForbiddenError(`this token's scope is "read": it may read and ask for recommendations, not ${c.req.method} ${c.req.path}`, 'ERR_TOKEN_SCOPE');
      }
      // Tokens are not managed with a token: a leaked one must not mint more.
      if (c.req.path.startsWith('/api/me/tokens') && !SAFE_METHOD.test(c.req.method)) {
        throw new ForbiddenError('API tokens are created and revoked from a logged-in session, not with a token', 'ERR_TOKEN_SCOPE');
      }
      await next();
      return;
    }
    if (token) {
      const session = await sessions.validate(token);
      if (session) {
        c.set('user', session.user);
        c.set('sessionToken', token);
        if (session.refreshed) setSessionCookie(c, token, cookie);
      } else {
        clearSessionCookie(c, cookie);
      }
    }
    await next();
  };
}

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
/** Writes a `read` token may make: asking for recommendations (a POST that changes nothing of ours). */
const READ_SCOPE_WRITES = new Set(['/api/recommend']);

/** 401 unless logged in. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user')) throw new UnauthenticatedError();
  await next();
};

/** 401 unless logged in, 403 unless an admin. Mounted on every admin route. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user');
  if (!user) throw new UnauthenticatedError();
  if (user.role !== 'admin') throw new ForbiddenError('admins only: your account is not an admin');
  await next();
};

/** The logged-in user; call only behind {@link requireUser} or {@link requireAdmin}. */
export function currentUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw new UnauthenticatedError();
  return user;
}
