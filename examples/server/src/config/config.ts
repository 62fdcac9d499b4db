import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ServerError } from '../http/errors.js';
import { checkSpotifySignIn, spotifySignInSettings } from './spotify-sign-in-config.js';

const port = z.number().int().min(0).max(65_535);
const positiveInt = z.number().int().positive();

/**
 * The server's whole configuration, one validated object. Every field has a default, so an empty
 * environment gives a working server bound to 127.0.0.1.
 */
export const serverConfigSchema = z.strictObject({
  /** Interface to bind. @default '127.0.0.1' */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one. @default 3000 */
  port: port.default(3000),
  /**
   * The origin browsers see (`https://msr.example.org`). CSRF checks compare `Origin` with it.
   * @default `http://<host>:<port>`
   */
  publicOrigin: z.url().optional(),
  /** Mark the session cookie `Secure` (set when served over HTTPS). @default false */
  secureCookies: z.boolean().default(false),
  /**
   * How many reverse proxies in front of the server append to `X-Forwarded-For`. 0 ignores the
   * header (a client could forge it) and uses the socket address. @default 0
   */
  trustProxyHops: z.number().int().min(0).max(10).default(0),
  /** Largest request body accepted, in bytes. @default 16384 */
  bodyLimitBytes: positiveInt.default(16_384),
  /** How long `close()` waits for in-flight requests, in ms. @default 10000 */
  shutdownTimeoutMs: positiveInt.default(10_000),
  database: z
    .strictObject({
      /** libSQL URL: `file:path.db`, `:memory:`, or a remote libSQL URL. @default 'file:data/msr-server.db' */
      url: z.string().min(1).default('file:data/msr-server.db'),
      /** Token for a remote libSQL server. */
      authToken: z.string().optional(),
      /** How long a write waits for a lock held by another process, in ms. @default 5000 */
      busyTimeoutMs: z.number().int().min(0).default(5_000),
    })
    .prefault({}),
  sessions: z
    .strictObject({
      /** Idle lifetime of a session; each use slides it forward. @default 30 */
      ttlMinutes: positiveInt.default(30),
    })
    .prefault({}),
  /** Login throttling (OWASP): see docs/guides/server.md, "Login throttling". */
  loginThrottle: z
    .strictObject({
      /** Wrong passwords one address may try on one account before its attempts are delayed. @default 5 */
      freeAttempts: positiveInt.default(5),
      /** The first delay after those, in s; each further failure doubles it. @default 10 */
      baseDelaySeconds: positiveInt.default(10),
      /** The delay's ceiling, in minutes. @default 15 */
      maxDelayMinutes: positiveInt.default(15),
      /** Wrong passwords on one account from all addresses within `accountWindowMinutes` that mark it as under attack. @default 20 */
      accountCeiling: positiveInt.default(20),
      /** @default 15 */
      accountWindowMinutes: positiveInt.default(15),
      /** While under attack, addresses the account was not used from lately get one attempt per this many s; known ones are not slowed. @default 60 */
      unknownAddressDelaySeconds: positiveInt.default(60),
      /** An address with a successful login within this many days is known to the account. @default 30 */
      knownAddressDays: positiveInt.default(30),
    })
    .prefault({}),
  rateLimits: z
    .strictObject({
      /** Switch every limit off (benchmarks only). @default true */
      enabled: z.boolean().default(true),
      /**
       * Costly requests per client per day: every write (recommendations, logins and registrations,
       * admin and account changes) but the ones that only edit the visitor's own cookie. Page views
       * are not counted here (see `pagesPerMinute`). The original's 200, on what it protects.
       * @default 200
       */
      globalPerDay: positiveInt.default(200),
      /** Costly requests per client per hour (as `globalPerDay`). @default 50 */
      globalPerHour: positiveInt.default(50),
      /**
       * Page views (GETs) per client per minute, assets and probes excepted: a flood guard far
       * above a person's pace (the retrain page's 2-second refresh is 30 a minute), so a person
       * browsing is never locked out and a scraper waits a minute at most. @default 120
       */
      pagesPerMinute: positiveInt.default(120),
      /** Login and register attempts per client per 15 minutes. @default 10 */
      authPer15Minutes: positiveInt.default(10),
      /** Recommendations per user per minute. @default 5 */
      recommendPerMinute: positiveInt.default(5),
    })
    .prefault({}),
  argon2: z
    .strictObject({
      /** Memory in KiB. See docs/decisions/0600-argon2-parameters.md. @default 19456 */
      memoryCost: z.number().int().min(1024).default(19_456),
      /** Passes. @default 3 */
      timeCost: z.number().int().min(1).default(3),
      /** Lanes. @default 1 */
      parallelism: z.number().int().min(1).max(16).default(1),
    })
    .prefault({}),
  admin: z
    .strictObject({
      /** Username of the first admin, created when no admin exists. @default 'admin' */
      username: z.string().min(1).default('admin'),
      /** Its password; when absent a random one is generated and logged once. */
      password: z.string().min(1).optional(),
    })
    .prefault({}),
  paths: z
    .strictObject({
      /**
       * The server's own `params.yaml` (model parameters admins edit, validated with the
       * pipeline's schema, written atomically). Created from the pipeline's shipped defaults when
       * missing; the shipped file itself is never written. @default 'data/params.yaml'
       */
      params: z.string().min(1).default('data/params.yaml'),
      /**
       * The pipeline's root directory: songs base, artifacts, `models_best/recommender.json`
       * (the served bundle), `msr.lock`, run lock and history, and the local tracking store
       * `mlruns/` (unless `MLFLOW_TRACKING_URI` is set). @default 'data/pipeline'
       */
      pipelineRoot: z.string().min(1).default('data/pipeline'),
      /** The Kaggle-format dataset (zip or CSV, path or URL) the first training ingests. @default 'fixtures/dataset.zip' */
      dataset: z.string().min(1).default('fixtures/dataset.zip'),
      /** The pipeline's `config.yaml` (genres, stage paths). @default the one shipped with `@msr/pipeline` */
      pipelineConfig: z.string().min(1).optional(),
      /** Million-Playlist-Dataset extract that playlist numbers index into. @default 'fixtures/playlists.json' */
      playlists: z.string().min(1).default('fixtures/playlists.json'),
    })
    .prefault({}),
  features: z
    .strictObject({
      /** Extra CSV files (songs-base or Kaggle layout) asked for features after the songs base. @default [] */
      csv: z.array(z.string().min(1)).default([]),
      /** Ask ReccoBeats (free, no key, needs the internet) for tracks nobody else knows. @default false */
      reccoBeats: z.boolean().default(false),
      /** ReccoBeats API base URL (tests, proxies). @default ReccoBeats' public API */
      reccoBeatsBaseUrl: z.url().optional(),
    })
    .prefault({}),
  spotify: z
    .strictObject({
      /** The Spotify app's client id. With no Spotify settings, playlist links are refused with an explanation. */
      clientId: z.string().min(1).optional(),
      /** The app's client secret: client-credentials tokens (playlists readable only by extended-access apps). */
      clientSecret: z.string().min(1).optional(),
      /**
       * A signed-in user's refresh token: playlist links are read as that user (development-mode
       * apps: only playlists the user owns or collaborates on).
       */
      refreshToken: z.string().min(1).optional(),
      /**
       * Where the server keeps `refreshToken` after Spotify rotates it (JSON, owner-only, written
       * atomically), so a restart does not start from the rotated-out one. It applies only while
       * `refreshToken` is the one it was rotated from: configuring a new token starts afresh.
       * @default 'data/spotify-refresh-token.json'
       */
      refreshTokenFile: z.string().min(1).default('data/spotify-refresh-token.json'),
      /** Ask Spotify's `/audio-features` first (only apps with extended access still get them). @default false */
      audioFeatures: z.boolean().default(false),
      /**
       * While a person waits (a playlist link), the longest `Retry-After` the server waits out, in
       * s; a longer one answers 503 with Spotify's `Retry-After` at once. The feed keeps the
       * patient client defaults. @default 3
       */
      interactiveWaitSeconds: z.number().min(0).max(30).default(3),
      /** Web API base URL (tests, proxies). @default 'https://api.spotify.com/v1' */
      apiBaseUrl: z.url().optional(),
      /** Accounts service base URL (tests, proxies). @default 'https://accounts.spotify.com' */
      accountsBaseUrl: z.url().optional(),
      ...spotifySignInSettings,
    })
    .prefault({})
    .superRefine(checkSpotifySignIn)
    .refine((s) => s.clientId === undefined || s.clientSecret !== undefined || s.refreshToken !== undefined || s.signIn, {
      message: 'clientId needs clientSecret (client credentials), refreshToken (a signed-in user) or signIn (people connect their own accounts)',
      path: ['clientId'],
    })
    .refine((s) => s.clientId !== undefined || (s.clientSecret === undefined && s.refreshToken === undefined), {
      message: 'clientSecret and refreshToken need clientId',
      path: ['clientId'],
    }),
  recommend: z
    .strictObject({
      /** How the playlist's genre is inferred (`@msr/core` `recommend()`). @default 'mixture' */
      strategy: z.enum(['mixture', 'mean-proba', 'mean-features']).default('mixture'),
      /** Share the songs among the genres of a mixed playlist (`'mixture'` always does). @default false */
      multiGenre: z.boolean().default(false),
    })
    .prefault({}),
  feed: z
    .strictObject({
      /** Where the scheduled feed gets new songs: CSV files dropped in `dropFolder`, or Spotify search (needs `spotify.clientSecret`). @default 'drop-folder' */
      source: z.enum(['drop-folder', 'spotify-search']).default('drop-folder'),
      /** The folder of new-song CSVs (songs-base or Kaggle layout, with a genre column). @default 'data/new' */
      dropFolder: z.string().min(1).default('data/new'),
      /** Retrain when the songs base grew by more than this fraction since the last training. @default 0.05 */
      threshold: z.number().min(0).default(0.05),
      /** Candidates asked per genre and run. @default 20 */
      perGenre: positiveInt.default(20),
    })
    .prefault({}),
  scheduler: z
    .strictObject({
      /** Run the feed on a schedule. @default true */
      enabled: z.boolean().default(true),
      /** Cron pattern (5 or 6 fields). @default '20 * * * *' (as the original DAG) */
      cron: z.string().min(1).default('20 * * * *'),
      /** IANA timezone the pattern is read in. @default 'UTC' */
      timezone: z.string().min(1).default('UTC'),
      /**
       * How long a run holds the lease before another process may take over, in s; renewed every
       * third of it while the run lives, so a process that dies mid-run blocks the schedule (and
       * its run shows `running`) at most this long. @default 60
       */
      leaseSeconds: positiveInt.default(60),
      /**
       * On Redis: how often each instance checks that the feed's BullMQ schedule exists and puts
       * it back when it does not (a Redis restart without persistence loses it), in s. @default 30
       */
      checkSeconds: positiveInt.max(3_600).default(30),
    })
    .prefault({}),
  retrain: z
    .strictObject({
      /** A retrain that runs longer than this is killed and marked failed. @default 60 */
      timeoutMinutes: positiveInt.default(60),
      /** A failed pipeline stage is retried this many times (not for bad input). @default 1 */
      stageRetries: z.number().int().min(0).max(5).default(1),
      /** Wait before a retry, in s (the original DAG's 20 s). @default 20 */
      retryDelaySeconds: z.number().min(0).default(20),
      /**
       * A running job whose heartbeat (every third of this) is older than this belongs to a dead
       * process; every instance checks every half of it and marks such jobs failed, so a job of a
       * killed process is failed within 1.5 × this. @default 30
       */
      staleAfterSeconds: positiveInt.max(600).default(30),
      /**
       * With no model at start, the first training is retried until a model serves: this is the
       * wait before the first retry, in s, doubled after each failure. @default 30
       */
      firstModelRetrySeconds: z.number().min(0.1).max(3_600).default(30),
      /** The longest wait between two attempts at the first model, in s. @default 600 */
      firstModelMaxRetrySeconds: positiveInt.max(86_400).default(600),
    })
    .prefault({}),
  models: z
    .strictObject({
      /**
       * `auto`: a retrain or feed this server started moves the `champion` alias to its model at
       * once; `manual`: it is only registered, and an admin promotes it. Runs this server did not
       * start (a CLI run on the queue) are never promoted by themselves. @default 'auto'
       */
      promotion: z.enum(['auto', 'manual']).default('auto'),
      /** How often each instance checks where `champion` points and hot-swaps to it, in s. @default 5 */
      checkSeconds: positiveInt.max(3_600).default(5),
    })
    .prefault({}),
  queue: z
    .strictObject({
      /**
       * Redis, for several server instances: rate limits shared in Redis, retrains and the
       * scheduled feed run by `msr worker`s through BullMQ (docs/guides/scale-out.md). Unset: one
       * process — limits in memory, croner, a forked job. @default unset
       */
      redisUrl: z.string().regex(/^rediss?:\/\/[^/]/, 'a redis://host:port (or rediss://) URL').optional(),
      /** Prefix of the queues and keys; the workers' `--prefix`. @default 'msr' */
      prefix: z.string().min(1).default('msr'),
      /** The workers' artifact store: a folder they all mount, or `mlflow` (the MLFLOW_TRACKING_URI server). */
      artifacts: z.string().min(1).optional(),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /** Serve Prometheus metrics at `/metrics`. @default false */
      enabled: z.boolean().default(false),
      /** The bearer token a scraper must send (`Authorization: Bearer …`); required when enabled. */
      token: z.string().min(16, 'at least 16 characters').optional(),
    })
    .prefault({})
    .refine((m) => !m.enabled || m.token !== undefined, { message: 'metrics.enabled needs metrics.token (MSR_METRICS_TOKEN): /metrics is never served unprotected', path: ['token'] }),
  monitoring: z
    .strictObject({
      /** Similarity below which a request is worth a look; drawn as a line. @default 0.5 */
      threshold: z.number().min(-1).max(1).default(0.5),
      /** Requests in the rolling mean. @default 20 */
      rollingWindow: positiveInt.default(20),
    })
    .prefault({}),
  log: z
    .strictObject({
      /** @default 'info' */
      level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      /** `json`: one JSON object per line (for log collectors); `text`: readable lines. @default 'json' */
      format: z.enum(['json', 'text']).default('json'),
    })
    .prefault({}),
});

