import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { MlflowLocalStoreError } from '../../errors/mlflow-error.js';
import { writeFileAtomic } from '@msr/io/fs';

/** Reads a `meta.yaml`; `undefined` when the file does not exist. */
export async function readYaml(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (cause) {
    throw new MlflowLocalStoreError('INVALID_STATE', 'meta file is not YAML', file, { cause });
  }
  if (!data || typeof data !== 'object') throw new MlflowLocalStoreError('INVALID_STATE', 'meta file is not a mapping', file);
  return data as Record<string, unknown>;
}

/** Writes a `meta.yaml` atomically, in the style MLflow's Python file store writes. */
export async function writeYaml(file: string, data: Record<string, unknown>): Promise<void> {
  await writeFileAtomic(file, stringify(data, { lineWidth: 0 }));
}
