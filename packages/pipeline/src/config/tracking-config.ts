import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * Where runs, metrics and models are tracked. A `file:` URI (or a plain path) is the embedded
 * local store in MLflow's file layout; `http(s)://` is an MLflow server (DagsHub, self-hosted).
 */
export interface TrackingConfig {
  /** Tracking URI, e.g. `file:///srv/msr/mlruns` or `https://dagshub.com/me/repo.mlflow`. */
  uri: string;
  /** Basic-auth user (`MLFLOW_TRACKING_USERNAME`). */
  username?: string;
  /** Basic-auth password (`MLFLOW_TRACKING_PASSWORD`). */
  password?: string;
  /** Bearer token (`MLFLOW_TRACKING_TOKEN`). */
  token?: string;
}

/** The embedded local store of a pipeline rooted at `rootDir`: `<rootDir>/mlruns`. */
export function localTrackingConfig(rootDir: string): TrackingConfig {
  return { uri: pathToFileURL(join(rootDir, 'mlruns')).href };
}

/**
 * Reads the standard MLflow variables — `MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_USERNAME`,
 * `MLFLOW_TRACKING_PASSWORD`, `MLFLOW_TRACKING_TOKEN` — from the environment you pass (the CLI
 * passes `process.env`; the library never reads it by itself). Returns `undefined` when no URI
 * is set, so callers fall back to the local store.
 *
 * @example
 * ```ts
 * const tracking = trackingConfigFromEnv(process.env) ?? localTrackingConfig(root);
 * ```
 */
export function trackingConfigFromEnv(env: Readonly<Record<string, string | undefined>>): TrackingConfig | undefined {
  const uri = env.MLFLOW_TRACKING_URI?.trim();
  if (!uri) return undefined;
  const config: TrackingConfig = { uri };
  if (env.MLFLOW_TRACKING_USERNAME) config.username = env.MLFLOW_TRACKING_USERNAME;
  if (env.MLFLOW_TRACKING_PASSWORD) config.password = env.MLFLOW_TRACKING_PASSWORD;
  if (env.MLFLOW_TRACKING_TOKEN) config.token = env.MLFLOW_TRACKING_TOKEN;
  return config;
}

/** The tracking config with its secrets masked, for logs and `msr status`. */
export function redactTracking(config: TrackingConfig): TrackingConfig {
  const out: TrackingConfig = { uri: config.uri.replace(/\/\/[^/@]*@/, '//***@') };
  if (config.username !== undefined) out.username = config.username;
  if (config.password !== undefined) out.password = '***';
  if (config.token !== undefined) out.token = '***';
  return out;
}

/** True for a URI (or path) naming the embedded local store rather than a server. */
export function isLocalTrackingUri(uri: string): boolean {
  return !/^https?:\/\//i.test(uri);
}
