import type { RequestIssue } from '../http/errors.js';

/** The outcome of validating proposed parameters. */
export type ParamsValidation<P> = { ok: true; value: P } | { ok: false; issues: RequestIssue[] };

/**
 * SEAM (phase 2: `@msr/core` `paramsSchema` replaces the local {@link modelParamsSchema}).
 * The model parameters admins edit (`params.yaml`), read and written whole.
 */
export interface ParamsStore<P> {
  /** The parameters now on disk (validated). */
  read(): Promise<P>;
  /** Checks proposed parameters without writing them. */
  validate(input: unknown): ParamsValidation<P>;
  /** Validates and replaces the file atomically; throws a 400 `ValidationError` when invalid. */
  write(input: unknown): Promise<P>;
}
