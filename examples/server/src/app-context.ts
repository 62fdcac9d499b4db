import type { Context } from 'hono';
import type { QueueStatus } from '@msr/pipeline';
import type { Accounts } from './auth/accounts.js';
import type { ApiTokens } from './auth/api-tokens.js';
import type { ServerMetrics } from './monitoring/metrics.js';
import type { SessionManager } from './auth/session-manager.js';
import type { Clock } from './clock.js';
import type { ServerConfig } from './config/config.js';
import type { Database } from './db/database.js';
import type { SessionCookieOptions } from './http/auth-middleware.js';
import type { Logger } from './logging/logger.js';
import type { ModelStore } from './seams/model-store.js';
import type { ParamsStore } from './seams/params-store.js';
import type { PlaylistResolver, Recommender } from './seams/recommender.js';
import type { RetrainRunner } from './seams/retrain-runner.js';
import type { Scheduler } from './seams/scheduler.js';
import type { RecommendationLog } from './services/recommendation-log.js';
import type { ModelRegistry } from './services/model-registry.js';

/**
 * The seams a deployment plugs in: interfaces the server calls and never implements itself in
 * production (phase 2 wires `@msr/core`, `@msr/pipeline` and `@msr/spotify` behind them).
 */
export interface AppSeams {
  recommender: Recommender;
  resolver: PlaylistResolver;
  modelStore: ModelStore<unknown>;
  params: ParamsStore<unknown>;
  retrain: RetrainRunner;
  scheduler: Scheduler;
  /** The BullMQ queues, when the server runs on Redis (`GET /api/admin/queue`). */
  queue?: QueueStatusSource;
  /** The model registry and its `champion` alias (`/api/admin/models`); `sync` serves the champion now. */
  models?: { registry: ModelRegistry; sync(): Promise<void> };
}

/** Where admins read the queues' state: `PipelineQueue.status()` of `@msr/pipeline`. */
export interface QueueStatusSource {
  status(): Promise<QueueStatus>;
}

/** What route handlers share: configuration, services and the seams. */
export interface AppContext extends AppSeams {
  config: ServerConfig;
  db: Database;
  logger: Logger;
  clock: Clock;
  accounts: Accounts;
  sessions: SessionManager;
  cookie: SessionCookieOptions;
  recommendations: RecommendationLog;
  /** Client address for logs (already proxy-aware). */
  clientOf: (c: Context) => string;
  /** API tokens for scripts. */
  tokens: ApiTokens;
  /** Prometheus metrics, when `metrics.enabled`. */
  metrics?: ServerMetrics;
}
