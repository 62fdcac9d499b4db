import { InvalidOptionError } from '../errors/input-errors.js';
import { TokenRequestError } from '../errors/spotify-error.js';
import { createHttpClient, type RetryOptions } from '../http/http-client.js';
import { resolveIo, type IoOptions } from '../http/io.js';
import { TokenCache } from './token-cache.js';
import { requestToken, SPOTIFY_ACCOUNTS_BASE_URL, type IssuedToken } from './token-endpoint.js';
import type { AccessTokenProvider } from './token-provider.js';

/** A signed-in user's tokens, as {@link exchangeAuthorizationCode} returns them and apps store them. */
export interface UserTokens {
  readonly accessToken: string;
  /** Epoch milliseconds after which the access token is no longer valid. */
  readonly expiresAt: number;
  /** Needed to renew the access token; Spotify may rotate it on each refresh. */
  readonly refreshToken?: string | undefined;
  /** Space-separated scopes granted. */
  readonly scope?: string | undefined;
}

/** Options of {@link userToken}. */
export interface UserTokenOptions extends IoOptions {
  clientId: string;
  /** Only for confidential clients; PKCE apps have none. */
  clientSecret?: string;
  /** The tokens to start from (e.g. loaded from the user's session). */
  tokens: UserTokens;
  /**
   * Called with the new tokens after each refresh, so the app can persist a rotated refresh
   * token. Awaited before the new token is used.
   */
  onRefresh?: (tokens: UserTokens) => void | Promise<void>;
  /**
   * Asked before each refresh for the refresh token to send, when the app keeps it outside this
   * process (a file, a database): another process, or this one before a restart, may have stored
   * a rotated one since, and Spotify refuses a rotated-out token. `undefined` sends the one held
   * in memory.
   * @default none: the one in memory
   */
  loadRefreshToken?: () => string | undefined | Promise<string | undefined>;
  /**
   * Base URL of the accounts service.
   * @default 'https://accounts.spotify.com'
   */
  accountsBaseUrl?: string;
  /**
   * Renew the token this long before it expires.
   * @default 60000
   */
  refreshMarginMs?: number;
  /** Retry policy of the refresh call. */
  retry?: RetryOptions;
}

/**
 * A signed-in user's token, renewed with the refresh token before it expires (and once after a
 * 401). Required under the 2026 rules to read playlist contents.
 *
 * @example
 * ```ts
 * const token = userToken({ clientId, tokens: session.spotify, onRefresh: (t) => save(t) });
 * ```
 */
export function userToken(options: UserTokenOptions): AccessTokenProvider {
  if (!options.clientId) throw new InvalidOptionError('clientId', 'is required');
  if (!options.tokens?.accessToken) throw new InvalidOptionError('tokens.accessToken', 'is required');
  if (!Number.isFinite(options.tokens.expiresAt)) throw new InvalidOptionError('tokens.expiresAt', 'must be epoch milliseconds');
  const io = resolveIo(options);
  const http = createHttpClient({ ...options, service: 'spotify-accounts' });
  const accountsBaseUrl = options.accountsBaseUrl ?? SPOTIFY_ACCOUNTS_BASE_URL;
  const onRefresh = options.onRefresh ?? (() => {});
  const renew = async (current: IssuedToken | undefined, signal?: AbortSignal): Promise<IssuedToken> => {
    const refreshToken = (await options.loadRefreshToken?.()) ?? current?.refreshToken;
    if (!refreshToken) {
      throw new TokenRequestError('The Spotify user token expired and there is no refresh token: the user must sign in again');
    }
    const issued = await requestToken(
      http,
      accountsBaseUrl,
      options,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      io.now,
      { retryable: true, signal },
    );
    // Spotify omits refresh_token when it does not rotate it: keep the old one.
    const next: IssuedToken = { ...issued, refreshToken: issued.refreshToken ?? refreshToken, scope: issued.scope ?? current?.scope };
    await onRefresh({ accessToken: next.accessToken, expiresAt: next.expiresAt, refreshToken: next.refreshToken, scope: next.scope });
    return next;
  };
  const cache = new TokenCache(renew, io.now, options.refreshMarginMs ?? 60_000, {
    accessToken: options.tokens.accessToken,
    expiresAt: options.tokens.expiresAt,
    refreshToken: options.tokens.refreshToken,
    scope: options.tokens.scope,
  });
  return {
    kind: 'user',
    getToken: (signal) => cache.get(signal),
    invalidate: (token) => cache.invalidate(token) && cache.current?.refreshToken !== undefined,
  };
}
