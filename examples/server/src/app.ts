import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { matchedRoutes } from 'hono/route';
import { ServerMetrics } from './monitoring/metrics.js';
import { scrapeTokenMatches } from './monitoring/scrape-token.js';
import { ServerError } from './http/errors.js';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { Accounts } from './auth/accounts.js';
import { ApiTokens, bearerTokenOf } from './auth/api-tokens.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { createArgon2Hasher, type PasswordHasher } from './auth/password-hasher.js';
import { SessionManager } from './auth/session-manager.js';
import { UserRepository } from './auth/user-repository.js';
import type { AppContext, AppServices } from './app-context.js';
import { systemClock, type Clock } from './clock.js';
import { publicOriginOf, type ServerConfig } from './config/config.js';
import type { Database } from './db/database.js';
import type { AppEnv } from './http/app-env.js';
import { loadSession, type SessionCookieOptions } from './http/auth-middleware.js';
import { clientAddress, nodeSocketAddress, type SocketAddress } from './http/client-address.js';
import { createErrorHandler, notFound } from './http/on-error.js';
import { rateLimit, rateLimitHeaders, type RateLimitStoreFactory } from './http/rate-limit.js';
import { requestCost, type RequestCost } from './http/request-cost.js';
import { bodySizeLimit, csrfProtection, securityHeaders } from './http/security.js';
import { configuredSecrets, redactSecrets, secretRedactor } from './http/redact-secrets.js';
import type { Logger } from './logging/logger.js';
import { accountApi } from './routes/account-api.js';
import { adminApi } from './routes/admin-api.js';
import { adminPages } from './routes/admin-routes.js';
import { publicRoutes } from './routes/public-routes.js';
import { recommendFormAgain, recommendRoutes } from './routes/recommend-routes.js';
import { searchRoutes } from './routes/search-routes.js';
import { saveFormAgain, spotifyRoutes } from './routes/spotify-routes.js';
import { RecommendationLog } from './services/recommendation-log.js';

/** Everything {@link createApp} is built from (the services: `buildServices`, see docs/guides/server.md). */
export interface AppDependencies extends AppServices {
  config: ServerConfig;
  /** Migrated database (see `migrate`). */
  db: Database;
  logger: Logger;
  /** @default the system clock */
  clock?: Clock;
  /** @default Argon2id with `config.argon2` */
  hasher?: PasswordHasher;
  /** Where the peer address comes from. @default `@hono/node-server`'s socket */
  socketAddress?: SocketAddress;
  /** Counter store per rate limit (issue 9: Redis). @default in memory on `clock` */
  rateLimitStore?: RateLimitStoreFactory;
  /** More checks for `/readyz` (e.g. `redis`), each resolving when the dependency answers. @default {} */
  readiness?: ReadinessChecks;
  /**
   * Texts no response may show (`configuredSecrets`): every text body is searched for them.
   * @default the secrets in `config` (`startServer` adds those of the environment: MLflow's)
   */
  secrets?: readonly string[];
}

/** Named readiness checks: each resolves when its dependency answers and rejects with why not. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

/** A readiness check that gets no answer within this fails. */
const READINESS_TIMEOUT_MS = 2_000;

/** The built app and the services `main.ts` needs beside it. */
export interface ServerApp {
  app: Hono<AppEnv>;
  accounts: Accounts;
  sessions: SessionManager;
  /** The login throttle (its stale counters are purged with expired sessions). */
  throttle: LoginThrottle;
  /** The monitoring log; flush it before shutting down. */
  recommendations: RecommendationLog;
}

/** Files under `assets/` and their content types. */
const ASSETS: Record<string, string> = { 'app.css': 'text/css; charset=utf-8', 'icon.svg': 'image/svg+xml' };
const MINUTE = 60_000;

/**
 * Builds the Hono app: middleware (request id, security headers, body limit, rate limits, CSRF,
 * sessions), pages, the JSON API and the admin area. Does no I/O of its own beyond reading the
 * stylesheet; start nothing here (the scheduler is started by `main.ts`).
 *
 * @example
 * ```ts
 * const { app } = createApp({ config, db, logger, recommender, resolver, modelStore, params, retrain, scheduler });
 * const res = await app.request('/healthz');
 * ```
 */
