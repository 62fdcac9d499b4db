import { createHash, randomUUID } from 'node:crypto';
import { link, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Which experiment id holds a name in a local `mlruns` folder, shared by every process that
 * writes there. MLflow's file store picks a random id per new experiment, so two processes
 * asking for the same new name at once would each make one. A claim is a file
 * `.experiment-name-<sha256 of the name>-<generation>` holding the id; it is made with `link`,
 * which fails when the file exists, so one writer wins each generation. A later generation
 * replaces a claim whose experiment was deleted or renamed. The files are hidden and are not
 * folders, so MLflow's own listing (folders only) passes them over.
 */
export interface NameClaim {
  readonly generation: number;
  readonly id: string;
}

function prefix(name: string): string {
  return `.experiment-name-${createHash('sha256').update(name).digest('hex')}-`;
}

/** The newest claim of `name`, or `undefined` when no writer has claimed it. */
export async function readNameClaim(root: string, name: string): Promise<NameClaim | undefined> {
  const start = prefix(name);
  let newest = 0;
  for (const entry of await readdir(root)) {
    if (!entry.startsWith(start)) continue;
    const generation = Number(entry.slice(start.length));
    if (Number.isSafeInteger(generation) && generation > newest) newest = generation;
  }
  if (newest === 0) return undefined;
  return { generation: newest, id: (await readFile(join(root, `${start}${newest}`), 'utf8')).trim() };
}

/** Claims `name` for `id` as generation `generation`; `false` when another writer did first. */
export async function claimName(root: string, name: string, generation: number, id: string): Promise<boolean> {
  // Written whole beside the claim and linked into place: a reader never sees a claim file
  // without its id.
  const temp = join(root, `.claim-${randomUUID()}`);
  await writeFile(temp, `${id}\n`);
  try {
    await link(temp, join(root, `${prefix(name)}${generation}`));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}