/** The validated configuration (every default filled in). */
export type ServerConfig = z.output<typeof serverConfigSchema>;
/** What a config file or {@link loadServerConfig}'s `overrides` may hold. */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/**
 * The server's own configuration was invalid; `message` names the key and where it came from.
 * Not `@msr/core`'s `ConfigError`, which carries file/line issues of the pipeline's YAML files.
 */
export class ServerConfigError extends ServerError {
  override readonly name = 'ServerConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CONFIG', message, options);
  }
}

type EnvKind = 'string' | 'int' | 'number' | 'boolean';

/** Environment variables the server reads, and the config key each one sets. */
export const ENV_VARIABLES: ReadonlyArray<readonly [name: string, path: readonly string[], kind: EnvKind]> = [
  ['MSR_HOST', ['host'], 'string'],
  ['MSR_PORT', ['port'], 'int'],
  ['MSR_PUBLIC_ORIGIN', ['publicOrigin'], 'string'],
  ['MSR_SECURE_COOKIES', ['secureCookies'], 'boolean'],
  ['MSR_TRUST_PROXY_HOPS', ['trustProxyHops'], 'int'],
  ['MSR_BODY_LIMIT_BYTES', ['bodyLimitBytes'], 'int'],
  ['MSR_DATABASE_URL', ['database', 'url'], 'string'],
  ['MSR_DATABASE_AUTH_TOKEN', ['database', 'authToken'], 'string'],
  ['MSR_SESSION_TTL_MINUTES', ['sessions', 'ttlMinutes'], 'int'],
  ['MSR_RATE_LIMITS', ['rateLimits', 'enabled'], 'boolean'],
  ['MSR_ADMIN_USERNAME', ['admin', 'username'], 'string'],
  ['MSR_ADMIN_PASSWORD', ['admin', 'password'], 'string'],
  ['MSR_PARAMS_PATH', ['paths', 'params'], 'string'],
  ['MSR_PIPELINE_ROOT', ['paths', 'pipelineRoot'], 'string'],
  ['MSR_DATASET', ['paths', 'dataset'], 'string'],
  ['MSR_PIPELINE_CONFIG', ['paths', 'pipelineConfig'], 'string'],
  ['MSR_PLAYLISTS_PATH', ['paths', 'playlists'], 'string'],
  ['MSR_FEATURES_RECCOBEATS', ['features', 'reccoBeats'], 'boolean'],
  ['MSR_SPOTIFY_CLIENT_ID', ['spotify', 'clientId'], 'string'],
  ['MSR_SPOTIFY_CLIENT_SECRET', ['spotify', 'clientSecret'], 'string'],
  ['MSR_SPOTIFY_REFRESH_TOKEN', ['spotify', 'refreshToken'], 'string'],
  ['MSR_SPOTIFY_AUDIO_FEATURES', ['spotify', 'audioFeatures'], 'boolean'],
  ['MSR_SPOTIFY_SIGN_IN', ['spotify', 'signIn'], 'boolean'],
  ['MSR_SPOTIFY_TOKEN_KEY', ['spotify', 'tokenKey'], 'string'],
  ['MSR_SPOTIFY_REDIRECT_URI', ['spotify', 'redirectUri'], 'string'],
  ['MSR_FEED_SOURCE', ['feed', 'source'], 'string'],
  ['MSR_FEED_DROP_FOLDER', ['feed', 'dropFolder'], 'string'],
  ['MSR_FEED_THRESHOLD', ['feed', 'threshold'], 'number'],
  ['MSR_SCHEDULER', ['scheduler', 'enabled'], 'boolean'],
  ['MSR_SCHEDULER_CRON', ['scheduler', 'cron'], 'string'],
  ['MSR_SCHEDULER_TIMEZONE', ['scheduler', 'timezone'], 'string'],
  ['MSR_SCHEDULER_CHECK_SECONDS', ['scheduler', 'checkSeconds'], 'int'],
  ['MSR_RETRAIN_TIMEOUT_MINUTES', ['retrain', 'timeoutMinutes'], 'int'],
  ['MSR_RETRAIN_STALE_SECONDS', ['retrain', 'staleAfterSeconds'], 'int'],
  ['MSR_FIRST_MODEL_RETRY_SECONDS', ['retrain', 'firstModelRetrySeconds'], 'number'],
  ['MSR_METRICS', ['metrics', 'enabled'], 'boolean'],
  ['MSR_METRICS_TOKEN', ['metrics', 'token'], 'string'],
  ['MSR_MONITORING_THRESHOLD', ['monitoring', 'threshold'], 'number'],
  ['MSR_MODEL_PROMOTION', ['models', 'promotion'], 'string'],
  ['MSR_MODEL_CHECK_SECONDS', ['models', 'checkSeconds'], 'int'],
  ['MSR_REDIS_URL', ['queue', 'redisUrl'], 'string'],
  ['MSR_REDIS_PREFIX', ['queue', 'prefix'], 'string'],
  ['MSR_ARTIFACTS', ['queue', 'artifacts'], 'string'],
  ['MSR_LOG_LEVEL', ['log', 'level'], 'string'],
  ['MSR_LOG_FORMAT', ['log', 'format'], 'string'],
];

