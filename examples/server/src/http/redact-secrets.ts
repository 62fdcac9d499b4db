/**
 * Configured secrets out of everything the server sends or logs. A secret reaches a text the
 * server did not write itself more often than one would think: Node's fetch refuses an MLflow
 * tracking URI with a password in it and names the whole URL in its error, which became a
 * retrain job's error, shown on the admin's pages and JSON and written to the log. Rather than
 * guard each place that could echo one, every response body and every log record passes through
 * one redactor that knows the configured secrets, in the forms they are written in: as given, in a
 * URL, inside a JSON string and in HTML.
 */
import type { MiddlewareHandler } from 'hono';
import type { ServerConfig } from '../config/config.js';
import type { LogFields, Logger } from '../logging/logger.js';

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets this long or longer are replaced wherever they appear. A shorter one is replaced where
 * it stands as a credential — a URL's password, after `Bearer`/`Basic`, after `token`, `secret`,
 * `password` and the like with `=`, `:` or a space — not everywhere: replacing a short word in
 * every text would garble the pages (a password "admin" would break every `/admin/` link).
 */
export const MIN_SECRET_LENGTH = 8;

/** What precedes a credential in the texts that echo one: `Bearer x`, `token=x`, `"password": "x"`, `client_secret x`. */
const CREDENTIAL_PREFIX = String.raw`(?:bearer|basic|token|secret|password|passwd|pwd|pass|key|auth)(?:&quot;|&#39;|["'])?\s*[:= ]\s*(?:&quot;|&#39;|["'])?`;
/** Any URL's password (`scheme://user:password@host`), configured or not. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'<>]*:)[^\s/?#@"'<>]+@/gi;

/** Environment variables the server and its workers read that hold a secret (MLflow's own). */
const SECRET_ENV = ['MLFLOW_TRACKING_PASSWORD', 'MLFLOW_TRACKING_TOKEN'] as const;
/** Environment variables holding a URL that may carry a password (`http://user:password@host`). */
const URL_ENV = ['MLFLOW_TRACKING_URI'] as const;

/** The password of a URL with credentials (`redis://:pw@host`, `http://user:pw@host`), if any. */
function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined; // not a URL: nothing to find in it
  }
}

/**
 * Every secret the configuration and the environment hold: the database's auth token, the
 * admin's password, the Spotify client secret, refresh token and token key, the metrics token,
 * the Redis password, and MLflow's password and token (`MLFLOW_TRACKING_*`, or in the tracking
 * URI). `env` is the environment the server and its retrain workers run with.
 */
export function configuredSecrets(config: ServerConfig, env: Readonly<Record<string, string | undefined>> = {}): string[] {
  return [...new Set(secretSources(config, env).map(([, secret]) => secret))];
}

/**
 * Where each configured secret shorter than {@link MIN_SECRET_LENGTH} comes from
 * (`spotify.clientSecret`, `MLFLOW_TRACKING_TOKEN`…): the server warns about them at start-up,
 * since they are kept out of texts only where they stand as credentials.
 */
export function shortSecretSources(config: ServerConfig, env: Readonly<Record<string, string | undefined>> = {}): string[] {
  return secretSources(config, env).flatMap(([source, secret]) => (secret.length < MIN_SECRET_LENGTH ? [source] : []));
}

function secretSources(config: ServerConfig, env: Readonly<Record<string, string | undefined>>): [source: string, secret: string][] {
  const found: [string, string | undefined][] = [
    ['database.authToken', config.database.authToken],
    ['admin.password', config.admin.password],
    ['spotify.clientSecret', config.spotify.clientSecret],
    ['spotify.refreshToken', config.spotify.refreshToken],
    ['spotify.tokenKey', config.spotify.tokenKey],
    ['metrics.token', config.metrics.token],
    ["queue.redisUrl's password", passwordOf(config.queue.redisUrl)],
    ...SECRET_ENV.map((name): [string, string | undefined] => [name, env[name]]),
    ...URL_ENV.map((name): [string, string | undefined] => [`${name}'s password`, passwordOf(env[name])]),
  ];
  return found.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The forms `secret` takes in a text: as is, percent-encoded, inside a JSON string, HTML-escaped. */
function writtenForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), secret.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!)];
}

