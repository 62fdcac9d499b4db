import type { Context } from 'hono';
import type { FeedQuarantineFile, QuarantineSummary, QueueStatus } from '@msr/pipeline';
import type { Accounts } from './auth/accounts.js';
import type { ApiTokens } from './auth/api-tokens.js';
import type { ServerMetrics } from './monitoring/metrics.js';
import type { SessionManager } from './auth/session-manager.js';
import type { Clock } from './clock.js';
import type { ServerConfig } from './config/config.js';
import type { Database } from './db/database.js';
import type { SessionCookieOptions } from './http/auth-middleware.js';
import type { Logger } from './logging/logger.js';
import type { CoreRecommender } from './adapters/core-recommender.js';
import type { SpotifyPlaylistResolver } from './adapters/spotify-playlist-resolver.js';
import type { ForkRetrainRunner } from './services/fork-retrain-runner.js';
import type { MemoryModelStore } from './services/model-store.js';
import type { ParamsStore } from './services/params-store.js';
import type { Scheduler } from './services/scheduler.js';
import type { RecommendationLog } from './services/recommendation-log.js';
import type { ModelRegistry } from './services/model-registry.js';

/**
 * The services a deployment builds (`buildServices` in `start-server.ts`): `@msr/core`
 * recommending, `@msr/spotify` resolving, the params store, the forked pipeline worker, the
 * scheduler.
 */
export interface AppServices {
  recommender: CoreRecommender;
  /** The resolver's `resolve` (a test may hold a request in it). */
  resolver: Pick<SpotifyPlaylistResolver, 'resolve'>;
  modelStore: MemoryModelStore;
  params: ParamsStore<unknown>;
  retrain: ForkRetrainRunner;
  scheduler: Scheduler;
  /** The BullMQ queues, when the server runs on Redis (`GET /api/admin/queue`). */
  queue?: QueueStatusSource;
  /** What the last ingestion set aside (`quarantine.json`), for the monitoring page; `undefined` before one. */
  dataQuality?: () => Promise<QuarantineSummary | undefined>;
  /** What the last feed set aside (`quarantine-feed.csv`), for the monitoring page; `undefined` before a feed. */
  feedQuarantine?: () => Promise<FeedQuarantineFile | undefined>;
  /**
   * The genres the pipeline trains on, in `n_components`' order: config.yaml's, or the data's as
   * last surveyed (at start, after every new model, and by `survey()`), for `/api/admin/params`,
   * the params page and the params check.
   */
  genres?: { list(): readonly string[]; survey(): Promise<void> };
  /** The model registry and its `champion` alias (`/api/admin/models`); `sync` serves the champion now. */
  models?: { registry: ModelRegistry; sync(): Promise<void> };
}

/** Where admins read the queues' state: `PipelineQueue.status()` of `@msr/pipeline`. */
export interface QueueStatusSource {
  status(): Promise<QueueStatus>;
}

/** What route handlers share: configuration and services. */
export interface AppContext extends AppServices {
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
