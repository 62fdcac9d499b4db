import type { z } from 'zod';
import { DatasetError } from '../errors/dataset-error.js';
import { readInput } from './read-input.js';

/**
 * Reads a JSON file written by an earlier stage and checks it against `schema`; a missing file
 * or one of the wrong shape is a {@link DatasetError} naming the file.
 */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  const text = await readInput(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(path, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatasetError(path, `has the wrong shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
