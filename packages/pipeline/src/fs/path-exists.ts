import { access } from 'node:fs/promises';

/** Whether `path` exists; errors other than "not found" (permissions, I/O) are thrown. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
