import { safeParse, type core, type output } from '../schema/zod-mini.js';
import { ModelFormatError } from './msr-error.js';

/**
 * Validates a serialised model (a JSON string or the parsed object) against its zod schema and
 * returns the typed value; anything else becomes a {@link ModelFormatError} naming the field.
 */
export function parseModelJson<S extends core.$ZodType>(schema: S, json: unknown, format: string): output<S> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      throw new ModelFormatError(format, '', 'is not valid JSON', { cause });
    }
  }
  // The schema's own method (zod/mini and classic zod schemas both have one): a classic
  // schema's error stays a classic ZodError, as callers' `instanceof` checks expect.
  const result = (schema as unknown as { safeParse(data: unknown): ReturnType<typeof safeParse<S>> }).safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ModelFormatError(format, formatPath(issue.path), issue.message, { cause: result.error });
  }
  return result.data;
}

/** `['trees', 'feature', 42]` → `'trees.feature[42]'`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}
