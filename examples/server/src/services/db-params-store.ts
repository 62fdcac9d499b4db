import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ValidationError } from '../http/errors.js';
import type { ParamsChange, ParamsStore, ParamsValidation, ParamsVersion } from './params-store.js';

/** Options of {@link DbParamsStore}. */
export interface DbParamsStoreOptions<P> {
  db: Database;
  clock: Clock;
  /** Checks proposed values (the pipeline's own validation). */
  validate: (input: unknown) => ParamsValidation<P>;
  /** Where the first version comes from when the table is empty (this instance's `params.yaml`). */
  seed: () => Promise<P>;
  /** Writes the parameters a job runs with where the pipeline reads them (this instance's `params.yaml`). */
  materialise: (params: P) => Promise<unknown>;
}

/**
 * The model parameters in the database, one row per version (who, when, which keys changed), so
 * every server instance on the database reads the same and the next retrain uses the latest,
 * whichever instance starts it. Each instance's `params.yaml` is only where the pipeline reads
 * them: a job writes its version there before it starts (`materialise`).
 */
export class DbParamsStore<P> implements ParamsStore<P> {
  constructor(private readonly options: DbParamsStoreOptions<P>) {}

  async read(): Promise<P> {
    return (await this.current()).params;
  }

  /** The latest version; the first call on an empty table records this instance's file as version 1. */
  async current(): Promise<{ version: number; params: P }> {
    const latest = await this.latest();
    if (latest) return latest;
    const seed = await this.options.seed();
    await this.options.db.execute({
      sql: `INSERT INTO params_versions (params, created_at, created_by, changes) SELECT ?, ?, 'import', '[]' WHERE NOT EXISTS (SELECT 1 FROM params_versions)`,
      args: [JSON.stringify(seed), this.options.clock.now()],
    });
    return (await this.latest())!;
  }

  validate(input: unknown): ParamsValidation<P> {
    return this.options.validate(input);
  }

  async write(input: unknown, meta: { by?: string } = {}): Promise<P> {
    const result = this.validate(input);
    if (!result.ok) throw new ValidationError('model parameters', result.issues);
    const before = await this.current();
    const changes = diff(before.params, result.value);
    await this.options.db.execute({
      sql: 'INSERT INTO params_versions (params, created_at, created_by, changes) VALUES (?, ?, ?, ?)',
      args: [JSON.stringify(result.value), this.options.clock.now(), meta.by ?? null, JSON.stringify(changes)],
    });
    // This instance's file follows at once; the others' when their next job starts.
    await this.options.materialise(result.value);
    return result.value;
  }

  async history(limit = 20): Promise<ParamsVersion[]> {
    await this.current();
    const rows = await this.options.db.execute({ sql: 'SELECT version, created_at, created_by, changes FROM params_versions ORDER BY version DESC LIMIT ?', args: [limit] });
    return rows.rows.map((r) => ({
      version: Number(r['version']),
      createdAt: Number(r['created_at']),
      ...(r['created_by'] === null ? {} : { createdBy: String(r['created_by']) }),
      changes: JSON.parse(String(r['changes'])) as ParamsChange[],
    }));
  }

  /** Writes `params` where this instance's pipeline reads them (before a job starts). */
  async materialise(params: P): Promise<void> {
    await this.options.materialise(params);
  }

  private async latest(): Promise<{ version: number; params: P } | undefined> {
    const rows = await this.options.db.execute('SELECT version, params FROM params_versions ORDER BY version DESC LIMIT 1');
    const row = rows.rows[0];
    return row ? { version: Number(row['version']), params: JSON.parse(String(row['params'])) as P } : undefined;
  }
}

/** The leaves that differ between two parameter objects, by dotted key. */
function diff(before: unknown, after: unknown, prefix = ''): ParamsChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diff(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ key: prefix, ...(before === undefined ? {} : { from: before }), ...(after === undefined ? {} : { to: after }) }];
}
