import type { TokenKind } from '../errors/access-errors.js';

/**
 * Supplies bearer tokens to a {@link SpotifyClient}. Implementations cache the token and renew
 * it before it expires; after a 401 the client calls {@link AccessTokenProvider.invalidate} and
 * asks once more.
 */
export interface AccessTokenProvider {
  /** What kind of token this is; decides how access refusals are explained. */
  readonly kind: TokenKind;
  /** Returns a token that is valid now, fetching or refreshing one if needed. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * Marks `token` as rejected (the API answered 401). Returns `true` when a different token can
   * be obtained, `false` when retrying would send the same token again.
   */
  invalidate(token: string): boolean;
}

/**
 * A fixed token, for scripts and tests, or a token managed elsewhere. It cannot be renewed, so a
 * 401 is final.
 *
 * @example
 * ```ts
 * const client = createSpotifyClient({ token: staticToken(process.env.SPOTIFY_TOKEN!) });
 * ```
 */
export function staticToken(token: string, kind: TokenKind = 'static'): AccessTokenProvider {
  return {
    kind,
    getToken: async () => token,
    invalidate: () => false,
  };
}
