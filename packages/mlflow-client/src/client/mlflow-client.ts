import { ArtifactsApi } from '../api/artifacts-api.js';
import { ExperimentsApi, type CallOptions } from '../api/experiments-api.js';
import { LoggedModelsApi } from '../api/logged-models-api.js';
import { ModelsApi } from '../api/models-api.js';
import { RegistryApi } from '../api/registry-api.js';
import { RunsApi } from '../api/runs-api.js';
import { DEFAULT_BATCH_LIMITS, type BatchLimits } from '../batching/split-batch.js';
import { MlflowValidationError } from '../errors/mlflow-error.js';
import { normalizeOptions, type MlflowAuth, type MlflowClientOptions } from '../http/options.js';
import { Transport } from '../http/transport.js';

/** Options of {@link createMlflowClient}: transport options plus the server's batch limits. */
export interface CreateMlflowClientOptions extends MlflowClientOptions {
  /** Limits of one `log-batch` request; lower them for servers stricter than MLflow's defaults. */
  readonly batchLimits?: Partial<BatchLimits>;
}

/**
 * A typed client of an MLflow tracking server's REST API (`/api/2.0`), grouped the way the
 * protocol is: experiments, runs, artifacts, logged models (3.x), the model registry, and models
 * on top of them. Build one with {@link createMlflowClient} or {@link createMlflowClientFromEnv}.
 */
export class MlflowClient {
  /** The options this client was built with. */
  readonly options: CreateMlflowClientOptions;
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly loggedModels: LoggedModelsApi;
  readonly registry: RegistryApi;
  readonly models: ModelsApi;
  readonly #transport: Transport;

  constructor(options: CreateMlflowClientOptions) {
    this.options = options;
    const limits = { ...DEFAULT_BATCH_LIMITS, ...options.batchLimits };
    for (const [key, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value <= 0) throw new MlflowValidationError(`options.batchLimits.${key}`, 'a positive integer', `got ${value}`);
    }
    const transport = new Transport(normalizeOptions(options));
    this.#transport = transport;
    this.experiments = new ExperimentsApi(transport);
    this.runs = new RunsApi(transport, limits);
    this.artifacts = new ArtifactsApi(transport, async (runId, call) => (await this.runs.get(runId, call)).info.artifactUri);
    this.loggedModels = new LoggedModelsApi(transport);
    this.registry = new RegistryApi(transport);
    this.models = new ModelsApi({ transport, runs: this.runs, artifacts: this.artifacts, loggedModels: this.loggedModels, registry: this.registry });
  }

  /** Base URL of the server. */
  get trackingUri(): string {
    return this.#transport.options.baseUrl;
  }

  /** A client with the same options, some replaced (e.g. a shorter timeout for one job). */
  with(overrides: Partial<CreateMlflowClientOptions>): MlflowClient {
    return new MlflowClient({ ...this.options, ...overrides });
  }

  /** True when `GET /health` answers 200 (no retries). */
  async health(options: CallOptions = {}): Promise<boolean> {
    try {
      const response = await this.#transport.options.fetch(`${this.trackingUri}/health`, {
        signal: options.signal ?? AbortSignal.timeout(this.#transport.options.timeoutMs),
      });
      return response.ok;
    } catch {
      // Unreachable is an answer here, not an error: callers poll this while a server starts.
      return false;
    }
  }
}

/**
 * Builds a client for the server at `options.trackingUri`.
 * @example
 * ```ts
 * const client = createMlflowClient({ trackingUri: 'http://127.0.0.1:5000' });
 * const experiment = await client.experiments.getOrCreate('music_clf');
 * ```
 */
export function createMlflowClient(options: CreateMlflowClientOptions): MlflowClient {
  return new MlflowClient(options);
}

/** The environment variables {@link createMlflowClientFromEnv} reads. */
export interface MlflowEnv {
  readonly MLFLOW_TRACKING_URI?: string | undefined;
  readonly MLFLOW_TRACKING_USERNAME?: string | undefined;
  readonly MLFLOW_TRACKING_PASSWORD?: string | undefined;
  readonly MLFLOW_TRACKING_TOKEN?: string | undefined;
  readonly [name: string]: string | undefined;
}

/**
 * Reads MLflow's standard variables once, here and nowhere else: `MLFLOW_TRACKING_URI`,
 * `MLFLOW_TRACKING_USERNAME`/`MLFLOW_TRACKING_PASSWORD` (Basic auth) or `MLFLOW_TRACKING_TOKEN`
 * (Bearer; wins when both are set, as in MLflow). `overrides` win over the environment.
 * @throws {@link MlflowValidationError} when no tracking URI is set or it is not http(s).
 * @example
 * ```ts
 * const client = createMlflowClientFromEnv(process.env);
 * ```
 */
export function createMlflowClientFromEnv(env: MlflowEnv = process.env, overrides: Partial<CreateMlflowClientOptions> = {}): MlflowClient {
  const trackingUri = overrides.trackingUri ?? env.MLFLOW_TRACKING_URI;
  if (!trackingUri) throw new MlflowValidationError('MLFLOW_TRACKING_URI', 'set to the server URL', 'not set');
  return new MlflowClient({ ...overrides, trackingUri, ...authFromEnv(env, overrides.auth) });
}

function authFromEnv(env: MlflowEnv, explicit: MlflowAuth | undefined): { auth?: MlflowAuth } {
  if (explicit) return { auth: explicit };
  if (env.MLFLOW_TRACKING_TOKEN) return { auth: { type: 'bearer', token: env.MLFLOW_TRACKING_TOKEN } };
  if (env.MLFLOW_TRACKING_USERNAME) {
    return { auth: { type: 'basic', username: env.MLFLOW_TRACKING_USERNAME, password: env.MLFLOW_TRACKING_PASSWORD ?? '' } };
  }
  return {};
}
