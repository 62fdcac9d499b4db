import { createApp, type ServerApp } from './app.js';
import type { AppSeams } from './app-context.js';
import type { PasswordHasher } from './auth/password-hasher.js';
import { systemClock, type Clock } from './clock.js';
import type { ServerConfig } from './config/config.js';
import { migrate, openDatabase, type Database } from './db/database.js';
import type { RateLimitStoreFactory } from './http/rate-limit.js';
import type { Redis } from 'ioredis';
import { openRedis } from './services/open-redis.js';
import { redisRateLimits } from './services/redis-rate-limit-store.js';
import type { Logger } from './logging/logger.js';
import { listen, type RunningServer } from './serve.js';

/** The seams a deployment plugs in (see docs/guides/server.md). */
export type Seams = AppSeams & {
  /** Runs once the server listens (load or train the first model…). */
  afterListen?: () => Promise<void>;
  /** Releases what the seams hold (queue connections…), last before the database closes. */
  close?: () => Promise<void>;
};

/** What a {@link SeamFactory} gets to build seams from. */
export interface SeamContext {
  config: ServerConfig;
  db: Database;
  logger: Logger;
  clock: Clock;
}

/** Builds the seams of a deployment. */
export type SeamFactory<S extends Seams = Seams> = (context: SeamContext) => Promise<S>;

/** Options of {@link startServer}. */
export interface StartServerOptions<S extends Seams = Seams> {
  logger: Logger;
  seams: SeamFactory<S>;
  /** @default the system clock */
  clock?: Clock;
  hasher?: PasswordHasher;
  rateLimitStore?: RateLimitStoreFactory;
}

/** A running server and the way to stop it. */
export interface ServerHandle<S extends Seams = Seams> extends RunningServer {
  app: ServerApp;
  db: Database;
  seams: S;
  /** The first admin when this start created it; `password` only when it was generated. */
  firstAdmin?: { username: string; password?: string };
}

/**
 * Starts the whole server: opens and migrates the database, builds the seams and the app,
 * makes sure an admin exists, listens, starts the scheduler. `close()` shuts down in order:
 * scheduler, HTTP (in-flight requests finish), retrain worker, database.
 */
export async function startServer<S extends Seams>(config: ServerConfig, options: StartServerOptions<S>): Promise<ServerHandle<S>> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const db = await openDatabase({ url: config.database.url, busyTimeoutMs: config.database.busyTimeoutMs, ...(config.database.authToken ? { authToken: config.database.authToken } : {}) });
  let redis: Redis | undefined;
  try {
    const report = await migrate(db, undefined, () => clock.now());
    if (report.applied.length > 0) logger.info('database migrated', { applied: report.applied, version: report.version });
    const seams = await options.seams({ config, db, logger, clock });
    // With Redis configured, every instance counts against the same limits.
    let rateLimitStore = options.rateLimitStore;
    if (!rateLimitStore && config.queue.redisUrl) {
      redis = await openRedis(config.queue.redisUrl);
      rateLimitStore = redisRateLimits(redis, clock, config.queue.prefix);
    }
    const app = createApp({
      config,
      db,
      logger,
      clock,
      ...seams,
      ...(options.hasher ? { hasher: options.hasher } : {}),
      ...(rateLimitStore ? { rateLimitStore } : {}),
    });
    const firstAdmin = await app.accounts.ensureFirstAdmin(config.admin, logger);
    const http = await listen(app.app, { host: config.host, port: config.port, shutdownTimeoutMs: config.shutdownTimeoutMs });
    logger.info('listening', { url: http.url });
    seams.scheduler.start();
    // Expired sessions are refused on sight; this only keeps the table small.
    const purge = setInterval(() => {
      app.sessions.purgeExpired().catch((error: unknown) => logger.warn('could not purge expired sessions', { error }));
    }, 60 * 60_000);
    purge.unref();
    if (seams.afterListen) {
      seams.afterListen().catch((error: unknown) => logger.error('start-up task failed', { error }));
    }
    let closing: Promise<void> | undefined;
    return {
      ...http,
      app,
      db,
      seams,
      ...(firstAdmin ? { firstAdmin } : {}),
      close: () =>
        (closing ??= (async () => {
          logger.info('shutting down');
          clearInterval(purge);
          await seams.scheduler.stop();
          await http.close();
          await app.recommendations.flush();
          await seams.retrain.close();
          await seams.close?.();
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
