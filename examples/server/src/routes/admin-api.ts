import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';
import { currentUser, requireAdmin } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { HttpError } from '../http/errors.js';
import { withoutServerPathsIn } from '../http/redact-paths.js';
import type { RetrainJob } from '../services/retrain-job.js';
import { paramsForJob } from '../services/params-store.js';
import { readJson } from '../http/read-body.js';
import { z } from 'zod';
import { loadMonitoring } from './admin-routes.js';

const anyJson = z.unknown();

/**
 * A job as the API shows it: no server file paths (issue 15) — the bundle it produced is named by
 * its version, so its `path` (kept in the stored result for the hot swap) is left out, and
 * paths in its message, error or result are cut to their file names.
 */
function jobForClient(job: RetrainJob): RetrainJob {
  const result = job.result as { bundle?: { path?: unknown } | null } | null | undefined;
  if (result?.bundle && typeof result.bundle === 'object' && 'path' in result.bundle) {
    const { path: _path, ...bundle } = result.bundle;
    return withoutServerPathsIn({ ...job, result: { ...result, bundle } });
  }
  return withoutServerPathsIn(job);
}

/** The admin JSON API under `/api/admin`; every route behind {@link requireAdmin}. */
export function adminApi(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireAdmin);

  app.get('/params', async (c) => {
    await ctx.genres?.survey();
    const { params, paramsVersion } = await paramsForJob(ctx.params);
    const genres = ctx.genres?.list();
    return c.json({ params, ...(paramsVersion === undefined ? {} : { version: paramsVersion }), ...(genres ? { genres } : {}) });
  });
  app.get('/params/history', async (c) => c.json({ versions: (await ctx.params.history?.()) ?? [] }));
  app.put('/params', async (c) => {
    // The params store's schema validates the body (400 with issues per key), per genre against the data's genres now.
    await ctx.genres?.survey();
    const params = await ctx.params.write(await readJson(c, anyJson, 'model parameters'), { by: currentUser(c).username });
    ctx.logger.info('model parameters changed', { by: currentUser(c).username, requestId: c.get('requestId') });
    return c.json({ params });
  });

  app.get('/retrain', async (c) => c.json({ jobs: (await ctx.retrain.list()).map(jobForClient) }));
  app.post('/retrain', async (c) => {
    const job = await ctx.retrain.start({ requestedBy: currentUser(c).username, ...(await paramsForJob(ctx.params)) });
    return c.json({ job: jobForClient(job) }, 202, { Location: `/api/admin/retrain/${job.id}` });
  });
  app.get('/retrain/:id', async (c) => {
    const job = await ctx.retrain.get(c.req.param('id'));
    if (!job) throw new HttpError(404, 'ERR_JOB_NOT_FOUND', `no retrain job "${c.req.param('id')}"`);
    return c.json({ job: jobForClient(job) });
  });

  app.get('/monitoring', async (c) => c.json(withoutServerPathsIn(await loadMonitoring(ctx, c.req.query()))));

  app.get('/users', async (c) => c.json({ users: await ctx.accounts.listUsers() }));
  app.delete('/users/:id', async (c) => {
    await ctx.accounts.deleteUser(c.req.param('id'));
    ctx.logger.info('user deleted', { id: c.req.param('id'), by: currentUser(c).username });
    return c.body(null, 204);
  });

  app.post('/users/:id/unlock', async (c) => {
    const cleared = await ctx.accounts.unlock(c.req.param('id'));
    ctx.logger.info('login throttle cleared', { id: c.req.param('id'), addresses: cleared, by: currentUser(c).username });
    return c.json({ cleared });
  });

  const registry = () => {
    if (!ctx.models) throw new HttpError(404, 'ERR_NO_REGISTRY', 'this server has no model registry');
    return ctx.models;
  };
  app.get('/models', async (c) => {
    const { registry: r } = registry();
    return c.json(withoutServerPathsIn({ champion: (await r.resolve()) ?? null, serving: ctx.modelStore.current()?.info.version ?? null, versions: await r.versions(), history: await r.history() }));
  });
  app.post('/models/promote', async (c) => {
    const { version } = await readJson(c, z.strictObject({ version: z.string().min(1) }), 'promotion');
    const models = registry();
    await models.registry.promote(version, currentUser(c).username);
    ctx.logger.info('model promoted to champion', { version, by: currentUser(c).username });
    await models.sync();
    return c.json({ champion: version, serving: ctx.modelStore.current()?.info.version ?? null });
  });
  app.post('/models/rollback', async (c) => {
    const models = registry();
    const version = await models.registry.rollback(currentUser(c).username);
    ctx.logger.info('champion model rolled back', { version, by: currentUser(c).username });
    await models.sync();
    return c.json({ champion: version, serving: ctx.modelStore.current()?.info.version ?? null });
  });

  app.get('/scheduler', async (c) => c.json(withoutServerPathsIn({ status: await ctx.scheduler.status(), runs: await ctx.scheduler.runs() })));
  app.get('/queue', async (c) => {
    if (!ctx.queue) throw new HttpError(404, 'ERR_NO_QUEUE', 'this server runs its jobs itself: no queue is configured (MSR_REDIS_URL)');
    return c.json({ queue: withoutServerPathsIn(await ctx.queue.status()) });
  });
  app.post('/scheduler/run', async (c) => c.json({ run: withoutServerPathsIn(await ctx.scheduler.runNow()) }, 202));

  return app;
}
