import { InvalidOptionError } from '../errors/input-errors.js';
import { createHttpClient, type RetryOptions } from '../http/http-client.js';
import { resolveIo, type IoOptions } from '../http/io.js';
import { TokenCache } from './token-cache.js';
import { requestToken, SPOTIFY_ACCOUNTS_BASE_URL } from './token-endpoint.js';
import type { AccessTokenProvider } from './token-provider.js';

/** Options of {@link clientCredentialsToken}. */
export interface ClientCredentialsOptions extends IoOptions {
  clientId: string;
  clientSecret: string;
  /**
   * Base URL of the accounts service (a fake one in tests).
   * @default 'https://accounts.spotify.com'
   */
  accountsBaseUrl?: string;
  /**
   * Renew the token this long before it expires.
   * @default 60000
   */
  refreshMarginMs?: number;
  /** Retry policy of the token call. */
  retry?: RetryOptions;
}

/**
 * App-only tokens (OAuth client-credentials grant), cached and renewed before expiry. They carry
 * no user: since 2026 they cannot read playlist contents in development mode, and audio
 * features/recommendations need extended access granted before 2024-11-27.
 *
 * @example
 * ```ts
 * const token = clientCredentialsToken({ clientId, clientSecret });
 * const client = createSpotifyClient({ token });
 * ```
 */
export function clientCredentialsToken(options: ClientCredentialsOptions): AccessTokenProvider {
  if (!options.clientId) throw new InvalidOptionError('clientId', 'is required');
  if (!options.clientSecret) throw new InvalidOptionError('clientSecret', 'is required for the client-credentials grant');
  const io = resolveIo(options);
  const http = createHttpClient({ ...options, service: 'spotify-accounts' });
  const accountsBaseUrl = options.accountsBaseUrl ?? SPOTIFY_ACCOUNTS_BASE_URL;
  const cache = new TokenCache(
    (_current, signal) =>
      requestToken(http, accountsBaseUrl, options, { grant_type: 'client_credentials' }, io.now, { retryable: true, signal }),
    io.now,
    options.refreshMarginMs ?? 60_000,
  );
  return {
    kind: 'client-credentials',
    getToken: (signal) => cache.get(signal),
    invalidate: (token) => cache.invalidate(token),
  };
}
