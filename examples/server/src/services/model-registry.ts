import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleVersionOf } from '../adapters/recommender-bundle.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ServerError } from '../http/errors.js';

/** A bundle the deployment has seen. */
export interface ModelVersionRecord {
  /** The server's version of the bundle (its SHA-256, 16 hex digits). */
  version: string;
  createdAt: number;
  /** Where it came from: `job <id>`, `queued run <id>`, `startup`. */
  source: string;
}

/** One move of an alias. */
export interface AliasMove {
  alias: string;
  version: string;
  setAt: number;
  setBy: string;
}

/** The alias servers serve. */
export const CHAMPION = 'champion';

/**
 * The deployment's model registry: every bundle a job or a queued run produced is registered
 * here as a version (a copy under `dir`, named by its hash; a row in the database), and the
 * `champion` alias says which one users get. Servers load and hot-swap only what `champion`
 * points to, so a run nobody promoted — a CLI `msr run` on the queue prefix, a retrain from
 * scratch after Redis lost its state — never reaches users. Aliases live in the database, so
 * every instance on it agrees; an alias move is a row, so a rollback is one more move.
 */
export class ModelRegistry {
  constructor(private readonly options: { db: Database; clock: Clock; dir: string }) {}

  /** Copies the bundle at `path` into the registry (once per content) and records it; returns its version. */
  async register(path: string, source: string): Promise<string> {
    const version = bundleVersionOf(await readFile(path));
    const target = this.pathOf(version);
    if (!existsSync(target)) {
      await mkdir(this.options.dir, { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      await copyFile(path, temp);
      await rename(temp, target).catch(async (error: unknown) => {
        await rm(temp, { force: true });
        throw error;
      });
    }
    await this.options.db.execute({
      sql: 'INSERT INTO model_versions (version, created_at, source) VALUES (?, ?, ?) ON CONFLICT(version) DO NOTHING',
      args: [version, this.options.clock.now(), source],
    });
    return version;
  }

  /** The registry's copy of `version` (it may be missing on an instance that never saw the bundle). */
  pathOf(version: string): string {
    return join(this.options.dir, `${version}.json`);
  }

  /** The version `alias` points to. */
  async resolve(alias = CHAMPION): Promise<string | undefined> {
    const rows = await this.options.db.execute({ sql: 'SELECT version FROM model_alias_moves WHERE alias = ? ORDER BY id DESC LIMIT 1', args: [alias] });
    const row = rows.rows[0];
    return row ? String(row['version']) : undefined;
  }

  /** Points `alias` at `version`; 404 for a version the registry does not know. */
  async promote(version: string, by: string, alias = CHAMPION): Promise<void> {
    const known = await this.options.db.execute({ sql: 'SELECT 1 FROM model_versions WHERE version = ?', args: [version] });
    if (known.rows.length === 0) throw new ServerError('ERR_MODEL_VERSION_NOT_FOUND', `no model version "${version}" in the registry (see GET /api/admin/models)`);
    await this.options.db.execute({
      sql: 'INSERT INTO model_alias_moves (alias, version, set_at, set_by) VALUES (?, ?, ?, ?)',
      args: [alias, version, this.options.clock.now(), by],
    });
  }

  /** Points `alias` back at the version it pointed to before its current one; 409 when there is none. Returns it. */
  async rollback(by: string, alias = CHAMPION): Promise<string> {
    const moves = await this.history(alias, 1_000);
    const current = moves[0]?.version;
    const previous = moves.find((m) => m.version !== current)?.version;
    if (current === undefined || previous === undefined) throw new ServerError('ERR_NOTHING_TO_ROLL_BACK', `"${alias}" has no earlier version to go back to`);
    await this.promote(previous, by, alias);
    return previous;
  }

  /** Registered versions, newest first. */
  async versions(limit = 50): Promise<ModelVersionRecord[]> {
    const rows = await this.options.db.execute({ sql: 'SELECT version, created_at, source FROM model_versions ORDER BY created_at DESC, rowid DESC LIMIT ?', args: [limit] });
    return rows.rows.map((r) => ({ version: String(r['version']), createdAt: Number(r['created_at']), source: String(r['source']) }));
  }

  /** The moves of `alias`, newest first. */
  async history(alias = CHAMPION, limit = 50): Promise<AliasMove[]> {
    const rows = await this.options.db.execute({ sql: 'SELECT alias, version, set_at, set_by FROM model_alias_moves WHERE alias = ? ORDER BY id DESC LIMIT ?', args: [alias, limit] });
    return rows.rows.map((r) => ({ alias: String(r['alias']), version: String(r['version']), setAt: Number(r['set_at']), setBy: String(r['set_by']) }));
  }
}
