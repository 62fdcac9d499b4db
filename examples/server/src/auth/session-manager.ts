import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { Role, User } from './user-repository.js';

/** A live session and its user. */
export interface ValidatedSession {
  user: User;
  /** When the session ends unless used again, ms since the epoch. */
  expiresAt: number;
  /** `true` when this validation slid the expiry forward: send the cookie again. */
  refreshed: boolean;
}

/** Options of {@link SessionManager}. */
export interface SessionManagerOptions {
  /** Idle lifetime. @default 30 minutes */
  ttlMs?: number;
  /**
   * Slide the expiry only when at least this much of it has been used, so a burst of requests
   * costs one write, not one each. @default 60 seconds
   */
  refreshAfterMs?: number;
  /** Fills a buffer with cryptographically secure random bytes. @default crypto.getRandomValues */
  randomBytes?: (bytes: Uint8Array) => void;
  /**
   * How long a validated session is trusted without asking the database again. Logout and
   * password change in this process take effect at once; in another process sharing the
   * database, within this time. 0 asks every time. @default 2000
   */
  cacheMs?: number;
}

const MAX_CACHED = 10_000;

const TOKEN_BYTES = 20;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/**
 * Sessions as random tokens: the client holds the token (in a cookie), the database holds only
 * its SHA-256, so a copy of the table cannot be replayed. Expiry slides with use.
 */
export class SessionManager {
  readonly ttlMs: number;
  private readonly refreshAfterMs: number;
  private readonly randomBytes: (bytes: Uint8Array) => void;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, { user: User; expiresAt: number; checkedAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    options: SessionManagerOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.refreshAfterMs = Math.min(options.refreshAfterMs ?? 60_000, this.ttlMs);
    this.randomBytes = options.randomBytes ?? ((bytes) => crypto.getRandomValues(bytes));
    this.cacheMs = options.cacheMs ?? 2_000;
  }

  /** Starts a session for `userId`; the returned token goes to the client and nowhere else. */
  async create(userId: string): Promise<{ token: string; expiresAt: number }> {
    const bytes = new Uint8Array(TOKEN_BYTES);
    this.randomBytes(bytes);
    const token = encodeBase32LowerCaseNoPadding(bytes);
    const now = this.clock.now();
    const expiresAt = now + this.ttlMs;
    await this.db.execute({
      sql: 'INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      args: [sessionId(token), userId, now, expiresAt],
    });
    return { token, expiresAt };
  }

  /** The session a token names, sliding its expiry; `undefined` when unknown or expired. */
  async validate(token: string): Promise<ValidatedSession | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const id = sessionId(token);
    const now = this.clock.now();
    const cached = this.cache.get(id);
    if (cached && now - cached.checkedAt < this.cacheMs && cached.expiresAt > now) {
      return { user: cached.user, expiresAt: cached.expiresAt, refreshed: false };
    }
    this.cache.delete(id);
    const rows = await this.db.execute({
      sql: `SELECT s.expires_at, u.id, u.username, u.role, u.created_at
            FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
      args: [id],
    });
    const row = rows.rows[0];
    if (!row) return undefined;
    let expiresAt = Number(row['expires_at']);
    if (expiresAt <= now) {
      await this.db.execute({ sql: 'DELETE FROM sessions WHERE id = ?', args: [id] });
      return undefined;
    }
    const user: User = {
      id: String(row['id']),
      username: String(row['username']),
      role: (row['role'] === 'admin' ? 'admin' : 'user') satisfies Role,
      createdAt: Number(row['created_at']),
    };
    let refreshed = false;
    if (expiresAt - now <= this.ttlMs - this.refreshAfterMs) {
      expiresAt = now + this.ttlMs;
      await this.db.execute({ sql: 'UPDATE sessions SET expires_at = ? WHERE id = ?', args: [expiresAt, id] });
      refreshed = true;
    }
    if (this.cacheMs > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(id, { user, expiresAt, checkedAt: now });
    }
    return { user, expiresAt, refreshed };
  }

  /** Ends one session (logout). Unknown tokens are ignored. */
  async invalidate(token: string): Promise<void> {
    if (!TOKEN_PATTERN.test(token)) return;
    this.cache.delete(sessionId(token));
    await this.db.execute({ sql: 'DELETE FROM sessions WHERE id = ?', args: [sessionId(token)] });
  }

  /** Ends every session of a user (password change, deletion). */
  async invalidateAllForUser(userId: string): Promise<void> {
    for (const [id, entry] of this.cache) if (entry.user.id === userId) this.cache.delete(id);
    await this.db.execute({ sql: 'DELETE FROM sessions WHERE user_id = ?', args: [userId] });
  }

  /** Removes expired rows; returns how many. */
  async purgeExpired(): Promise<number> {
    const result = await this.db.execute({ sql: 'DELETE FROM sessions WHERE expires_at <= ?', args: [this.clock.now()] });
    return result.rowsAffected;
  }
}

/** The stored id of a token: hex SHA-256 of its bytes. */
export function sessionId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
