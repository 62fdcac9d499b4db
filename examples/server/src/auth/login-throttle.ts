import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';

/** Whether an attempt may go ahead now, and if not, why and for how long. */
export type ThrottleVerdict =
  | { allowed: true }
  | {
      allowed: false;
      /** `address`: this address failed too often on this account; `account`: the account is under attack and this address is new to it. */
      reason: 'address' | 'account';
      /** When to try again, ms from now. */
      retryAfterMs: number;
    };

/** Options of {@link LoginThrottle}; see docs/guides/server.md ("Login throttling"). */
export interface LoginThrottleOptions {
  /** Failures one address may make on one account before its attempts are delayed. @default 5 */
  freeAttempts?: number;
  /** The first delay after the free attempts; each further failure doubles it. @default 10 s */
  baseDelayMs?: number;
  /** The delay never grows past this. @default 15 minutes */
  maxDelayMs?: number;
  /** Failures on one account, from all addresses, within `accountWindowMs`, that mark it as under attack. @default 20 */
  accountCeiling?: number;
  /** @default 15 minutes */
  accountWindowMs?: number;
  /**
   * While an account is under attack, an address it was not used from lately waits this long
   * before its first attempt and between attempts; addresses it was used from are not slowed.
   * @default 60 s
   */
  unknownAddressDelayMs?: number;
  /** An address with a successful login on the account within this long is known to it. @default 30 days */
  knownAddressMs?: number;
}

const DAY = 24 * 60 * 60_000;

/**
 * Login throttling as OWASP's authentication cheat sheet advises, in the database so every
 * instance and a restart agree:
 * - per (account, address): after `freeAttempts` failures, each attempt waits an exponentially
 *   growing delay — one address cannot guess fast, and cannot lock anybody else out;
 * - per account: past `accountCeiling` failures from all addresses, addresses the account was not
 *   used from lately are slowed to one attempt per `unknownAddressDelayMs` — an attacker with many
 *   addresses is slowed, while the owner logs in at once from a known address, or from a fresh
 *   one after that delay; the account is never locked;
 * - an admin clears an account's counters with {@link clear}.
 * Keyed by username, existing or not, so the throttle reveals nothing about which accounts exist.
 * Every attempt is also written to `login_attempts` for audit.
 */
export class LoginThrottle {
  readonly #o: Required<LoginThrottleOptions>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    options: LoginThrottleOptions = {},
  ) {
    this.#o = {
      freeAttempts: 5,
      baseDelayMs: 10_000,
      maxDelayMs: 15 * 60_000,
      accountCeiling: 20,
      accountWindowMs: 15 * 60_000,
      unknownAddressDelayMs: 60_000,
      knownAddressMs: 30 * DAY,
      ...options,
    };
  }

  /** Whether `client` may try a password of account `key` now. Refusals change no counter. */
  async check(key: string, client: string | undefined): Promise<ThrottleVerdict> {
    const o = this.#o;
    const now = this.clock.now();
    const address = client ?? '';
    const rows = await this.db.execute({ sql: 'SELECT failures, last_attempt_at FROM login_throttle WHERE username_key = ? AND client = ?', args: [key, address] });
    const pair = rows.rows[0];
    const lastAttempt = Number(pair?.['last_attempt_at'] ?? 0);
    const failures = now - lastAttempt > DAY ? 0 : Number(pair?.['failures'] ?? 0);
    if (failures >= o.freeAttempts) {
      const delay = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (failures - o.freeAttempts));
      if (now < lastAttempt + delay) return { allowed: false, reason: 'address', retryAfterMs: lastAttempt + delay - now };
    }
    const account = await this.db.execute({
      sql: 'SELECT COALESCE(SUM(failures), 0) AS failures FROM login_throttle WHERE username_key = ? AND last_attempt_at > ?',
      args: [key, now - o.accountWindowMs],
    });
    if (Number(account.rows[0]?.['failures'] ?? 0) < o.accountCeiling) return { allowed: true };
    const known = await this.db.execute({
      sql: `SELECT 1 FROM login_attempts WHERE username_key = ? AND client = ? AND outcome = 'success' AND at > ? LIMIT 1`,
      args: [key, address, now - o.knownAddressMs],
    });
    if (known.rows.length > 0) return { allowed: true };
    if (!pair) {
      // A new address during an attack: it starts waiting now (the owner on a fresh device too, once).
      await this.db.execute({ sql: 'INSERT INTO login_throttle (username_key, client, failures, last_attempt_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING', args: [key, address, now] });
      return { allowed: false, reason: 'account', retryAfterMs: o.unknownAddressDelayMs };
    }
    if (now < lastAttempt + o.unknownAddressDelayMs) return { allowed: false, reason: 'account', retryAfterMs: lastAttempt + o.unknownAddressDelayMs - now };
    return { allowed: true };
  }

  /** Counts a failed password of `client` on account `key`. */
  async recordFailure(key: string, client: string | undefined): Promise<void> {
    const now = this.clock.now();
    await this.db.batch(
      [
        { sql: `INSERT INTO login_attempts (username_key, client, at, outcome) VALUES (?, ?, ?, 'failure')`, args: [key, client ?? null, now] },
        {
          sql: `INSERT INTO login_throttle (username_key, client, failures, last_attempt_at) VALUES (?, ?, 1, ?)
                ON CONFLICT(username_key, client) DO UPDATE SET
                  failures = CASE WHEN last_attempt_at < ? THEN 1 ELSE failures + 1 END, last_attempt_at = excluded.last_attempt_at`,
          args: [key, client ?? '', now, now - DAY],
        },
      ],
      'write',
    );
  }

  /** Records an attempt refused by the throttle (audit only; changes no counter). */
  async recordRefused(key: string, client: string | undefined): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO login_attempts (username_key, client, at, outcome) VALUES (?, ?, ?, 'locked')`,
      args: [key, client ?? null, this.clock.now()],
    });
  }

  /** A right password: this address starts afresh on this account (and is known to it from now on). */
  async recordSuccess(key: string, client: string | undefined): Promise<void> {
    await this.db.batch(
      [
        { sql: `INSERT INTO login_attempts (username_key, client, at, outcome) VALUES (?, ?, ?, 'success')`, args: [key, client ?? null, this.clock.now()] },
        { sql: 'DELETE FROM login_throttle WHERE username_key = ? AND client = ?', args: [key, client ?? ''] },
      ],
      'write',
    );
  }

  /**
   * Drops counters no attempt touched for a day (they no longer delay anything), so addresses an
   * attacker used once do not pile up. Returns how many went.
   */
  async purgeStale(): Promise<number> {
    const result = await this.db.execute({ sql: 'DELETE FROM login_throttle WHERE last_attempt_at < ?', args: [this.clock.now() - DAY] });
    return result.rowsAffected;
  }

  /** Clears every counter of account `key` (an admin's unlock); returns how many addresses were throttled. */
  async clear(key: string): Promise<number> {
    const result = await this.db.execute({ sql: 'DELETE FROM login_throttle WHERE username_key = ?', args: [key] });
    return result.rowsAffected;
  }
}
