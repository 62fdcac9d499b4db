/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../app-context.js';
import { currentUser, requireAdmin } from '../http/auth-middleware.js';
import type { AppEnv } from '../http/app-env.js';
import { HttpError, ServerError, ValidationError, type RequestIssue } from '../http/errors.js';
import { paramsForJob } from '../services/params-store.js';
import { readForm } from '../http/read-body.js';
import { dataQualityOf, feedQualityOf } from '../monitoring/data-quality.js';
import { monitoringData, renderSimilarityChart } from '../monitoring/similarity-chart.js';
import { parseTimeRange, type TimeRange } from '../monitoring/time-range.js';
import { AdminIndexPage, MonitoringPage, RetrainJobPage, RetrainListPage, SchedulerPage, UsersPage } from '../views/admin-pages.js';
import { mountParamsPages } from './params-routes.js';
import { DataQualitySection } from '../views/data-quality.js';
import { issueMessages, renderPage } from './render.js';

/** Loads the monitoring series for a query string (a 400 {@link ValidationError} for a bad range). */
export async function loadMonitoring(ctx: AppContext, query: Record<string, string>) {
  return monitoringIn(ctx, parseTimeRange(query, ctx.clock.now()));
}

async function monitoringIn(ctx: AppContext, range: TimeRange) {
  const points = await ctx.recommendations.series(range);
  const summary = await ctx.dataQuality?.().catch((error: unknown) => {
    ctx.logger.warn('the quarantine summary cannot be read', { error });
    return undefined;
  });
  const fed = await ctx.feedQuarantine?.().catch((error: unknown) => {
    ctx.logger.warn("the feed's quarantine file cannot be read", { error });
    return undefined;
  });
  return {
    ...monitoringData(points, range, ctx.config.monitoring.threshold, ctx.config.monitoring.rollingWindow),
    quarantine: summary ? dataQualityOf(summary) : null,
    feedQuarantine: fed ? feedQualityOf(fed) : null,
  };
}

/** What a scheduled run does, for the scheduler page. */
function feedDescription(feed: AppContext['config']['feed']): string {
  // The drop folder's path is the operator's (feed.dropFolder in the configuration), not shown to clients.
  const source = feed.source === 'spotify-search' ? 'Spotify search' : 'CSV files dropped in the feed folder (feed.dropFolder in the configuration)';
  return `Each run starts a scheduled-feed job (listed under Retrain): new songs from ${source} are merged into the songs base, and the models retrain when it grew by more than ${feed.threshold * 100}% since the last training.`;
}

/** The admin pages under `/admin`; every one behind {@link requireAdmin}. */
export function adminPages(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireAdmin);

  app.get('/', (c) => renderPage(c, { title: 'Admin' }, <AdminIndexPage model={ctx.modelStore.current()?.info} />));

  mountParamsPages(app, ctx);

  app.get('/retrain', async (c) => renderPage(c, { title: 'Retrain' }, <RetrainListPage jobs={await ctx.retrain.list()} problems={[]} />));
  app.post('/retrain', async (c) => {
    try {
      const job = await ctx.retrain.start({ requestedBy: currentUser(c).username, ...(await paramsForJob(ctx.params)) });
      return c.redirect(`/admin/retrain/${job.id}`, 303);
    } catch (error) {
      if (error instanceof ServerError && error.status === 409) {
        return renderPage(c, { title: 'Retrain', status: 409 }, <RetrainListPage jobs={await ctx.retrain.list()} problems={[error.message]} />);
      }
      throw error;
    }
  });
  app.get('/retrain/:id', async (c) => {
    const job = await ctx.retrain.get(c.req.param('id'));
    if (!job) throw new HttpError(404, 'ERR_JOB_NOT_FOUND', `no retrain job "${c.req.param('id')}"`);
    return renderPage(c, { title: 'Retrain job', ...(job.status === 'running' ? { refreshSeconds: 2 } : {}) }, <RetrainJobPage job={job} />);
  });

  app.get('/monitoring', async (c) => {
    // A range the page cannot read is said beside its field, over the default range's page: the
    // admin keeps the page and what they typed, not a bare error page.
    const query = c.req.query();
    let range: TimeRange;
    let issues: RequestIssue[] = [];
    try {
      range = parseTimeRange(query, ctx.clock.now());
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues = error.issues;
      range = parseTimeRange({}, ctx.clock.now());
    }
    const data = await monitoringIn(ctx, range);
    return renderPage(
      c,
      { title: 'Monitoring', status: issues.length > 0 ? 400 : 200 },
      <>
        <MonitoringPage data={data} svg={renderSimilarityChart(data, { legend: false })} typed={{ from: query['from'] ?? '', to: query['to'] ?? '' }} issues={issues} />
        <DataQualitySection quality={data.quarantine} feed={data.feedQuarantine} />
      </>,
    );
  });
  app.get('/monitoring/chart.svg', async (c) => {
    const data = await loadMonitoring(ctx, c.req.query());
    return c.body(renderSimilarityChart(data), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  const usersPage = async (c: Context<AppEnv>, status = 200, problems: string[] = [], notice?: string) =>
    renderPage(c, { title: 'Users', status }, <UsersPage users={await ctx.accounts.listUsers()} me={currentUser(c)} problems={problems} notice={notice} />);
  app.get('/users', (c) => usersPage(c, 200, [], c.req.query('deleted') ? 'User deleted.' : c.req.query('unlocked') ? 'Login throttle cleared.' : undefined));
  app.post('/users/:id/unlock', async (c) => {
    try {
      const cleared = await ctx.accounts.unlock(c.req.param('id'));
      ctx.logger.info('login throttle cleared', { id: c.req.param('id'), addresses: cleared, by: currentUser(c).username });
    } catch (error) {
      if (error instanceof ServerError && error.status === 404) return usersPage(c, 404, [error.message]);
      throw error;
    }
    return c.redirect('/admin/users?unlocked=1', 303);
  });
  app.post('/users/:id/delete', async (c) => {
    try {
      await ctx.accounts.deleteUser(c.req.param('id'));
    } catch (error) {
      if (error instanceof ServerError && (error.status === 404 || error.status === 409)) return usersPage(c, error.status, [error.message]);
      throw error;
    }
    ctx.logger.info('user deleted', { id: c.req.param('id'), by: currentUser(c).username });
    return c.redirect('/admin/users?deleted=1', 303);
  });

  const schedulerPage = async (c: Context<AppEnv>, status = 200, problems: string[] = [], notice?: string) =>
    renderPage(
      c,
      { title: 'Scheduler', status },
      <SchedulerPage
        status={await ctx.scheduler.status()}
        runs={await ctx.scheduler.runs()}
        now={ctx.clock.now()}
        problems={problems}
        notice={notice}
        task={feedDescription(ctx.config.feed)}
      />,
    );
  app.get('/scheduler', (c) => schedulerPage(c, 200, [], c.req.query('started') ? 'Run started.' : undefined));
  app.post('/scheduler/run', async (c) => {
    try {
      await ctx.scheduler.runNow();
    } catch (error) {
      if (error instanceof ServerError && error.status === 409) return schedulerPage(c, 409, [error.message]);
      throw error;
    }
    return c.redirect('/admin/scheduler?started=1', 303);
  });

  return app;
}
