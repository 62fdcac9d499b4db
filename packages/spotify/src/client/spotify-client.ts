import type { z } from 'zod';
import type { TokenKind } from '../errors/access-errors.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { HttpStatusError, SchemaViolationError } from '../errors/spotify-error.js';
import type { AccessTokenProvider } from '../auth/token-provider.js';
import { createHttpClient, type RetryEvent, type RetryOptions } from '../http/http-client.js';
import type { IoOptions } from '../http/io.js';

/** Spotify Web API production base URL. */
export const SPOTIFY_API_BASE_URL = 'https://api.spotify.com/v1';

/** Options of {@link createSpotifyClient}. */
export interface SpotifyClientOptions extends IoOptions {
  /** Where tokens come from: {@link clientCredentialsToken}, {@link userToken}, {@link staticToken}… */
  token: AccessTokenProvider;
  /**
   * Base URL of the Web API (a fake one in tests).
   * @default 'https://api.spotify.com/v1'
   */
  apiBaseUrl?: string;
  /** Retry policy for 429/5xx/network errors. */
  retry?: RetryOptions;
  /**
   * Limit on one attempt, in milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Limit on one request with all its retries, in milliseconds.
   * @default 300000
   */
  totalTimeoutMs?: number;
  /**
   * Most pages {@link SpotifyClient.paginate} follows before stopping with an error (guards
   * against a server that never ends a listing).
   * @default 500
   */
  maxPages?: number;
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** Options of one {@link SpotifyClient.get}. */
export interface GetOptions<T> {
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | undefined>;
  /** The shape the body must have. */
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

/** Options of one {@link SpotifyClient.send}. */
export interface SendOptions<T> {
  /** The JSON body. */
  json?: unknown;
  /** The shape the 2xx body must have. */
  schema: z.ZodType<T>;
  /**
   * Whether a 5xx, network error or timeout may be retried. Writes that would be repeated
   * (adding items twice) are not; 429 is always retried within the retry policy.
   * @default false
   */
  retryable?: boolean;
  signal?: AbortSignal;
}

/** Options of one {@link SpotifyClient.paginate}. */
export interface PaginateOptions<W, T> extends GetOptions<W> {
  /** Picks the paging object out of a body (`(body) => body.tracks` for search). */
  page: (body: W) => { items: T[]; next: string | null };
}

/**
 * A Spotify Web API client: bearer tokens from an {@link AccessTokenProvider}, one
 * refresh-and-retry on 401, 429/5xx retries (see {@link createHttpClient}), validated bodies.
 */
export interface SpotifyClient {
  /** The API base URL requests go to. */
  readonly apiBaseUrl: string;
  /** The kind of token the client sends. */
  readonly tokenKind: TokenKind;
  /**
   * GETs `pathOrUrl` (a path under the base URL, or an absolute URL under it, such as a `next`
   * link) and validates the body.
   */
  get<T>(pathOrUrl: string, options: GetOptions<T>): Promise<T>;
  /** Sends a write (`POST`, `DELETE`) to a path under the base URL, with the same token handling as {@link get}. */
  send<T>(method: 'POST' | 'DELETE', path: string, options: SendOptions<T>): Promise<T>;
  /** Yields each page's items, following `next` links until there are none. */
  paginate<W, T>(path: string, options: PaginateOptions<W, T>): AsyncGenerator<T[], void, undefined>;
}

/**
 * Creates a {@link SpotifyClient}.
 *
 * @example
 * ```ts
 * const client = createSpotifyClient({ token: userToken({ clientId, tokens }) });
 * const tracks = await getPlaylistTracks(client, '37i9dQZF1DXcBWIGoYBM5M');
 * ```
 */
export function createSpotifyClient(options: SpotifyClientOptions): SpotifyClient {
  if (!options.token) throw new InvalidOptionError('token', 'an AccessTokenProvider is required');
  const apiBaseUrl = (options.apiBaseUrl ?? SPOTIFY_API_BASE_URL).replace(/\/+$/, '');
  let base: URL;
  try {
    base = new URL(apiBaseUrl);
  } catch {
    throw new InvalidOptionError('apiBaseUrl', `not a URL: ${JSON.stringify(apiBaseUrl)}`);
  }
  const maxPages = options.maxPages ?? 500;
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new InvalidOptionError('maxPages', `must be a positive integer, got ${maxPages}`);
  const http = createHttpClient({ ...options, service: 'spotify-api' });
  const token = options.token;

  function resolve(pathOrUrl: string): string {
    if (!/^[a-z]+:\/\//i.test(pathOrUrl)) return `${apiBaseUrl}/${pathOrUrl.replace(/^\/+/, '')}`;
    // Never send the bearer token outside the API: a `next` link must stay under the base URL.
    const url = new URL(pathOrUrl);
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
      throw new SchemaViolationError({ service: 'spotify-api', method: 'GET', url: pathOrUrl }, [
        `(link): points outside the API base URL ${apiBaseUrl}`,
      ]);
    }
    return url.toString();
  }

  async function withToken<T>(signal: AbortSignal | undefined, send: (bearer: string) => Promise<T>): Promise<T> {
    const first = await token.getToken(signal);
    try {
      return await send(first);
    } catch (error) {
      // One refresh-and-retry: the token may have been revoked or expired early.
      if (error instanceof HttpStatusError && error.status === 401 && token.invalidate(first)) {
        return send(await token.getToken(signal));
      }
      throw error;
    }
  }

  function get<T>(pathOrUrl: string, options: GetOptions<T>): Promise<T> {
    const url = resolve(pathOrUrl);
    return withToken(options.signal, async (bearer) =>
      (
        await http.request({
          method: 'GET',
          url,
          query: options.query,
          headers: { authorization: `Bearer ${bearer}` },
          schema: options.schema,
          retryable: true,
          signal: options.signal,
        })
      ).data,
    );
  }

  function send<T>(method: 'POST' | 'DELETE', path: string, options: SendOptions<T>): Promise<T> {
    if (/^[a-z]+:\/\//i.test(path)) throw new InvalidOptionError('path', `writes take a path under the API base URL, got ${JSON.stringify(path)}`);
    const url = resolve(path);
    return withToken(options.signal, async (bearer) =>
      (
        await http.request({
          method,
          url,
          headers: { authorization: `Bearer ${bearer}` },
          json: options.json,
          schema: options.schema,
          retryable: options.retryable ?? false,
          signal: options.signal,
        })
      ).data,
    );
  }

  async function* paginate<W, T>(path: string, opts: PaginateOptions<W, T>): AsyncGenerator<T[], void, undefined> {
    let next: string | null = path;
    let query = opts.query;
    const visited = new Set<string>();
    for (let pages = 0; next !== null; pages++) {
      if (pages >= maxPages) {
        throw new SchemaViolationError({ service: 'spotify-api', method: 'GET', url: next }, [`(next): more than maxPages (${maxPages}) pages`]);
      }
      const body: W = await get(next, { query, schema: opts.schema, signal: opts.signal });
      const page = opts.page(body);
      yield page.items;
      if (page.next !== null && visited.has(page.next)) {
        throw new SchemaViolationError({ service: 'spotify-api', method: 'GET', url: page.next }, ['(next): link repeats an earlier page']);
      }
      if (page.next !== null) visited.add(page.next);
      next = page.next;
      query = undefined; // `next` carries its own query string
    }
  }

  return { apiBaseUrl, tokenKind: token.kind, get, send, paginate };
}
