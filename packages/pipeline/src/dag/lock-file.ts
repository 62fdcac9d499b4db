import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.js';

/** A file or directory and its content hash at the stage's last successful run. */
export interface LockedPath {
  path: string;
  /** SHA-256 hex, or `null` when it did not exist. */
  hash: string | null;
}

/** What a stage looked like at its last successful run. */
export interface LockedStage {
  version: string;
  deps: LockedPath[];
  params: Record<string, unknown>;
  /** SHA-256 of the stage's `config` as JSON. */
  config: string;
  outs: LockedPath[];
  /** When it finished (ms since the epoch). */
  at: number;
}

/** The lock file (`msr.lock`, the `dvc.lock` of msr). */
export interface LockFileContent {
  schema: 'msr.lock/1';
  stages: Record<string, LockedStage>;
}

/**
 * Reads the lock file. A missing file is an empty lock; so is an unreadable one (its stages
 * simply re-run), and `onCorrupt` is told why.
 */
export async function readLockFile(path: string, onCorrupt: (reason: string) => void = () => {}): Promise<LockFileContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schema: 'msr.lock/1', stages: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockFileContent>;
    if (parsed.schema !== 'msr.lock/1' || typeof parsed.stages !== 'object' || parsed.stages === null) throw new Error('not an msr.lock/1 file');
    return { schema: 'msr.lock/1', stages: parsed.stages };
  } catch (error) {
    onCorrupt(`${path} is unreadable (${(error as Error).message}); every stage will re-run`);
    return { schema: 'msr.lock/1', stages: {} };
  }
}

/** Writes the lock file atomically, stages sorted by name so diffs stay small. */
export async function writeLockFile(path: string, content: LockFileContent): Promise<void> {
  const stages = Object.fromEntries(Object.entries(content.stages).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFileAtomic(path, `${JSON.stringify({ schema: content.schema, stages }, null, 2)}\n`);
}