/** Options of {@link loadServerConfig}. */
export interface LoadServerConfigOptions {
  /** The environment to read `MSR_*` variables from. @default {} */
  env?: Record<string, string | undefined>;
  /** Reads the file named by `MSR_CONFIG` (JSON or YAML). Required when that variable is set. */
  readFile?: (path: string) => string;
  /**
   * Defaults of an embedding (e.g. `npm start`'s repository paths), applied first: the file,
   * the environment and `overrides` all win over them.
   */
  base?: ServerConfigInput;
  /** Applied last, over file and environment (tests, embedding). */
  overrides?: ServerConfigInput;
}

/**
 * Builds the configuration from, in increasing priority: defaults, `base`, the file named by
 * `MSR_CONFIG`, `MSR_*` environment variables, then `overrides`. Throws {@link ServerConfigError}
 * naming the key and its source when anything is wrong.
 *
 * @example
 * ```ts
 * const config = loadServerConfig({ env: process.env, readFile: (p) => readFileSync(p, 'utf8') });
 * ```
 */
export function loadServerConfig(options: LoadServerConfigOptions = {}): ServerConfig {
  const env = options.env ?? {};
  const sources = new Map<string, string>();
  let merged: Record<string, unknown> = {};
  if (options.base) merged = deepMerge(merged, options.base as Record<string, unknown>, [], sources, 'embedded defaults');

  const file = env['MSR_CONFIG'];
  if (file) {
    if (!options.readFile) throw new ServerConfigError(`MSR_CONFIG is set to "${file}" but no readFile was given`);
    let parsed: unknown;
    try {
      parsed = parseYaml(options.readFile(file));
    } catch (cause) {
      throw new ServerConfigError(`config file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ServerConfigError(`config file ${file}: expected a mapping at the top level`);
      merged = deepMerge(merged, parsed as Record<string, unknown>, [], sources, `config file ${file}`);
    }
  }

  for (const [name, path, kind] of ENV_VARIABLES) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    merged = deepMerge(merged, nest(path, parseEnvValue(name, raw, kind)), [], sources, `environment variable ${name}`);
  }
  if (options.overrides) merged = deepMerge(merged, options.overrides as Record<string, unknown>, [], sources, 'overrides');

  const result = serverConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.');
    const source = sources.get(key) ?? sources.get(issue.path.slice(0, -1).join('.')) ?? 'configuration';
    throw new ServerConfigError(`${key || '(root)'} from ${source}: ${issue.message}`, { cause: result.error });
  }
  return result.data;
}

/** The origin CSRF checks compare with: `publicOrigin`, else `http://host:port`. */
export function publicOriginOf(config: Pick<ServerConfig, 'publicOrigin' | 'host' | 'port'>): string {
  if (config.publicOrigin) return new URL(config.publicOrigin).origin;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

function parseEnvValue(name: string, raw: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'int':
    case 'number': {
      const value = Number(raw);
      if (!Number.isFinite(value) || (kind === 'int' && !Number.isInteger(value))) {
        throw new ServerConfigError(`environment variable ${name}: expected ${kind === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
      }
      return value;
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
      if (['0', 'false', 'no', 'off'].includes(lower)) return false;
      throw new ServerConfigError(`environment variable ${name}: expected true/false (or 1/0, on/off), got "${raw}"`);
    }
  }
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]!]: out };
  return out as Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  path: string[],
  sources: Map<string, string>,
  source: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const here = [...path, key];
    if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = deepMerge(out[key] as Record<string, unknown>, value, here, sources, source);
    } else {
      out[key] = value;
      sources.set(here.join('.'), source);
      if (isPlainObject(value)) markSources(value, here, sources, source);
    }
  }
  return out;
}

function markSources(value: Record<string, unknown>, path: string[], sources: Map<string, string>, source: string): void {
  for (const [key, inner] of Object.entries(value)) {
    const here = [...path, key];
    sources.set(here.join('.'), source);
    if (isPlainObject(inner)) markSources(inner, here, sources, source);
  }
}
