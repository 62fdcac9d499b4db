import type { Database } from '../db/database.js';
import { usernameKey } from './credential-rules.js';

/** An account's role: admins reach `/admin/*` and `/api/admin/*`. */
export type Role = 'admin' | 'user';

/** An account, as the rest of the server sees it (no hash). */
export interface User {
  id: string;
  username: string;
  role: Role;
  /** ms since the epoch. */
  createdAt: number;
}

/** A user with the stored password hash, for the login path only. */
export interface UserWithHash extends User {
  passwordHash: string;
}

/** The outcome of {@link UserRepository.delete}. */
export type DeleteUserOutcome = 'deleted' | 'not-found' | 'last-admin';

/** Users in the database. Usernames are unique case-insensitively. */
export class UserRepository {
  constructor(
    private readonly db: Database,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Inserts a user; returns `undefined` when the username is taken. */
  async create(input: { username: string; passwordHash: string; role: Role; now: number }): Promise<User | undefined> {
    const id = this.newId();
    const result = await this.db.execute({
      sql: `INSERT INTO users (id, username, username_key, password_hash, role, created_at, password_changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(username_key) DO NOTHING`,
      args: [id, input.username, usernameKey(input.username), input.passwordHash, input.role, input.now, input.now],
    });
    if (result.rowsAffected === 0) return undefined;
    return { id, username: input.username, role: input.role, createdAt: input.now };
  }

  async findByUsername(username: string): Promise<UserWithHash | undefined> {
    const rows = await this.db.execute({
      sql: 'SELECT id, username, role, created_at, password_hash FROM users WHERE username_key = ?',
      args: [usernameKey(username)],
    });
    const row = rows.rows[0];
    return row ? { ...toUser(row), passwordHash: String(row['password_hash']) } : undefined;
  }

  async findById(id: string): Promise<UserWithHash | undefined> {
    const rows = await this.db.execute({ sql: 'SELECT id, username, role, created_at, password_hash FROM users WHERE id = ?', args: [id] });
    const row = rows.rows[0];
    return row ? { ...toUser(row), passwordHash: String(row['password_hash']) } : undefined;
  }

  /** Every user, oldest first. */
  async list(): Promise<User[]> {
    const rows = await this.db.execute('SELECT id, username, role, created_at FROM users ORDER BY created_at, username_key');
    return rows.rows.map(toUser);
  }

  async countAdmins(): Promise<number> {
    const rows = await this.db.execute(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`);
    return Number(rows.rows[0]?.['n'] ?? 0);
  }

  async updatePasswordHash(id: string, passwordHash: string, now: number): Promise<void> {
    await this.db.execute({ sql: 'UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?', args: [passwordHash, now, id] });
  }

  /**
   * Deletes a user and its sessions, unless it is the last admin. The guard sits inside the
   * DELETE itself, so two admins deleting each other at once cannot leave none.
   */
  async delete(id: string): Promise<DeleteUserOutcome> {
    const [deleted] = await this.db.batch(
      [
        {
          sql: `DELETE FROM users WHERE id = ?
                AND (role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1)`,
          args: [id],
        },
        { sql: 'DELETE FROM sessions WHERE user_id = ? AND NOT EXISTS (SELECT 1 FROM users WHERE id = ?)', args: [id, id] },
      ],
      'write',
    );
    if (deleted && deleted.rowsAffected > 0) return 'deleted';
    return (await this.findById(id)) ? 'last-admin' : 'not-found';
  }
}

function toUser(row: Record<string, unknown>): User {
  return {
    id: String(row['id']),
    username: String(row['username']),
    role: row['role'] === 'admin' ? 'admin' : 'user',
    createdAt: Number(row['created_at']),
  };
}
