import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { migrate, MigrationError, openDatabase } from './database.js';

describe('migrate', () => {
  it('applies every migration once, in order, and records it', async () => {
    const db = await openDatabase({ url: ':memory:' });
    const first = await migrate(db, MIGRATIONS, () => 42);
    expect(first).toEqual({ applied: MIGRATIONS.map((m) => m.version), version: MIGRATIONS.at(-1)!.version });
    expect(await migrate(db)).toEqual({ applied: [], version: first.version });
    const rows = await db.execute('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((r) => [r['version'], r['applied_at']])).toEqual(MIGRATIONS.map((m) => [m.version, 42]));
    const tables = (await db.execute(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)).rows.map((r) => r['name']);
    expect(tables).toEqual(['api_tokens', 'login_attempts', 'login_throttle', 'model_alias_moves', 'model_versions', 'params_versions', 'recommendations', 'retrain_jobs', 'scheduler_lease', 'scheduler_runs', 'schema_migrations', 'sessions', 'spotify_accounts', 'spotify_sign_ins', 'sqlite_sequence', 'users']);
    db.close();
  });

  it('rolls a failing migration back whole and names it', async () => {
    const db = await openDatabase({ url: ':memory:' });
    const broken = [...MIGRATIONS, { version: 99, name: 'broken', statements: ['CREATE TABLE half (x)', 'CREATE TABLE half (y)'] }];
    await expect(migrate(db, broken)).rejects.toThrow(/^migration 99 \(broken\) failed: .*already exists/);
    const half = await db.execute(`SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'`);
    expect(half.rows[0]!['n']).toBe(0);
    expect((await migrate(db)).version).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
  });

  it('refuses a database newer than the code', async () => {
    const db = await openDatabase({ url: ':memory:' });
    await migrate(db);
    await db.execute(`INSERT INTO schema_migrations VALUES (1000, 'from the future', 0)`);
    await expect(migrate(db)).rejects.toBeInstanceOf(MigrationError);
    db.close();
  });

  it('two processes migrating one new file at once both end up current', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msr-migrate-'));
    try {
      const url = `file:${join(dir, 'nested', 'db.sqlite')}`;
      const [a, b] = await Promise.all([openDatabase({ url }), openDatabase({ url })]);
      const reports = await Promise.all([migrate(a), migrate(b)]);
      expect(reports.map((r) => r.version)).toEqual([MIGRATIONS.at(-1)!.version, MIGRATIONS.at(-1)!.version]);
      expect([...reports[0]!.applied, ...reports[1]!.applied].sort()).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await a.execute('PRAGMA journal_mode')).rows[0]!['journal_mode']).toBe('wal');
      a.close();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
