import { readFile } from 'node:fs/promises';
import { DatasetError } from '../errors/dataset-error.js';

/**
 * Reads a file an earlier stage wrote; a missing one is a {@link DatasetError} (`code`,
 * `message`) rather than a bare ENOENT, so the user learns which stage to run.
 */
export async function readInput(path: string, missing: { code?: string; message?: string } = {}): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetError(path, missing.message ?? 'does not exist; run the stage that writes it first', { code: missing.code ?? 'ERR_MISSING_INPUT' });
    throw error;
  }
}
