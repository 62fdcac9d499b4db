import type { Migration } from './migrations.js';

/** Sign in with Spotify: the connected accounts and the sign-ins in flight. */
export const SPOTIFY_ACCOUNTS_MIGRATION: Migration = {
  version: 9,
  name: 'spotify accounts',
  statements: [
    // `tokens` is AES-256-GCM sealed JSON (access and refresh token, expiry, scope); never plain.
    `CREATE TABLE spotify_accounts (
      user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      spotify_user_id TEXT NOT NULL,
      display_name TEXT,
      tokens TEXT NOT NULL,
      connected_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    // One row per sign-in sent to Spotify: the hash of its `state`, the session it belongs to
    // (sessions.id), and the sealed PKCE verifier. Taken (deleted) by the callback.
    `CREATE TABLE spotify_sign_ins (
      state_hash TEXT PRIMARY KEY,
      session_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      verifier TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
    'CREATE INDEX spotify_sign_ins_by_session ON spotify_sign_ins(session_id)',
    // Foreign keys are not enforced on every connection: deleting a user deletes their tokens
    // in the same statement, whoever deletes it.
    `CREATE TRIGGER spotify_accounts_user_deleted AFTER DELETE ON users BEGIN
      DELETE FROM spotify_accounts WHERE user_id = OLD.id;
      DELETE FROM spotify_sign_ins WHERE user_id = OLD.id;
    END`,
    `CREATE TRIGGER spotify_sign_ins_session_ended AFTER DELETE ON sessions BEGIN
      DELETE FROM spotify_sign_ins WHERE session_id = OLD.id;
    END`,
  ],
};
