import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tracker } from './tracker.js';

/**
 * Logs one model file as the run's model: copies it alone into a scratch folder under
 * `scratchRoot` (the store logs whole folders), logs that, and removes the scratch folder.
 */
export async function logModelFile(
  tracker: Tracker,
  runId: string,
  file: string,
  options: { scratchRoot: string; name?: string; flavor: Record<string, unknown>; params?: Record<string, string> },
): Promise<{ modelUri: string; modelId: string | undefined }> {
  const dir = join(options.scratchRoot, `.log-model-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  try {
    await copyFile(file, join(dir, 'model.json'));
    const ref = await tracker.logModel(runId, { dir, name: options.name ?? 'model', flavor: { bundle: 'model.json', ...options.flavor }, ...(options.params ? { params: options.params } : {}) });
    return { modelUri: ref.modelUri, modelId: ref.modelId };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
