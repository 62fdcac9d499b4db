/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../app-context.js';
import { currentUser } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { ServerError } from '../http/errors.js';
import { readForm } from '../http/read-body.js';
import { ParamsPage } from '../views/params-page.js';
import { fieldErrors, paramsFormFields, unflattenParams, withGenreNames } from './params-form.js';
import { issueMessages, renderPage } from './render.js';

/**
 * Set by a save that succeeded and read once by the page it redirects to: "Saved." shows only
 * then — never for a `?saved` in a bookmarked or reloaded address, nor after a refused save.
 */
const SAVED_COOKIE = 'msr_params_saved';
const PATH = '/admin/params';

/** `GET` and `POST /admin/params` on the admin pages' app (already behind `requireAdmin`). */
export function mountParamsPages(app: Hono<AppEnv>, ctx: AppContext): void {
  const secure = ctx.config.secureCookies;
  app.get('/params', async (c) => {
    const saved = getCookie(c, SAVED_COOKIE) === '1';
    if (saved) deleteCookie(c, SAVED_COOKIE, { path: PATH, secure });
    await ctx.genres?.survey();
    return renderPage(
      c,
      { title: 'Model parameters' },
      <ParamsPage fields={withGenreNames(paramsFormFields(await ctx.params.read()), ctx.genres?.list())} history={(await ctx.params.history?.()) ?? []} problems={[]} notice={saved ? 'Saved.' : undefined} />,
    );
  });
  app.post('/params', async (c) => {
    const form = await readForm(c);
    const current = await ctx.params.read();
    const proposed = unflattenParams(current, form);
    await ctx.genres?.survey();
    try {
      await ctx.params.write(proposed, { by: currentUser(c).username });
    } catch (error) {
      if (error instanceof ServerError && error.status === 400) {
        const fields = withGenreNames(paramsFormFields(proposed), ctx.genres?.list());
        const { byField, summary } = fieldErrors(error.issues, fields);
        const problems = error.issues.length > 0 ? summary : issueMessages(error);
        return renderPage(c, { title: 'Model parameters', status: 400 }, <ParamsPage fields={fields} history={(await ctx.params.history?.()) ?? []} problems={problems} errors={byField} />);
      }
      throw error;
    }
    ctx.logger.info('model parameters changed', { by: currentUser(c).username, requestId: c.get('requestId') });
    setCookie(c, SAVED_COOKIE, '1', { httpOnly: true, sameSite: 'Lax', path: PATH, secure, maxAge: 60 });
    return c.redirect(PATH, 303);
  });
}
