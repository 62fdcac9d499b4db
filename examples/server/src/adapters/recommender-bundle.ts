import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RecommenderModel } from '@msr/core';

/** Where the pipeline writes the served bundle under its root (its `model_assembly` stage). */
export function bundlePathOf(pipelineRoot: string): string {
  return join(pipelineRoot, 'models_best', 'recommender.json');
}

/** The version the server shows for a bundle: the first 16 hex digits of its file's SHA-256. */
export function bundleVersionOf(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** A bundle read from disk. */
export interface LoadedBundle {
  model: RecommenderModel;
  /** See {@link bundleVersionOf}: the same file always gets the same version. */
  version: string;
  path: string;
}

/**
 * Reads and validates a `RecommenderModel` bundle (`@msr/core` `fromJSON` refuses damaged or
 * newer bundles with the path of the first bad field).
 */
export async function loadBundle(path: string): Promise<LoadedBundle> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${path} is not JSON: ${(cause as Error).message}`, { cause });
  }
  return { model: RecommenderModel.fromJSON(json), version: bundleVersionOf(text), path };
}
