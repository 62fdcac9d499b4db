import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './http/app-env.js';
import { ServerError } from './http/errors.js';
import { createApp, type ServerApp } from './app.js';
import type { PasswordHasher } from './auth/password-hasher.js';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config/config.js';
import { migrate, openDatabase, type Database } from './db/database.js';
import type { RateLimitStoreFactory } from './http/rate-limit.js';
import type { Redis } from 'ioredis';
import { openRedis } from './services/open-redis.js';
import { redisRateLimits } from './services/redis-rate-limit-store.js';
import type { Logger } from './logging/logger.js';
import { configuredSecrets, MIN_SECRET_LENGTH, redactingLogger, secretRedactor, shortSecretSources } from './http/redact-secrets.js';
import { buildServices, type BuildServicesOptions, type Services } from './build-services.js';
import type { ReadinessChecks } from './app.js';

/**
 * BullMQ keeps jobs, schedules and locks in Redis as ordinary keys: under any eviction policy
 * but `noeviction`, a full Redis silently drops them. Says so at start-up (a warning, not a
 * refusal: a managed Redis may not let the operator read or change it).
 */
async function warnOnEvictionPolicy(redis: Redis, logger: Logger): Promise<void> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy !== undefined && policy !== 'noeviction') {
      logger.warn(`Redis maxmemory-policy is "${policy}", not "noeviction": when Redis fills up it may evict queued jobs, the feed's schedule and the run lock (set maxmemory-policy noeviction)`, { policy });
    }
  } catch (error) {
    logger.info('could not read Redis maxmemory-policy (CONFIG GET refused?); make sure it is noeviction', { error });
  }
}

/** Options of {@link startServer}. */
export interface StartServerOptions extends BuildServicesOptions {
  logger: Logger;
  /** @default the system clock */
  clock?: Clock;
  hasher?: PasswordHasher;
  rateLimitStore?: RateLimitStoreFactory;
  /** Changes the built services before the app is made from them (a test holding requests in the resolver). */
  adapt?: (services: Services) => Services;
}

/** A running server and the way to stop it. */
export interface ServerHandle extends RunningServer {
  app: ServerApp;
  db: Database;
  services: Services;
  /** The first admin when this start created it; `password` only when it was generated. */
  firstAdmin?: { username: string; password?: string };
}

/**
 * The one start-up path of every entry (`main.ts`, the benchmark, tests): opens and migrates
 * the database, builds the services ({@link buildServices}) and the app,
 * makes sure an admin exists, listens, starts the scheduler. `close()` shuts down in order:
 * scheduler, HTTP (in-flight requests finish), retrain worker, database.
 */
export async function startServer(config: ServerConfig, options: StartServerOptions): Promise<ServerHandle> {
  // The retrain workers run with this process's environment and `workerEnv`: their secrets too.
  const env = { ...process.env, ...options.workerEnv };
  const secrets = configuredSecrets(config, env);
  const logger = redactingLogger(options.logger, secretRedactor(secrets));
  const short = shortSecretSources(config, env);
  if (short.length > 0) {
    logger.warn(`secrets shorter than ${MIN_SECRET_LENGTH} characters are kept out of pages and logs only where they stand as credentials (a URL's password, after Bearer, token=, password=…); use longer ones`, { secrets: short });
  }
  const clock = options.clock ?? systemClock;
  const db = await openDatabase({ url: config.database.url, busyTimeoutMs: config.database.busyTimeoutMs, ...(config.database.authToken ? { authToken: config.database.authToken } : {}) });
  let redis: Redis | undefined;
  try {
    const report = await migrate(db, undefined, () => clock.now());
    if (report.applied.length > 0) logger.info('database migrated', { applied: report.applied, version: report.version });
    const built = await buildServices({ config, db, logger, clock }, options);
    const services = options.adapt ? options.adapt(built) : built;
    let rateLimitStore = options.rateLimitStore;
    const readiness: ReadinessChecks = {};
    if (config.queue.redisUrl) {
      const client = await openRedis(config.queue.redisUrl);
      redis = client;
      // With Redis configured, every instance counts against the same limits.
      rateLimitStore ??= redisRateLimits(client, clock, config.queue.prefix);
      // Rate-limited routes and jobs need it: an instance without it is not ready.
      readiness['redis'] = async () => void (await client.ping());
      await warnOnEvictionPolicy(client, logger);
    }
    const app = createApp({
      config,
      db,
      logger,
      clock,
      ...services,
      readiness,
      secrets,
      ...(options.hasher ? { hasher: options.hasher } : {}),
      ...(rateLimitStore ? { rateLimitStore } : {}),
    });
    const firstAdmin = await app.accounts.ensureFirstAdmin(config.admin, logger);
    const http = await listen(app.app, { host: config.host, port: config.port, shutdownTimeoutMs: config.shutdownTimeoutMs });
    logger.info('listening', { url: http.url });
    services.scheduler.start();
    // Expired sessions are refused on sight; this only keeps the table small.
    const purge = setInterval(() => {
      app.sessions.purgeExpired().catch((error: unknown) => logger.warn('could not purge expired sessions', { error }));
      app.throttle.purgeStale().catch((error: unknown) => logger.warn('could not purge stale login counters', { error }));
    }, 60 * 60_000);
    purge.unref();
    services.afterListen().catch((error: unknown) => logger.error('start-up task failed', { error }));
    let closing: Promise<void> | undefined;
    return {
      ...http,
      app,
      db,
      services,
      ...(firstAdmin ? { firstAdmin } : {}),
      close: () =>
        (closing ??= (async () => {
          logger.info('shutting down');
          clearInterval(purge);
          await services.scheduler.stop();
          await http.close();
          await app.recommendations.flush();
          await services.retrain.close();
          await services.close();
          await redis?.quit().catch(() => redis?.disconnect());
          db.close();
          logger.info('stopped');
        })()),
    };
  } catch (error) {
    redis?.disconnect();
    db.close();
    throw error;
  }
}

/** A listening HTTP server. */
export interface RunningServer {
  /** `http://host:port` actually bound (port 0 becomes the real one). */
  url: string;
  port: number;
  /**
   * Stops accepting connections and waits for requests in flight; after `timeoutMs` the
   * remaining connections are cut.
   */
  close(): Promise<void>;
}

/** Listens on `host:port` (0 = any free port) and resolves once bound. */
export function listen(app: Hono<AppEnv>, options: { host: string; port: number; shutdownTimeoutMs: number }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) => {
      // The usual start-up fault of a second copy: one line for the operator (main.ts), not a stack.
      if (error.code === 'EADDRINUSE') {
        reject(
          new ServerError(
            'ERR_PORT_IN_USE',
            `port ${options.port} on ${options.host} is already in use (another msr, or another program): stop it, or choose a free port with MSR_PORT (e.g. MSR_PORT=${options.port === 65_535 ? 3001 : options.port + 1})`,
            { cause: error },
          ),
        );
      } else reject(error);
    });
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            // Keep-alive sockets with no request in flight would hold close() open for nothing.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
