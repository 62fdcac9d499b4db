import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMlflowClient, createMlflowClientFromEnv, type CreateMlflowClientOptions, type MlflowEnv } from '../client/mlflow-client.js';
import { MlflowValidationError } from '../errors/mlflow-error.js';
import { LocalTrackingStore } from './local/local-tracking-store.js';
import { RestTrackingStore } from './rest-tracking-store.js';
import type { TrackingStore } from './tracking-store.js';

/** Options of {@link createTrackingStore}. */
export interface CreateTrackingStoreOptions extends Omit<CreateMlflowClientOptions, 'trackingUri'> {
  /** `http(s)://…` for a server; a folder path or `file:` URL for the local store. */
  readonly uri: string;
  /** Folder a relative local path is resolved against (inject the working directory; no hidden `process.cwd()`). */
  readonly baseDir?: string;
}

/**
 * A {@link TrackingStore} for `uri`: a {@link RestTrackingStore} for `http(s)://` URLs, a
 * {@link LocalTrackingStore} for a folder path or `file:` URL.
 * @example
 * ```ts
 * const store = createTrackingStore({ uri: 'mlruns', baseDir: projectDir });
 * ```
 */
export function createTrackingStore(options: CreateTrackingStoreOptions): TrackingStore {
  const { uri, baseDir, ...clientOptions } = options;
  if (/^https?:\/\//i.test(uri)) return new RestTrackingStore(createMlflowClient({ ...clientOptions, trackingUri: uri }));
  return new LocalTrackingStore({ root: localRoot(uri, baseDir), ...(clientOptions.now ? { now: clientOptions.now } : {}) });
}

/** Options of {@link createTrackingStoreFromEnv}. */
export interface TrackingStoreFromEnvOptions extends Partial<CreateMlflowClientOptions> {
  /** Folder a relative local path is resolved against, e.g. the project directory. */
  readonly baseDir: string;
  /** The environment to read. @default process.env */
  readonly env?: MlflowEnv;
  /** The local store's folder when `MLFLOW_TRACKING_URI` is unset. @default 'mlruns' */
  readonly defaultLocal?: string;
}

/**
 * A {@link TrackingStore} from MLflow's environment variables, read here and nowhere else: the
 * server in `MLFLOW_TRACKING_URI` (with its auth variables), or the local store at
 * `defaultLocal` under `baseDir` when the variable is unset or a file path.
 * @example
 * ```ts
 * const store = createTrackingStoreFromEnv({ baseDir: projectDir }); // reads process.env
 * ```
 */
export function createTrackingStoreFromEnv(options: TrackingStoreFromEnvOptions): TrackingStore {
  const { baseDir, defaultLocal, env = process.env, ...clientOptions } = options;
  const uri = env.MLFLOW_TRACKING_URI;
  if (uri && /^https?:\/\//i.test(uri)) return new RestTrackingStore(createMlflowClientFromEnv(env, clientOptions));
  return new LocalTrackingStore({ root: localRoot(uri || defaultLocal || 'mlruns', baseDir) });
}

function localRoot(uri: string, baseDir: string | undefined): string {
  if (/^file:/i.test(uri)) return fileURLToPath(uri);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new MlflowValidationError('uri', 'http(s):// URL, file: URL or folder path', `unsupported scheme in ${uri}`);
  if (isAbsolute(uri)) return uri;
  if (baseDir === undefined) throw new MlflowValidationError('baseDir', 'set when uri is a relative path', `uri ${JSON.stringify(uri)} is relative`);
  return resolve(baseDir, uri);
}
