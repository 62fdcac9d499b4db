import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Every file below `root`, as paths relative to it with `/` separators, sorted. */
export async function walkFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