/** Replaces configured secrets in texts and in values of any depth. */
export interface SecretRedactor {
  /** `text` with every written form of every secret replaced by {@link REDACTED}. */
  text(text: string): string;
  /**
   * `value` with {@link SecretRedactor.text} applied to every string at any depth (keys too); an
   * `Error` becomes an `Error` of the same name, code and redacted message and stack.
   */
  value<T>(value: T): T;
}

/**
 * A redactor for `secrets`, or `undefined` when there are none (nothing to do on any response).
 *
 * @example
 * ```ts
 * const redact = secretRedactor(configuredSecrets(config, process.env));
 * redact?.text('GET http://msr:hunter2hunter2@mlflow/api'); // 'GET http://msr:[redacted]@mlflow/api'
 * ```
 */
export function secretRedactor(secrets: readonly string[]): SecretRedactor | undefined {
  const nonEmpty = secrets.filter((s) => s !== '');
  if (nonEmpty.length === 0) return undefined;
  // Longest first, so a secret that contains another is replaced whole.
  const alternatives = (list: readonly string[]): string =>
    [...new Set(list.flatMap(writtenForms))]
      .sort((a, b) => b.length - a.length)
      .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|');
  const long = nonEmpty.filter((s) => s.length >= MIN_SECRET_LENGTH);
  const short = nonEmpty.filter((s) => s.length < MIN_SECRET_LENGTH);
  const anywhere = long.length > 0 ? new RegExp(alternatives(long), 'g') : undefined;
  // A short secret as a whole credential: not followed by more of a word (the lookahead).
  const asCredential = short.length > 0 ? new RegExp(`(${CREDENTIAL_PREFIX})(?:${alternatives(short)})(?![\\w-])`, 'gi') : undefined;
  const text = (s: string): string => {
    let out = anywhere ? s.replace(anywhere, REDACTED) : s;
    if (asCredential) out = out.replace(asCredential, `$1${REDACTED}`);
    return out.replace(URL_PASSWORD, `$1${REDACTED}@`);
  };
  const value = <T>(v: T): T => {
    if (typeof v === 'string') return text(v) as T;
    if (Array.isArray(v)) return v.map((item: unknown) => value(item)) as T;
    if (v instanceof Error) {
      const copy = new Error(text(v.message));
      copy.name = v.name;
      copy.stack = v.stack === undefined ? undefined : text(v.stack);
      const code = (v as { code?: unknown }).code;
      if (code !== undefined) Object.assign(copy, { code: value(code) });
      return copy as T;
    }
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [text(k), value(item)])) as T;
    }
    return v;
  };
  return { text, value };
}

/** Bodies that can hold text: pages, JSON, plain text (the metrics), SVG (the monitoring chart). */
const TEXT_BODY = /^(?:text\/|application\/(?:[\w.+-]+\+)?json|image\/svg\+xml)/i;

/**
 * Middleware that passes every text body the app answers with — pages, JSON, error bodies of
 * either, `/metrics` — through `redactor`. Install it first, so it sees what the error handler
 * and the other middleware made.
 */
export function redactSecrets(redactor: SecretRedactor): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!res.body || !TEXT_BODY.test(res.headers.get('content-type') ?? '')) return;
    const body = await res.text();
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    // Cleared first: hono's setter would otherwise copy the old headers (a stale length) over the new ones.
    c.res = undefined;
    c.res = new Response(redactor.text(body), { status: res.status, statusText: res.statusText, headers });
  };
}

/** `logger` with `redactor` applied to every record's message and fields. */
export function redactingLogger(logger: Logger, redactor: SecretRedactor | undefined): Logger {
  if (!redactor) return logger;
  const fields = (f: LogFields | undefined): LogFields | undefined => (f === undefined ? undefined : redactor.value(f));
  return {
    debug: (m, f) => logger.debug(redactor.text(m), fields(f)),
    info: (m, f) => logger.info(redactor.text(m), fields(f)),
    warn: (m, f) => logger.warn(redactor.text(m), fields(f)),
    error: (m, f) => logger.error(redactor.text(m), fields(f)),
  };
}
