import { randomBytes } from 'node:crypto';
import type { UserTokens } from '@msr/spotify';
import { sessionId } from '../auth/session-manager.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { TokenCipher, TokenCipherError } from './token-cipher.js';

/** A connected Spotify account, tokens opened. */
export interface SpotifyAccount {
  spotifyUserId: string;
  displayName: string | undefined;
  tokens: UserTokens;
  connectedAt: number;
}

/** Why a callback's `state` was refused. */
export type SignInRefusal = 'unknown-state' | 'other-session' | 'expired';

/** Options of {@link SpotifyAccountStore}. */
export interface SpotifyAccountStoreOptions {
  /**
   * How long a sign-in sent to Spotify may take before its callback is refused.
   * @default 600000 (10 minutes)
   */
  signInTtlMs?: number;
}

/**
 * The Spotify accounts people connected, and the sign-ins in flight. Tokens and PKCE verifiers
 * are sealed with AES-256-GCM (the row's user id as associated data) before they reach the
 * database; every change is one statement, so a failure leaves the previous state whole.
 */
export class SpotifyAccountStore {
  readonly #ttlMs: number;

  constructor(
    private readonly db: Database,
    private readonly cipher: TokenCipher,
    private readonly clock: Clock,
    options: SpotifyAccountStoreOptions = {},
  ) {
    this.#ttlMs = options.signInTtlMs ?? 600_000;
  }

  /** Records a sign-in for this session and returns its `state` (256 random bits). */
  async beginSignIn(sessionToken: string, userId: string, verifier: string): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.batch(
      [
        { sql: 'DELETE FROM spotify_sign_ins WHERE expires_at <= ?', args: [now] },
        {
          sql: 'INSERT INTO spotify_sign_ins (state_hash, session_id, user_id, verifier, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
          args: [sessionId(state), sessionId(sessionToken), userId, this.cipher.seal(verifier, userId), now, now + this.#ttlMs],
        },
      ],
      'write',
    );
    return state;
  }

  /**
   * Takes (deletes) the sign-in a callback's `state` names, whatever the outcome: a `state` is
   * single-use. Returns the verifier when it belongs to this session and has not expired.
   */
  async takeSignIn(state: string, sessionToken: string, userId: string): Promise<{ verifier: string } | { refused: SignInRefusal }> {
    const result = await this.db.execute({
      sql: 'DELETE FROM spotify_sign_ins WHERE state_hash = ? RETURNING session_id, user_id, verifier, expires_at',
      args: [sessionId(state)],
    });
    const row = result.rows[0];
    if (!row) return { refused: 'unknown-state' };
    if (row['session_id'] !== sessionId(sessionToken) || row['user_id'] !== userId) return { refused: 'other-session' };
    if (Number(row['expires_at']) <= this.clock.now()) return { refused: 'expired' };
    return { verifier: this.cipher.open(String(row['verifier']), userId) };
  }

  /** Connects (or reconnects) the user's Spotify account: one upsert. */
  async save(userId: string, profile: { spotifyUserId: string; displayName: string | undefined }, tokens: UserTokens): Promise<void> {
    const now = this.clock.now();
    await this.db.execute({
      sql: `INSERT INTO spotify_accounts (user_id, spotify_user_id, display_name, tokens, connected_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id) DO UPDATE SET spotify_user_id = excluded.spotify_user_id, display_name = excluded.display_name,
              tokens = excluded.tokens, connected_at = excluded.connected_at, updated_at = excluded.updated_at`,
      args: [userId, profile.spotifyUserId, profile.displayName ?? null, this.sealTokens(userId, tokens), now, now],
    });
  }

  /**
   * The user's connected account, or `undefined`. Tokens that no longer open (the key was
   * changed) are useless: they are deleted and the user is asked to connect again.
   */
  async load(userId: string): Promise<SpotifyAccount | undefined> {
    const row = (await this.db.execute({ sql: 'SELECT spotify_user_id, display_name, tokens, connected_at FROM spotify_accounts WHERE user_id = ?', args: [userId] })).rows[0];
    if (!row) return undefined;
    let tokens: UserTokens;
    try {
      tokens = JSON.parse(this.cipher.open(String(row['tokens']), userId)) as UserTokens;
    } catch (error) {
      if (!(error instanceof TokenCipherError)) throw error;
      await this.remove(userId);
      return undefined;
    }
    return {
      spotifyUserId: String(row['spotify_user_id']),
      displayName: row['display_name'] === null ? undefined : String(row['display_name']),
      tokens,
      connectedAt: Number(row['connected_at']),
    };
  }

  /** Stores refreshed tokens (Spotify may rotate the refresh token); a no-op once disconnected. */
  async updateTokens(userId: string, tokens: UserTokens): Promise<void> {
    await this.db.execute({ sql: 'UPDATE spotify_accounts SET tokens = ?, updated_at = ? WHERE user_id = ?', args: [this.sealTokens(userId, tokens), this.clock.now(), userId] });
  }

  /** Disconnects: the tokens are deleted. Returns whether there was an account. */
  async remove(userId: string): Promise<boolean> {
    const result = await this.db.execute({ sql: 'DELETE FROM spotify_accounts WHERE user_id = ?', args: [userId] });
    return result.rowsAffected > 0;
  }

  private sealTokens(userId: string, tokens: UserTokens): string {
    return this.cipher.seal(JSON.stringify({ accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, refreshToken: tokens.refreshToken, scope: tokens.scope }), userId);
  }
}
