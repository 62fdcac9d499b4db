import { SPOTIFY_ACCOUNTS_MIGRATION } from './spotify-migration.js';

/** One schema change: applied once, in a transaction, and recorded in `schema_migrations`. */
export interface Migration {
  /** Strictly increasing, never reused. */
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * The schema, as the ordered list of every change ever made to it. Append; never edit a
 * migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions and login attempts',
    statements: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL
      )`,
      // id is the hex SHA-256 of the cookie's token: a leaked table cannot be replayed.
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      )`,
      'CREATE INDEX sessions_by_user ON sessions(user_id)',
      `CREATE TABLE login_attempts (
        id INTEGER PRIMARY KEY,
        username_key TEXT NOT NULL,
        client TEXT,
        at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'locked'))
      )`,
      'CREATE INDEX login_attempts_by_user ON login_attempts(username_key, at)',
      // Keyed by username, existing or not, so a lock reveals nothing about which accounts exist.
      `CREATE TABLE lockouts (
        username_key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until INTEGER NOT NULL DEFAULT 0
      )`,
    ],
  },
  {
    version: 2,
    name: 'recommendations log',
    statements: [
      `CREATE TABLE recommendations (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL,
        user_id TEXT,
        at INTEGER NOT NULL,
        playlist_ref TEXT NOT NULL,
        genre TEXT NOT NULL,
        similarity REAL NOT NULL,
        count INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        model_version TEXT
      )`,
      'CREATE INDEX recommendations_by_time ON recommendations(at)',
    ],
  },
  {
    version: 3,
    name: 'scheduler lease and runs, retrain jobs',
    statements: [
      `CREATE TABLE scheduler_lease (
        name TEXT PRIMARY KEY,
        holder TEXT,
        expires_at INTEGER NOT NULL DEFAULT 0,
        last_slot INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE scheduler_runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        slot INTEGER NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        holder TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        summary TEXT,
        error TEXT
      )`,
      'CREATE INDEX scheduler_runs_by_start ON scheduler_runs(name, started_at)',
      `CREATE TABLE retrain_jobs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        requested_by TEXT,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        progress REAL NOT NULL DEFAULT 0,
        heartbeat_at INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        params TEXT,
        result TEXT,
        error TEXT
      )`,
      // One running job per database, enforced by SQLite itself, across processes.
      `CREATE UNIQUE INDEX retrain_jobs_one_running ON retrain_jobs(status) WHERE status = 'running'`,
      'CREATE INDEX retrain_jobs_by_time ON retrain_jobs(created_at)',
    ],
  },
  {
    version: 4,
    name: 'retrain job kinds (retrain, feed)',
    statements: [`ALTER TABLE retrain_jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'retrain' CHECK (kind IN ('retrain', 'feed'))`],
  },
  {
    version: 5,
    name: 'login throttle per (account, address)',
    statements: [
      // Replaces the per-username lock of version 1 (anyone could keep any account locked).
      `CREATE TABLE login_throttle (
        username_key TEXT NOT NULL,
        client TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_attempt_at INTEGER NOT NULL,
        PRIMARY KEY (username_key, client)
      )`,
      'CREATE INDEX login_throttle_by_account ON login_throttle(username_key, last_attempt_at)',
      'DROP TABLE lockouts',
    ],
  },
  {
    version: 6,
    name: 'params versions in the database',
    statements: [
      // Every instance reads the same parameters; each save is a version (who, when, what changed).
      `CREATE TABLE params_versions (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        params TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        changes TEXT NOT NULL
      )`,
      'ALTER TABLE retrain_jobs ADD COLUMN params_version INTEGER',
    ],
  },
  {
    version: 7,
    name: 'model registry and aliases',
    statements: [
      `CREATE TABLE model_versions (
        version TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        source TEXT NOT NULL
      )`,
      // An alias is where its latest move points; a rollback is one more move.
      `CREATE TABLE model_alias_moves (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alias TEXT NOT NULL,
        version TEXT NOT NULL,
        set_at INTEGER NOT NULL,
        set_by TEXT NOT NULL
      )`,
      'CREATE INDEX model_alias_moves_by_alias ON model_alias_moves(alias, id)',
    ],
  },
  {
    version: 8,
    name: 'API tokens',
    statements: [
      // Only the SHA-256 of a token is kept, as for sessions.
      `CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        scope TEXT NOT NULL CHECK (scope IN ('read', 'admin')),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      )`,
      'CREATE INDEX api_tokens_by_user ON api_tokens(user_id)',
    ],
  },
  SPOTIFY_ACCOUNTS_MIGRATION,
];
