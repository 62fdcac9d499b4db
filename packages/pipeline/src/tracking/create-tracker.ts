import { createTrackingStore, type MlflowAuth, type TrackingStore } from '@msr/mlflow-client';
import type { TrackingConfig } from '../config/tracking-config.js';

/** Options of {@link createTracker}. */
export interface CreateTrackerOptions {
  /** The root a relative local-store path resolves against. */
  baseDir: string;
  /** The fetch for a server. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/**
 * The `@msr/mlflow-client` store for a {@link TrackingConfig}: the embedded local store for a
 * `file:` URI or a path, an MLflow server over REST (with basic or bearer auth) for `http(s)://`.
 *
 * @example
 * ```ts
 * const tracker = createTracker(manager.getTrackingConfig(), { baseDir: manager.rootDir });
 * ```
 */
export function createTracker(config: TrackingConfig, options: CreateTrackerOptions): TrackingStore {
  let auth: MlflowAuth | undefined;
  if (config.token !== undefined) auth = { type: 'bearer', token: config.token };
  else if (config.username !== undefined) auth = { type: 'basic', username: config.username, password: config.password ?? '' };
  return createTrackingStore({ uri: config.uri, baseDir: options.baseDir, ...(auth ? { auth } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
}
