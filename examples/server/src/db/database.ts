import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { ServerError } from '../http/errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** The database handle every repository takes. */
export type Database = Client;

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** `file:path.db`, `:memory:`, or a remote libSQL URL. */
  url: string;
  /** Token for a remote libSQL server. */
  authToken?: string;
  /** How long a write waits for another process's lock, in ms. @default 5000 */
  busyTimeoutMs?: number;
}

/**
 * Opens the database and creates the folder of a `file:` database if needed. A `file:`
 * database runs in WAL mode (readers go on while a writer commits) with `synchronous = NORMAL`.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { url } = options;
  const local = url.startsWith('file:');
  const path = local ? resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')) : undefined;
  let client: Client | undefined;
  try {
    if (path) mkdirSync(dirname(path), { recursive: true });
    client = createClient({
      url,
      ...(options.authToken ? { authToken: options.authToken } : {}),
      timeout: options.busyTimeoutMs ?? 5_000,
      // Local calls run synchronously on the event loop, so more connections add no parallelism;
      // one connection also makes the per-connection pragma below hold for every statement.
      ...(local ? { concurrency: 1 } : {}),
    });
    if (local) {
      await client.execute('PRAGMA journal_mode = WAL');
      // WAL + NORMAL: a commit no longer waits for a disk sync (checkpoints still sync); an app
      // crash loses nothing, a power cut may lose the last commits. See docs/decisions/0603.
      await client.execute('PRAGMA synchronous = NORMAL');
    }
    return client;
  } catch (cause) {
    client?.close();
    throw path ? unwritableError(path, cause) : new ServerError('ERR_DATABASE_OPEN', `cannot open the database at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Why a local database could not be opened, in one sentence an operator can act on: the folder
 * or the file is not writable (a read-only volume, another owner), or something else.
 */
function unwritableError(path: string, cause: unknown): ServerError {
  const dir = dirname(path);
  const writable = (p: string): boolean => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const code = (cause as NodeJS.ErrnoException).code;
  const user = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
  const where = !existsSync(dir) ? `its folder ${dir} cannot be created` : !writable(dir) ? `its folder ${dir} is read-only for this process${user}` : existsSync(path) && !writable(path) ? `the file is read-only for this process${user}` : undefined;
  if (where || code === 'EROFS' || code === 'EACCES') {
    return new ServerError(
      'ERR_DATA_DIR_READ_ONLY',
      `cannot open the database ${path} for writing: ${where ?? `${code}`}; give the server a writable data folder (or set MSR_DATABASE_URL)`,
      { cause },
    );
  }
  return new ServerError('ERR_DATABASE_OPEN', `cannot open the database ${path}: ${(cause as Error).message}`, { cause });
}

/** A migration could not be applied, or the database is newer than this code. */
export class MigrationError extends ServerError {
  override readonly name = 'MigrationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_MIGRATION', message, options);
  }
}

/** What {@link migrate} did. */
export interface MigrationReport {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Brings the schema up to date: each pending migration runs with its `schema_migrations` row in
 * one transaction. Safe when several processes start on one database at once: a loser's
 * transaction rolls back and it re-reads what the winner applied.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now: () => number = Date.now): Promise<MigrationReport> {
  await db.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const known = new Set(migrations.map((m) => m.version));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await appliedVersions(db);
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new MigrationError(`database schema has version(s) ${unknown.join(', ')} that this server does not know: it is newer than this code`);
    }
    if (done.has(migration.version)) continue;
    try {
      await db.batch(
        [
          ...migration.statements,
          { sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', args: [migration.version, migration.name, now()] },
        ],
        'write',
      );
      applied.push(migration.version);
    } catch (cause) {
      if ((await appliedVersions(db)).has(migration.version)) continue; // another process won the race
      throw new MigrationError(`migration ${migration.version} (${migration.name}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }
  const versions = [...(await appliedVersions(db))];
  return { applied, version: versions.length === 0 ? 0 : Math.max(...versions) };
}

async function appliedVersions(db: Database): Promise<Set<number>> {
  const rows = await db.execute('SELECT version FROM schema_migrations');
  return new Set(rows.rows.map((r) => Number(r['version'])));
}
