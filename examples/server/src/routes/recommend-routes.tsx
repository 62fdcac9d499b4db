/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppContext } from '../app-context.js';
import { requireUser } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { ServerError } from '../http/errors.js';
import { readForm, readJson } from '../http/read-body.js';
import { FORM_COUNTS, RecommendPage, ResultsPage } from '../views/recommend-pages.js';
import { requireUserOrLogin } from './login-redirect.js';
import { parsePlaylistText, recommendBodySchema } from './playlist-input.js';
import { runRecommendation } from './recommend-handler.js';
import { issueMessages, renderPage } from './render.js';
import { whyThisSong } from './why-this-song.js';

/** The recommend form again, with what was typed and why it was not answered (see `FormPageAgain`). */
export async function recommendFormAgain(c: Context<AppEnv>, message: string, status: number): Promise<Response> {
  const form = await readForm(c);
  const count = Number(form['count'] ?? '10');
  const kept = (FORM_COUNTS as readonly number[]).includes(count) ? count : 10;
  return renderPage(c, { title: 'Recommend', status }, <RecommendPage problems={[message]} playlist={form['playlist'] ?? ''} count={kept} />);
}

/** The recommend form, its results page and `POST /api/recommend`. */
export function recommendRoutes(ctx: AppContext, recommendLimit: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/recommend', requireUserOrLogin, (c) => renderPage(c, { title: 'Recommend' }, <RecommendPage problems={[]} playlist="" count={10} />));

  app.post('/recommend', requireUser, recommendLimit, async (c) => {
    const form = await readForm(c);
    const text = form['playlist'] ?? '';
    const count = Number(form['count'] ?? '10');
    const page = (status: number, problems: string[]) =>
      renderPage(c, { title: 'Recommend', status }, <RecommendPage problems={problems} playlist={text} count={count} />);
    if (!(FORM_COUNTS as readonly number[]).includes(count)) return page(400, [`count must be one of ${FORM_COUNTS.join(', ')}`]);
    const parsed = parsePlaylistText(text);
    if (!parsed.ok) return page(400, parsed.issues.map((i) => i.message));
    try {
      const { playlist, result } = await runRecommendation(ctx, c, parsed.ref, count);
      const why = whyThisSong(ctx.modelStore.current()?.model, playlist, result.songs.map((s) => s.uri));
      return renderPage(c, { title: 'Recommendations' }, <ResultsPage playlist={playlist} result={result} why={why} />);
    } catch (error) {
      // The playlist's own problems belong beside the form; rate limits and busy sources go to
      // onError, which shows this form again (recommendFormAgain), and server faults to its error page.
      if (error instanceof ServerError && error.status >= 400 && error.status < 500 && error.status !== 429) return page(error.status, issueMessages(error));
      throw error;
    }
  });

  app.post('/api/recommend', requireUser, recommendLimit, async (c) => {
    const body = await readJson(c, recommendBodySchema, 'recommendation request');
    const { playlist, result, latencyMs } = await runRecommendation(ctx, c, body.playlist, body.count);
    return c.json({
      requestId: c.get('requestId'),
      playlist: { name: playlist.name ?? null, tracks: playlist.tracks.length, unknownUris: playlist.unknownUris },
      ...result,
      latencyMs: Math.round(latencyMs * 100) / 100,
    });
  });

  return app;
}
