import { copyFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { LockedPath } from './lock-file.js';
import { hashJson, type StageFingerprint } from './plan.js';

/** One run-cache entry: the outputs a stage wrote for one set of inputs. */
interface RunCacheEntry {
  schema: 'msr.run-cache/1';
  stage: string;
  outs: LockedPath[];
}

/**
 * DVC's run cache: the outputs of every successful stage run, kept by content hash and indexed
 * by what the stage read (code version, config, params, dependency hashes). When a stage must run
 * for inputs it has already seen — a param set back to an earlier value — the runner restores
 * those outputs instead of running it again.
 *
 * Layout under `dir`: `runs/<key>.json` (the outputs' paths and hashes) and `objects/<sha256>`
 * (the files). Files only: a stage writing a directory is not cached.
 */
export class RunCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The cache key of a stage's inputs. */
  static key(stage: string, inputs: Pick<StageFingerprint, 'version' | 'config' | 'params' | 'deps'>): string {
    return hashJson({ stage, version: inputs.version, config: inputs.config, params: inputs.params, deps: inputs.deps });
  }

  /** Keeps the outputs just written (`files[i]` is at `outs[i].path`'s absolute form). */
  async save(key: string, stage: string, outs: readonly LockedPath[], files: readonly string[]): Promise<void> {
    for (let i = 0; i < outs.length; i++) {
      const info = await stat(files[i]!).catch(() => null);
      if (!info?.isFile() || outs[i]!.hash === null) return;
    }
    await mkdir(join(this.dir, 'objects'), { recursive: true });
    for (let i = 0; i < outs.length; i++) {
      const object = join(this.dir, 'objects', outs[i]!.hash!);
      if (await stat(object).catch(() => null)) continue;
      const temp = `${object}.${process.pid}.tmp`;
      await copyFile(files[i]!, temp);
      await rename(temp, object);
    }
    const entry: RunCacheEntry = { schema: 'msr.run-cache/1', stage, outs: [...outs] };
    await writeFileAtomic(join(this.dir, 'runs', `${key}.json`), JSON.stringify(entry));
  }

  /**
   * Puts the outputs recorded for `key` back at `files` (same order as when saved); `undefined`
   * when there is no entry or an object is gone. Each file is replaced atomically.
   */
  async restore(key: string, files: readonly string[]): Promise<LockedPath[] | undefined> {
    let entry: RunCacheEntry;
    try {
      entry = JSON.parse(await readFile(join(this.dir, 'runs', `${key}.json`), 'utf8')) as RunCacheEntry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
      throw error;
    }
    if (entry.schema !== 'msr.run-cache/1' || entry.outs.length !== files.length) return undefined;
    const objects = entry.outs.map((o) => join(this.dir, 'objects', o.hash ?? ''));
    for (const object of objects) if (!(await stat(object).catch(() => null))?.isFile()) return undefined;
    for (let i = 0; i < files.length; i++) {
      await mkdir(dirname(files[i]!), { recursive: true });
      const temp = `${files[i]!}.${process.pid}.restore.tmp`;
      try {
        await copyFile(objects[i]!, temp);
        await rename(temp, files[i]!);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    }
    return entry.outs;
  }
}
