import type { SpotifyClient } from './spotify-client.js';
import { wireCurrentUser } from './account-wire-schemas.js';

/** The signed-in user, as `GET /me` describes them. */
export interface SpotifyUser {
  /** Spotify user id (playlist owners are compared with it). */
  readonly id: string;
  /** The name the user shows on Spotify, when they set one. */
  readonly displayName: string | undefined;
}

/**
 * Reads the user a user token belongs to (`GET /me`).
 *
 * @example
 * ```ts
 * const me = await getCurrentUser(createSpotifyClient({ token: userToken({ clientId, tokens }) }));
 * ```
 */
export async function getCurrentUser(client: SpotifyClient, options: { signal?: AbortSignal } = {}): Promise<SpotifyUser> {
  const body = await client.get('/me', { schema: wireCurrentUser, ...(options.signal ? { signal: options.signal } : {}) });
  return { id: body.id, displayName: body.display_name ?? undefined };
}
