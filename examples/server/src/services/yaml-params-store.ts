import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { ServerError, ValidationError } from '../http/errors.js';
import type { ParamsStore, ParamsValidation } from '../seams/params-store.js';

/**
 * `params.yaml` as the original pipeline reads it. A local copy until `@msr/core` exports
 * `paramsSchema`; phase 2 passes that schema to {@link YamlParamsStore} instead.
 */
export const modelParamsSchema = z.strictObject({
  GradientBoostingClassifier: z.strictObject({
    learning_rate: z.number().gt(0).max(1),
    max_depth: z.number().int().min(1).max(32),
    n_estimators: z.number().int().min(1).max(5_000),
  }),
  GaussianMixture: z.strictObject({
    covariance_type: z.enum(['full', 'tied', 'diag', 'spherical']),
    n_components: z.array(z.number().int().min(1).max(100)).min(1),
    random_state: z.number().int().min(0),
  }),
});

/** Model parameters (the shape of `params.yaml`). */
export type ModelParams = z.output<typeof modelParamsSchema>;

/** The original's `params.yaml`, used when the file does not exist yet. */
export const DEFAULT_MODEL_PARAMS: ModelParams = {
  GradientBoostingClassifier: { learning_rate: 0.008, max_depth: 5, n_estimators: 250 },
  GaussianMixture: { covariance_type: 'spherical', n_components: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], random_state: 42 },
};

/** The params file on disk is unreadable or invalid (a server fault: 500). */
export class ParamsFileError extends ServerError {
  override readonly name = 'ParamsFileError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_PARAMS_FILE', message, options);
  }
}

/** Options of {@link YamlParamsStore}. */
export interface YamlParamsStoreOptions<P> {
  /** Path of the YAML file. */
  path: string;
  /** Validates the file and proposed values. */
  schema: z.ZodType<P>;
  /** Returned by `read()` while the file does not exist. */
  defaults: P;
}

/**
 * A {@link ParamsStore} over a YAML file. Writes go to a temporary file beside it, then a rename,
 * so a crash never leaves a half-written `params.yaml` for the pipeline to read.
 */
export class YamlParamsStore<P> implements ParamsStore<P> {
  constructor(private readonly options: YamlParamsStoreOptions<P>) {}

  async read(): Promise<P> {
    let text: string;
    try {
      text = await readFile(this.options.path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return this.options.defaults;
      throw new ParamsFileError(`cannot read ${this.options.path}: ${(cause as Error).message}`, { cause });
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (cause) {
      throw new ParamsFileError(`${this.options.path} is not valid YAML: ${(cause as Error).message}`, { cause });
    }
    const result = this.validate(parsed);
    if (!result.ok) {
      const issue = result.issues[0]!;
      throw new ParamsFileError(`${this.options.path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return result.value;
  }

  validate(input: unknown): ParamsValidation<P> {
    const result = this.options.schema.safeParse(input);
    if (result.success) return { ok: true, value: result.data };
    return {
      ok: false,
      issues: result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    };
  }

  async write(input: unknown): Promise<P> {
    const result = this.validate(input);
    if (!result.ok) throw new ValidationError('model parameters', result.issues);
    const temp = `${this.options.path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, stringifyYaml(result.value), { encoding: 'utf8', flush: true });
      await rename(temp, this.options.path);
    } catch (cause) {
      await rm(temp, { force: true });
      throw new ParamsFileError(`cannot write ${this.options.path}: ${(cause as Error).message}`, { cause });
    }
    return result.value;
  }
}
