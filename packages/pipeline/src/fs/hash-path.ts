import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The SHA-256 of a file's content, or of a directory's sorted listing of relative paths and
 * file hashes (hidden temp files ignored), as hex; `null` when nothing is there.
 */
export async function hashPath(path: string): Promise<string | null> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!info.isDirectory()) return createHash('sha256').update(await readFile(path)).digest('hex');
  const hash = createHash('sha256');
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.endsWith('.tmp')).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const rel = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${rel}/`);
      else hash.update(`${rel}\0${createHash('sha256').update(await readFile(join(dir, entry.name))).digest('hex')}\n`);
    }
  };
  await walk(path, '');
  return hash.digest('hex');
}
