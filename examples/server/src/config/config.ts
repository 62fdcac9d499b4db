import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ServerError } from '../http/errors.js';

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
  lockout: z
    .strictObject({
      /** Consecutive failed logins that lock an account. @default 5 */
      maxFailures: positiveInt.default(5),
      /** How long the lock lasts. @default 15 */
      lockMinutes: positiveInt.default(15),
    })
    .prefault({}),
  rateLimits: z
    .strictObject({
      /** Switch every limit off (benchmarks only). @default true */
      enabled: z.boolean().default(true),
      /** Requests per client per day, all routes but assets and probes. @default 200 */
      globalPerDay: positiveInt.default(200),
      /** Requests per client per hour, all routes but assets and probes. @default 50 */
      globalPerHour: positiveInt.default(50),
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
      /** The model parameters admins edit. @default 'params.yaml' */
      params: z.string().min(1).default('params.yaml'),
      /** Where retrains write models. @default 'artifacts/models' */
      models: z.string().min(1).default('artifacts/models'),
      /** The songs base: catalog of tracks with genre and audio features (CSV or JSON). @default 'data/song_df.csv' */
      catalog: z.string().min(1).default('data/song_df.csv'),
      /** Million-Playlist-Dataset extract that playlist numbers index into. @default 'data/playlists.json' */
      playlists: z.string().min(1).default('data/playlists.json'),
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
      /** How long a run holds the lease before another process may take over, in s. @default 3600 */
      leaseSeconds: positiveInt.default(3_600),
    })
    .prefault({}),
  retrain: z
    .strictObject({
      /** A retrain that runs longer than this is killed and marked failed. @default 60 */
      timeoutMinutes: positiveInt.default(60),
    })
    .prefault({}),
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
    })
    .prefault({}),
});

/** The validated configuration (every default filled in). */
export type ServerConfig = z.output<typeof serverConfigSchema>;
/** What a config file or {@link loadServerConfig}'s `overrides` may hold. */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** Configuration was invalid; `message` names the key and where it came from. */
export class ConfigError extends ServerError {
  override readonly name = 'ConfigError';
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
  ['MSR_MODELS_DIR', ['paths', 'models'], 'string'],
  ['MSR_CATALOG_PATH', ['paths', 'catalog'], 'string'],
  ['MSR_PLAYLISTS_PATH', ['paths', 'playlists'], 'string'],
  ['MSR_SCHEDULER', ['scheduler', 'enabled'], 'boolean'],
  ['MSR_SCHEDULER_CRON', ['scheduler', 'cron'], 'string'],
  ['MSR_SCHEDULER_TIMEZONE', ['scheduler', 'timezone'], 'string'],
  ['MSR_MONITORING_THRESHOLD', ['monitoring', 'threshold'], 'number'],
  ['MSR_LOG_LEVEL', ['log', 'level'], 'string'],
];

/** Options of {@link loadServerConfig}. */
export interface LoadServerConfigOptions {
  /** The environment to read `MSR_*` variables from. @default {} */
  env?: Record<string, string | undefined>;
  /** Reads the file named by `MSR_CONFIG` (JSON or YAML). Required when that variable is set. */
  readFile?: (path: string) => string;
  /** Applied last, over file and environment (tests, embedding). */
  overrides?: ServerConfigInput;
}

/**
 * Builds the configuration from, in increasing priority: defaults, the file named by
 * `MSR_CONFIG`, `MSR_*` environment variables, then `overrides`. Throws {@link ConfigError}
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

  const file = env['MSR_CONFIG'];
  if (file) {
    if (!options.readFile) throw new ConfigError(`MSR_CONFIG is set to "${file}" but no readFile was given`);
    let parsed: unknown;
    try {
      parsed = parseYaml(options.readFile(file));
    } catch (cause) {
      throw new ConfigError(`config file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${file}: expected a mapping at the top level`);
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
    throw new ConfigError(`${key || '(root)'} from ${source}: ${issue.message}`, { cause: result.error });
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
        throw new ConfigError(`environment variable ${name}: expected ${kind === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
      }
      return value;
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
      if (['0', 'false', 'no', 'off'].includes(lower)) return false;
      throw new ConfigError(`environment variable ${name}: expected true/false (or 1/0, on/off), got "${raw}"`);
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
