import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { clearSessionCookie, currentUser, requireUser, setSessionCookie } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { clearPlaylist } from '../http/playlist-cookie.js';
import { readJson } from '../http/read-body.js';

// Lengths are capped here so nothing huge reaches the hasher; the rules themselves live in credential-rules.ts.
const credentials = z.strictObject({ username: z.string().max(64), password: z.string().max(1_024) });
const passwordChange = z.strictObject({ currentPassword: z.string().max(1_024), newPassword: z.string().max(1_024) });

/** `/api/register`, `/api/login`, `/api/logout`, `/api/me`, `/api/me/password`, `/api/me/tokens`. */
export function accountApi(ctx: AppContext, authLimit: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/register', authLimit, async (c) => {
    const body = await readJson(c, credentials, 'registration');
    const user = await ctx.accounts.register(body.username, body.password);
    return c.json({ user }, 201);
  });

  app.post('/api/login', authLimit, async (c) => {
    const body = await readJson(c, credentials, 'login');
    const session = await ctx.accounts.login(body.username, body.password, ctx.clientOf(c));
    setSessionCookie(c, session.token, ctx.cookie);
    return c.json({ user: session.user, expiresAt: new Date(session.expiresAt).toISOString() });
  });

  app.post('/api/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await ctx.accounts.logout(token);
    clearSessionCookie(c, ctx.cookie);
    clearPlaylist(c, ctx.config.secureCookies);
    return c.body(null, 204);
  });

  app.get('/api/me', requireUser, (c) => c.json({ user: currentUser(c) }));

  app.post('/api/me/password', requireUser, async (c) => {
    const body = await readJson(c, passwordChange, 'password change');
    const session = await ctx.accounts.changePassword(currentUser(c), body.currentPassword, body.newPassword, ctx.clientOf(c));
    setSessionCookie(c, session.token, ctx.cookie);
    return c.body(null, 204);
  });

  const newToken = z.strictObject({
    name: z.string().trim().min(1).max(100),
    scope: z.enum(['read', 'admin']).default('read'),
    /** @default 30 */
    expiresInDays: z.number().int().min(1).max(365).default(30),
  });
  app.get('/api/me/tokens', requireUser, async (c) => c.json({ tokens: await ctx.tokens.list(currentUser(c).id) }));
  app.post('/api/me/tokens', requireUser, async (c) => {
    const body = await readJson(c, newToken, 'API token');
    const { token, info } = await ctx.tokens.create(currentUser(c), body);
    ctx.logger.info('API token created', { user: currentUser(c).username, id: info.id, scope: info.scope });
    return c.json({ token, ...info }, 201);
  });
  app.delete('/api/me/tokens/:id', requireUser, async (c) => {
    await ctx.tokens.revoke(currentUser(c).id, c.req.param('id'));
    ctx.logger.info('API token revoked', { user: currentUser(c).username, id: c.req.param('id') });
    return c.body(null, 204);
  });

  return app;
}
