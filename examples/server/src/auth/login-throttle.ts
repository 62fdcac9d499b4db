import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';

/** Whether a username may try to log in now. */
export type LockState = { locked: false } | { locked: true; until: number };

/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Consecutive failures that lock. @default 5 */
  maxFailures?: number;
  /** How long a lock lasts. @default 15 minutes */
  lockMs?: number;
}

/**
 * Locks a username after repeated failed logins, in the database so that a restart does not
 * forget (the original kept the count in process memory). Every attempt is also written to
 * `login_attempts` for audit.
 */
export class LoginThrottle {
  readonly maxFailures: number;
  readonly lockMs: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    options: LoginThrottleOptions = {},
  ) {
    this.maxFailures = options.maxFailures ?? 5;
    this.lockMs = options.lockMs ?? 15 * 60_000;
  }

  async state(key: string): Promise<LockState> {
    const rows = await this.db.execute({ sql: 'SELECT locked_until FROM lockouts WHERE username_key = ?', args: [key] });
    const until = Number(rows.rows[0]?.['locked_until'] ?? 0);
    return until > this.clock.now() ? { locked: true, until } : { locked: false };
  }

  /** Counts a failure; returns the lock it caused, if any. */
  async recordFailure(key: string, client: string | undefined): Promise<LockState> {
    const now = this.clock.now();
    const [, counted] = await this.db.batch(
      [
        { sql: `INSERT INTO login_attempts (username_key, client, at, outcome) VALUES (?, ?, ?, 'failure')`, args: [key, client ?? null, now] },
        {
          sql: `INSERT INTO lockouts (username_key, failures, locked_until) VALUES (?, 1, 0)
                ON CONFLICT(username_key) DO UPDATE SET failures = failures + 1 RETURNING failures`,
          args: [key],
        },
      ],
      'write',
    );
    const failures = Number(counted?.rows[0]?.['failures'] ?? 0);
    if (failures < this.maxFailures) return { locked: false };
    const until = now + this.lockMs;
    await this.db.execute({ sql: 'UPDATE lockouts SET failures = 0, locked_until = ? WHERE username_key = ?', args: [until, key] });
    return { locked: true, until };
  }

  /** Records an attempt refused because of a lock (audit only; does not extend it). */
  async recordLocked(key: string, client: string | undefined): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO login_attempts (username_key, client, at, outcome) VALUES (?, ?, ?, 'locked')`,
      args: [key, client ?? null, this.clock.now()],
    });
  }

  /** Clears the failure count after a successful login. */
  async recordSuccess(key: string, client: string | undefined): Promise<void> {
    await this.db.batch(
      [
        { sql: `INSERT INTO login_attempts (username_key, client, at, outcome) VALUES (?, ?, ?, 'success')`, args: [key, client ?? null, this.clock.now()] },
        { sql: 'DELETE FROM lockouts WHERE username_key = ?', args: [key] },
      ],
      'write',
    );
  }
}
