import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ForbiddenError, ServerError } from '../http/errors.js';
import type { User } from './user-repository.js';

/** What a token may do: `read` — safe requests and recommendations; `admin` — all its (admin) owner may do. */
export type TokenScope = 'read' | 'admin';

/** A token as its owner sees it (never the secret, which is shown once). */
export interface ApiTokenInfo {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

/** Every token starts with this, so secret scanners and people recognise one. */
const PREFIX = 'msr_pat_';
const DAY = 24 * 60 * 60_000;

function hashOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Personal access tokens for scripts: `Authorization: Bearer msr_pat_…`. 20 random bytes,
 * stored only as their SHA-256 (like sessions), scoped, expiring, revocable; a use is recorded
 * (at most once a minute). Bearer requests carry no ambient credential a browser would attach,
 * so they need no CSRF check.
 */
export class ApiTokens {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Issues a token for `user`; the secret is in the answer only. */
  async create(user: User, input: { name: string; scope: TokenScope; expiresInDays: number }): Promise<{ token: string; info: ApiTokenInfo }> {
    if (input.scope === 'admin' && user.role !== 'admin') throw new ForbiddenError('only admins may create admin-scoped tokens', 'ERR_TOKEN_SCOPE');
    const bytes = crypto.getRandomValues(new Uint8Array(20));
    const token = PREFIX + encodeBase32LowerCaseNoPadding(bytes);
    const id = crypto.randomUUID();
    const now = this.clock.now();
    const info: ApiTokenInfo = { id, name: input.name, scope: input.scope, createdAt: now, expiresAt: now + input.expiresInDays * DAY };
    await this.db.execute({
      sql: 'INSERT INTO api_tokens (id, user_id, name, token_hash, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      args: [id, user.id, info.name, hashOf(token), info.scope, info.createdAt, info.expiresAt],
    });
    return { token, info };
  }

  async list(userId: string): Promise<ApiTokenInfo[]> {
    const rows = await this.db.execute({ sql: 'SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC', args: [userId] });
    return rows.rows.map((r) => ({
      id: String(r['id']),
      name: String(r['name']),
      scope: String(r['scope']) as TokenScope,
      createdAt: Number(r['created_at']),
      expiresAt: Number(r['expires_at']),
      ...(r['last_used_at'] === null ? {} : { lastUsedAt: Number(r['last_used_at']) }),
      ...(r['revoked_at'] === null ? {} : { revokedAt: Number(r['revoked_at']) }),
    }));
  }

  /** Revokes one of `userId`'s tokens; 404 when it has no such token. */
  async revoke(userId: string, id: string): Promise<void> {
    const result = await this.db.execute({ sql: 'UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?', args: [this.clock.now(), id, userId] });
    if (result.rowsAffected === 0) throw new ServerError('ERR_TOKEN_NOT_FOUND', `no token "${id}"`);
  }

  /** The user and scope of a bearer token; 401 when it is unknown, expired or revoked. */
  async authenticate(token: string): Promise<{ user: User; scope: TokenScope }> {
    const now = this.clock.now();
    const rows = await this.db.execute({
      sql: `SELECT t.id, t.scope, t.expires_at, t.revoked_at, t.last_used_at, u.id AS uid, u.username, u.role, u.created_at AS ucreated
            FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
      args: [hashOf(token)],
    });
    const row = rows.rows[0];
    const invalid = (why: string): ServerError => new ServerError('ERR_TOKEN_INVALID', `bearer token refused: ${why}`, { headers: { 'WWW-Authenticate': 'Bearer' } });
    if (!row) throw invalid('unknown token');
    if (row['revoked_at'] !== null) throw invalid('it was revoked');
    if (Number(row['expires_at']) <= now) throw invalid('it expired');
    const scope = String(row['scope']) as TokenScope;
    const user = { id: String(row['uid']), username: String(row['username']), role: String(row['role']), createdAt: Number(row['ucreated']) } as User;
    // An admin token of a user who is no longer an admin is worth no more than a read token.
    const effective: TokenScope = scope === 'admin' && user.role === 'admin' ? 'admin' : 'read';
    if (now - Number(row['last_used_at'] ?? 0) > 60_000) {
      await this.db.execute({ sql: 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?', args: [now, String(row['id'])] });
    }
    return { user, scope: effective };
  }
}

/** Whether a request carries a bearer token, and which. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
