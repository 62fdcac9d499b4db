import type { RequestIssue } from '../http/errors.js';

/** The outcome of validating proposed parameters. */
export type ParamsValidation<P> = { ok: true; value: P } | { ok: false; issues: RequestIssue[] };

/** One key that changed between two versions of the parameters. */
export interface ParamsChange {
  /** Dotted key: `GradientBoostingClassifier.n_estimators`. */
  key: string;
  from?: unknown;
  to?: unknown;
}

/** One saved version of the parameters. */
export interface ParamsVersion {
  version: number;
  createdAt: number;
  /** The admin who saved it; `import` for the first version (taken from `params.yaml`). */
  createdBy?: string;
  changes: ParamsChange[];
}

/**
 * The model parameters admins edit, read and written whole: `DbParamsStore` (versions in the
 * database, every instance reads the same) over `YamlParamsStore` (the `params.yaml` a
 * pipeline reads, validated as the pipeline validates it).
 */
export interface ParamsStore<P> {
  /** The parameters now on disk (validated). */
  read(): Promise<P>;
  /** Checks proposed parameters without writing them. */
  validate(input: unknown): ParamsValidation<P>;
  /** Validates and saves them; throws a `ValidationError` when invalid. `by` is who saved them. */
  write(input: unknown, meta?: { by?: string }): Promise<P>;
  /** The latest version and its parameters, for stores that keep versions. */
  current?(): Promise<{ version: number; params: P }>;
  /** Saved versions, most recent first, for stores that keep them. */
  history?(limit?: number): Promise<ParamsVersion[]>;
}

/** The parameters a job starts with, and their version when the store keeps versions. */
export async function paramsForJob<P>(store: ParamsStore<P>): Promise<{ params: P; paramsVersion?: number }> {
  if (!store.current) return { params: await store.read() };
  const { version, params } = await store.current();
  return { params, paramsVersion: version };
}
