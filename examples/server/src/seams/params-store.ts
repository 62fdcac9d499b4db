import type { RequestIssue } from '../http/errors.js';

/** The outcome of validating proposed parameters. */
export type ParamsValidation<P> = { ok: true; value: P } | { ok: false; issues: RequestIssue[] };

/**
 * SEAM (wired to a YAML file validated with `@msr/core`'s `paramsFileSchema` and the pipeline's
 * genre list). The model parameters admins edit (`params.yaml`), read and written whole.
 */
export interface ParamsStore<P> {
  /** The parameters now on disk (validated). */
  read(): Promise<P>;
  /** Checks proposed parameters without writing them. */
  validate(input: unknown): ParamsValidation<P>;
  /** Validates and replaces the file atomically; throws a 400 `ValidationError` when invalid. */
  write(input: unknown): Promise<P>;
}
