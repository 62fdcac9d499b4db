import { z } from 'zod';
import { HttpStatusError, TokenRequestError } from '../errors/spotify-error.js';
import type { HttpClient } from '../http/http-client.js';

/** The accounts service's production base URL. */
export const SPOTIFY_ACCOUNTS_BASE_URL = 'https://accounts.spotify.com';

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

/** A token as the accounts service issued it, with an absolute expiry. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Epoch milliseconds after which the token is no longer valid. */
  readonly expiresAt: number;
  /** Present for user tokens; Spotify may rotate it on refresh. */
  readonly refreshToken: string | undefined;
  /** Space-separated scopes granted. */
  readonly scope: string | undefined;
}

/** The app's credentials: a secret for confidential clients, none for PKCE public clients. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
}

function basic(credentials: ClientCredentials & { clientSecret: string }): string {
  const raw = `${credentials.clientId}:${credentials.clientSecret}`;
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(raw)))}`;
}

/**
 * POSTs a grant to `/api/token`. With a secret the client authenticates with HTTP Basic; without
 * one (PKCE) `client_id` goes in the form. Refusals become {@link TokenRequestError}.
 */
export async function requestToken(
  http: HttpClient,
  accountsBaseUrl: string,
  credentials: ClientCredentials,
  grant: Record<string, string>,
  now: () => number,
  options: { retryable: boolean; signal?: AbortSignal | undefined },
): Promise<IssuedToken> {
  const form = new URLSearchParams(grant);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (credentials.clientSecret !== undefined) headers.authorization = basic({ ...credentials, clientSecret: credentials.clientSecret });
  else form.set('client_id', credentials.clientId);
  const requestedAt = now();
  try {
    const { data } = await http.request({
      method: 'POST',
      url: `${accountsBaseUrl.replace(/\/+$/, '')}/api/token`,
      headers,
      form,
      schema: tokenResponse,
      retryable: options.retryable,
      signal: options.signal,
    });
    return {
      accessToken: data.access_token,
      // Counted from when the request was sent, so network time never makes a token look fresher.
      expiresAt: requestedAt + data.expires_in * 1000,
      refreshToken: data.refresh_token,
      scope: data.scope,
    };
  } catch (error) {
    if (error instanceof HttpStatusError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      const oauth = /^([a-z_]+)(?::|$)/.exec(error.detail ?? '')?.[1];
      throw new TokenRequestError(
        `The Spotify accounts service refused the ${grant.grant_type} grant (${error.status}${error.detail ? `: ${error.detail}` : ''})`,
        oauth,
        { cause: error },
      );
    }
    throw error;
  }
}
