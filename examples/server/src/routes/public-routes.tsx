/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppContext } from '../app-context.js';
import { clearSessionCookie, currentUser, requireUser, setSessionCookie } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { ServerError } from '../http/errors.js';
import { clearPlaylist } from '../http/playlist-cookie.js';
import { readForm } from '../http/read-body.js';
import { AboutPage, AccountPage, HomePage, LoginPage, RegisterPage, WelcomePage } from '../views/public-pages.js';
import { nextOf } from './login-redirect.js';
import { issueMessages, renderPage } from './render.js';

/** Where a person lands after registering (and logging in) when no page sent them: the way in. */
const AFTER_REGISTER = '/search';

/** Home, about, register, login, logout, welcome and the account page. */
export function publicRoutes(ctx: AppContext, authLimit: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', (c) => renderPage(c, { title: 'Home' }, <HomePage user={c.get('user')} modelVersion={ctx.modelStore.current()?.info.version} />));
  app.get('/about', (c) => renderPage(c, { title: 'About' }, <AboutPage strategy={ctx.config.recommend.strategy} multiGenre={ctx.config.recommend.multiGenre} />));

  app.get('/register', (c) => renderPage(c, { title: 'Register' }, <RegisterPage problems={[]} username="" next={nextOf(c)} />));
  // A new account is logged in at once and taken on (issue 15: named recommendations in ≤ 5
  // interactions for a first-time visitor; decision 0981).
  app.post('/register', authLimit, async (c) => {
    const form = await readForm(c);
    const username = form['username'] ?? '';
    const password = form['password'] ?? '';
    const next = nextOf(c, form);
    try {
      await ctx.accounts.register(username, password);
    } catch (error) {
      if (error instanceof ServerError && error.status < 500 && error.status !== 429) {
        return renderPage(c, { title: 'Register', status: error.status }, <RegisterPage problems={issueMessages(error)} username={username} next={next} />);
      }
      throw error;
    }
    const session = await ctx.accounts.login(username, password, ctx.clientOf(c));
    setSessionCookie(c, session.token, ctx.cookie);
    return c.redirect(next ?? AFTER_REGISTER, 303);
  });

  app.get('/login', (c) =>
    renderPage(
      c,
      { title: 'Log in' },
      <LoginPage problems={[]} username="" next={nextOf(c)} notice={c.req.query('registered') ? 'Account created: log in with it.' : undefined} />,
    ),
  );
  app.post('/login', authLimit, async (c) => {
    const form = await readForm(c);
    const username = form['username'] ?? '';
    const next = nextOf(c, form);
    try {
      const session = await ctx.accounts.login(username, form['password'] ?? '', ctx.clientOf(c));
      setSessionCookie(c, session.token, ctx.cookie);
    } catch (error) {
      if (error instanceof ServerError && (error.status === 401 || error.status === 423)) {
        for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
        return renderPage(c, { title: 'Log in', status: error.status }, <LoginPage problems={[error.message]} username={username} next={next} />);
      }
      throw error;
    }
    return c.redirect(next ?? '/welcome', 303);
  });

  app.post('/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await ctx.accounts.logout(token);
    clearSessionCookie(c, ctx.cookie);
    // The playlist built on the search page is the person's: it does not outlive their session.
    clearPlaylist(c, ctx.config.secureCookies);
    return c.redirect('/', 303);
  });

  app.get('/welcome', requireUser, (c) => renderPage(c, { title: 'Welcome' }, <WelcomePage user={currentUser(c)} />));
  app.get('/account', requireUser, (c) =>
    renderPage(c, { title: 'Account' }, <AccountPage user={currentUser(c)} problems={[]} notice={c.req.query('changed') ? 'Password changed.' : undefined} />),
  );
  app.post('/account/password', requireUser, async (c) => {
    const form = await readForm(c);
    const user = currentUser(c);
    try {
      const session = await ctx.accounts.changePassword(user, form['currentPassword'] ?? '', form['newPassword'] ?? '', ctx.clientOf(c));
      setSessionCookie(c, session.token, ctx.cookie);
    } catch (error) {
      if (error instanceof ServerError && error.status === 400) {
        return renderPage(c, { title: 'Account', status: 400 }, <AccountPage user={user} problems={issueMessages(error)} />);
      }
      throw error;
    }
    return c.redirect('/account?changed=1', 303);
  });

  return app;
}
