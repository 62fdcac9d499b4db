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
      ...seams,
      readiness,
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
      app.throttle.purgeStale().catch((error: unknown) => logger.warn('could not purge stale login counters', { error }));
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
