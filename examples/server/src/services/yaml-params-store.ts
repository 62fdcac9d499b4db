import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { z } from 'zod';
import { ServerError, ValidationError } from '../http/errors.js';
import type { ParamsStore, ParamsValidation } from './params-store.js';

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
  /** Validates the file and proposed values ({@link zodParamsValidator} wraps a zod schema). */
  validate: (input: unknown) => ParamsValidation<P>;
  /** Returned by `read()` while the file does not exist. */
  defaults: P;
}

/** A {@link YamlParamsStoreOptions.validate} from a zod schema: its issues, with their key paths. */
export function zodParamsValidator<P>(schema: z.ZodType<P>): (input: unknown) => ParamsValidation<P> {
  return (input) => {
    const result = schema.safeParse(input);
    if (result.success) return { ok: true, value: result.data };
    return {
      ok: false,
      issues: result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    };
  };
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
    return this.options.validate(input);
  }

  async write(input: unknown): Promise<P> {
    const result = this.validate(input);
    if (!result.ok) throw new ValidationError('model parameters', result.issues);
    const temp = `${this.options.path}.${randomUUID()}.tmp`;
    try {
      await mkdir(dirname(this.options.path), { recursive: true });
      await writeFile(temp, stringifyYaml(result.value), { encoding: 'utf8', flush: true });
      await rename(temp, this.options.path);
    } catch (cause) {
      await rm(temp, { force: true });
      throw new ParamsFileError(`cannot write ${this.options.path}: ${(cause as Error).message}`, { cause });
    }
    return result.value;
  }
}
