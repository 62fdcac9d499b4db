import { InvalidOptionError } from '../errors/input-errors.js';
import { createHttpClient, type RetryOptions } from '../http/http-client.js';
import { resolveIo, type IoOptions } from '../http/io.js';
import { requestToken, SPOTIFY_ACCOUNTS_BASE_URL } from './token-endpoint.js';
import type { UserTokens } from './user-token.js';

/** Scopes needed to read the signed-in user's own and collaborative playlists. */
export const PLAYLIST_READ_SCOPES: readonly string[] = ['playlist-read-private', 'playlist-read-collaborative'];

/** A PKCE code verifier and its S256 challenge. Keep the verifier server-side until the callback. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Creates a PKCE verifier (RFC 7636: 43–128 unreserved characters) and its SHA-256 challenge.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = await createPkcePair();
 * ```
 */
export async function createPkcePair(
  options: {
    /**
     * Verifier length, 43..128.
     * @default 64
     */
    length?: number;
    /**
     * Source of random bytes.
     * @default crypto.getRandomValues
     */
    randomBytes?: (n: number) => Uint8Array;
  } = {},
): Promise<PkcePair> {
  const length = options.length ?? 64;
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new InvalidOptionError('length', `must be an integer from 43 to 128, got ${length}`);
  }
  const bytes = options.randomBytes ? options.randomBytes(length) : globalThis.crypto.getRandomValues(new Uint8Array(length));
  let verifier = '';
  // 256 % 66 != 0, so a plain modulo is very slightly biased; the verifier only needs to be
  // unguessable, which 64 random bytes are.
  for (let i = 0; i < length; i++) verifier += UNRESERVED[bytes[i]! % UNRESERVED.length];
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}

/** Options of {@link buildAuthorizeUrl}. */
export interface AuthorizeUrlOptions {
  clientId: string;
  /** Must exactly match a redirect URI registered for the app. */
  redirectUri: string;
  /** The PKCE challenge from {@link createPkcePair}. */
  codeChallenge: string;
  /** An unguessable value the callback must echo, against CSRF. */
  state: string;
  /**
   * Scopes to request.
   * @default PLAYLIST_READ_SCOPES
   */
  scopes?: readonly string[];
  /**
   * Force the consent dialog even if the user already approved.
   * @default false
   */
  showDialog?: boolean;
  /**
   * Base URL of the accounts service.
   * @default 'https://accounts.spotify.com'
   */
  accountsBaseUrl?: string;
}

/**
 * Builds the URL to send the user to for the authorization-code-with-PKCE flow.
 *
 * @example
 * ```ts
 * const url = buildAuthorizeUrl({ clientId, redirectUri, codeChallenge: pair.challenge, state });
 * ```
 */
export function buildAuthorizeUrl(options: AuthorizeUrlOptions): string {
  for (const key of ['clientId', 'redirectUri', 'codeChallenge', 'state'] as const) {
    if (!options[key]) throw new InvalidOptionError(key, 'is required');
  }
  const url = new URL(`${(options.accountsBaseUrl ?? SPOTIFY_ACCOUNTS_BASE_URL).replace(/\/+$/, '')}/authorize`);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', options.codeChallenge);
  url.searchParams.set('state', options.state);
  url.searchParams.set('scope', (options.scopes ?? PLAYLIST_READ_SCOPES).join(' '));
  if (options.showDialog) url.searchParams.set('show_dialog', 'true');
  return url.toString();
}

/** Options of {@link exchangeAuthorizationCode}. */
export interface ExchangeCodeOptions extends IoOptions {
  clientId: string;
  /** Only for confidential clients; PKCE apps have none. */
  clientSecret?: string;
  /** The `code` query parameter of the callback. */
  code: string;
  /** The verifier whose challenge went into the authorize URL. */
  codeVerifier: string;
  /** The same redirect URI as in the authorize URL. */
  redirectUri: string;
  /**
   * Base URL of the accounts service.
   * @default 'https://accounts.spotify.com'
   */
  accountsBaseUrl?: string;
  /** Retry policy (only 429 is retried: a code is single-use). */
  retry?: RetryOptions;
  signal?: AbortSignal;
}

/**
 * Exchanges the callback's `code` for the user's tokens. Not retried on 5xx or network errors:
 * an authorization code is single-use, so a repeat could fail even if the first call worked.
 *
 * @example
 * ```ts
 * const tokens = await exchangeAuthorizationCode({ clientId, code, codeVerifier, redirectUri });
 * const token = userToken({ clientId, tokens });
 * ```
 */
export async function exchangeAuthorizationCode(options: ExchangeCodeOptions): Promise<UserTokens> {
  for (const key of ['clientId', 'code', 'codeVerifier', 'redirectUri'] as const) {
    if (!options[key]) throw new InvalidOptionError(key, 'is required');
  }
  const io = resolveIo(options);
  const http = createHttpClient({ ...options, service: 'spotify-accounts' });
  const issued = await requestToken(
    http,
    options.accountsBaseUrl ?? SPOTIFY_ACCOUNTS_BASE_URL,
    options,
    { grant_type: 'authorization_code', code: options.code, redirect_uri: options.redirectUri, code_verifier: options.codeVerifier },
    io.now,
    { retryable: false, signal: options.signal },
  );
  return { accessToken: issued.accessToken, expiresAt: issued.expiresAt, refreshToken: issued.refreshToken, scope: issued.scope };
}