export function createApp(deps: AppDependencies): ServerApp {
  const { config, db, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const origin = publicOriginOf(config);
  const cookie: SessionCookieOptions = { secure: config.secureCookies, ttlMs: config.sessions.ttlMinutes * MINUTE };
  const sessions = new SessionManager(db, clock, { ttlMs: cookie.ttlMs });
  const throttle = new LoginThrottle(db, clock, {
      freeAttempts: config.loginThrottle.freeAttempts,
      baseDelayMs: config.loginThrottle.baseDelaySeconds * 1000,
      maxDelayMs: config.loginThrottle.maxDelayMinutes * MINUTE,
      accountCeiling: config.loginThrottle.accountCeiling,
      accountWindowMs: config.loginThrottle.accountWindowMinutes * MINUTE,
      unknownAddressDelayMs: config.loginThrottle.unknownAddressDelaySeconds * 1000,
      knownAddressMs: config.loginThrottle.knownAddressDays * 24 * 60 * MINUTE,
  });
  const accounts = new Accounts({
    users: new UserRepository(db),
    sessions,
    throttle,
    hasher: deps.hasher ?? createArgon2Hasher(config.argon2),
    clock,
  });
  const tokens = new ApiTokens(db, clock);
  const metrics = config.metrics.enabled
    ? new ServerMetrics({
        db,
        modelVersion: () => deps.modelStore.current()?.info.version,
        ...(deps.queue
          ? {
              queueCounts: async () => {
                const { queues } = await deps.queue!.status();
                return queues as unknown as Record<string, Record<string, number>>;
              },
            }
          : {}),
      })
    : undefined;
  const socketAddress = deps.socketAddress ?? nodeSocketAddress;
  const clientOf = (c: Context): string => clientAddress(c, config.trustProxyHops, socketAddress);
  const ctx: AppContext = {
    config,
    db,
    logger,
    clock,
    accounts,
    sessions,
    cookie,
    recommender: deps.recommender,
    resolver: deps.resolver,
    modelStore: deps.modelStore,
    params: deps.params,
    retrain: deps.retrain,
    scheduler: deps.scheduler,
    ...(deps.queue ? { queue: deps.queue } : {}),
    ...(deps.models ? { models: deps.models } : {}),
    ...(deps.genres ? { genres: deps.genres } : {}),
    ...(deps.dataQuality ? { dataQuality: deps.dataQuality } : {}),
    ...(deps.feedQuarantine ? { feedQuarantine: deps.feedQuarantine } : {}),
    recommendations: new RecommendationLog(db, {
      onError: (error, dropped) => logger.error('could not write the recommendation log; entries dropped', { dropped, error }),
    }),
    clientOf,
    tokens,
    ...(metrics ? { metrics } : {}),
  };

  const limits = config.rateLimits;
  const limiterOptions = {
    clock,
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}),
    ...(metrics ? { onReject: (limit: string) => metrics.rateLimitRejections.inc({ limit }) } : {}),
  };
  // Page views and costly writes are counted apart (issue 15, docs/guides/server.md "Rate limits").
  const perClientWhen = (cost: RequestCost) => (c: Context) => (requestCost(c.req.method, c.req.path) === cost ? `ip:${clientOf(c)}` : undefined);
  const passThrough: MiddlewareHandler<AppEnv> = async (_c, next) => next();
  const authLimit = limits.enabled
    ? rateLimit({ name: 'auth', limit: limits.authPer15Minutes, windowMs: 15 * MINUTE, key: (c) => `ip:${clientOf(c)}` }, limiterOptions)
    : passThrough;
  const recommendLimit = limits.enabled
    ? rateLimit({ name: 'recommend', limit: limits.recommendPerMinute, windowMs: MINUTE, key: (c) => c.get('user') && `user:${c.get('user')!.id}`, countFailures: false }, limiterOptions)
    : passThrough;

  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(logger, { formPages: { '/recommend': recommendFormAgain, '/spotify/save': saveFormAgain } }));
  app.notFound(notFound);
  // First, so it sees every body: pages, JSON, error answers, /metrics.
  const redactor = secretRedactor(deps.secrets ?? configuredSecrets(config));
  if (redactor) app.use('*', redactSecrets(redactor));

  app.use('*', async (c, next) => {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    c.set('rateLimits', []);
    c.set('user', undefined);
    c.set('sessionToken', undefined);
    c.set('tokenScope', undefined);
    const started = performance.now();
    await next();
    if (metrics) {
      // The handler's pattern (`/api/admin/retrain/:id`), not the path: one series per route.
      const route = matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1)?.path ?? 'unmatched';
      metrics.requestSeconds.observe({ method: c.req.method, route, status: String(c.res.status) }, (performance.now() - started) / 1000);
      if (c.req.method === 'POST' && (c.req.path === '/api/login' || c.req.path === '/login') && (c.res.status === 401 || c.res.status === 429)) {
        metrics.loginFailures.inc({ reason: c.res.status === 401 ? 'wrong-password' : 'throttled' });
      }
    }
    // Set in place: c.header() after next() would rebuild the response from its original headers under
    // @hono/node-server, dropping those inner middleware (secure headers, rate limits) added.
    c.res.headers.set('X-Request-Id', id);
    logger.debug('request', { requestId: id, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });
  app.use('*', securityHeaders({ hsts: config.secureCookies }));
  app.use('*', rateLimitHeaders(clock));

  // Our only static files, read once: every page needs them, none comes from a CDN.
  const assets = new Map(
    Object.entries(ASSETS).map(([name, type]) => {
      const bytes = readFileSync(new URL(`../assets/${name}`, import.meta.url));
      return [name, { bytes, type, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 16)}"` }] as const;
    }),
  );
  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, { ETag: asset.etag });
    return c.body(asset.bytes, 200, { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'public, max-age=3600' });
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  if (metrics) {
    const token = config.metrics.token!;
    app.get('/metrics', async (c) => {
      if (!scrapeTokenMatches(c.req.header('authorization'), token)) {
        throw new ServerError('ERR_METRICS_TOKEN', 'metrics need the scrape token: Authorization: Bearer <metrics.token>', { headers: { 'WWW-Authenticate': 'Bearer' } });
      }
      return c.body(await metrics.render(), 200, { 'Content-Type': metrics.registry.contentType });
    });
  }
  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    try {
      await db.execute('SELECT 1');
      checks['database'] = 'ok';
    } catch (error) {
      checks['database'] = `unavailable: ${(error as Error).message}`;
    }
    const model = deps.modelStore.current();
    checks['model'] = model ? `ok (${model.info.version})` : 'not loaded';
    await Promise.all(
      Object.entries(deps.readiness ?? {}).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), READINESS_TIMEOUT_MS)))]);
          checks[name] = 'ok';
        } catch (error) {
          checks[name] = `unavailable: ${(error as Error).message}`;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const ready = Object.values(checks).every((v) => v.startsWith('ok'));
    return c.json({ status: ready ? 'ready' : 'not-ready', checks }, ready ? 200 : 503);
  });

  app.use('*', bodySizeLimit(config.bodyLimitBytes));
  const session = loadSession(sessions, cookie, tokens);
  if (limits.enabled) {
    // These count before the session is read (a flood costs no database read), so a refusal
    // reads it then: the 429 page keeps the person's navigation.
    const withSessionOn429 =
      (limiter: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
      async (c, next) => {
        try {
          await limiter(c, next);
        } catch (error) {
          if (error instanceof ServerError && error.status === 429 && !c.get('user')) await session(c, async () => {}).catch(() => undefined);
          throw error;
        }
      };
    app.use('*', withSessionOn429(rateLimit({ name: 'pages', limit: limits.pagesPerMinute, windowMs: MINUTE, key: perClientWhen('browse') }, limiterOptions)));
    app.use('*', withSessionOn429(rateLimit({ name: 'global-hour', limit: limits.globalPerHour, windowMs: 60 * MINUTE, key: perClientWhen('costly') }, limiterOptions)));
    app.use('*', withSessionOn429(rateLimit({ name: 'global-day', limit: limits.globalPerDay, windowMs: 24 * 60 * MINUTE, key: perClientWhen('costly') }, limiterOptions)));
  }
  // A bearer request carries no cookie a browser would attach on its own: no CSRF check.
  app.use('*', csrfProtection(origin, { skip: (c) => bearerTokenOf(c.req.header('authorization')) !== undefined }));
  app.use('*', session);

  app.route('/', publicRoutes(ctx, authLimit));
  app.route('/', recommendRoutes(ctx, recommendLimit));
  app.route('/', searchRoutes(ctx));
  app.route('/', spotifyRoutes(ctx, recommendLimit));
  app.route('/', accountApi(ctx, authLimit));
  app.route('/admin', adminPages(ctx));
  app.route('/api/admin', adminApi(ctx));

  return { app, accounts, sessions, throttle, recommendations: ctx.recommendations };
}
