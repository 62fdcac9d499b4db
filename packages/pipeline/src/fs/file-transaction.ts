import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './atomic-write.js';

/**
 * The outputs of one stage, written all or nothing: each `write` goes to a temporary file
 * beside its target, and only `commit` renames them into place. If the stage fails (or the
 * process dies) before `commit`, every previous output is left as it was.
 *
 * @example
 * ```ts
 * const tx = new FileTransaction();
 * await tx.write(xTrainPath, xTrainCsv);
 * await tx.write(yTrainPath, yTrainCsv);
 * await tx.commit(); // or tx.abort() in a catch
 * ```
 */
export class FileTransaction {
  readonly #staged = new Map<string, string>();

  /** Stages `data` for `path` (replacing anything staged for it before). */
  async write(path: string, data: string | Uint8Array): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temp = tempPathFor(path);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    const previous = this.#staged.get(path);
    if (previous !== undefined) await rm(previous, { force: true });
    this.#staged.set(path, temp);
  }

  /** The temporary file holding what was staged for `path` (to read it back before commit). */
  stagedPath(path: string): string | undefined {
    return this.#staged.get(path);
  }

  /** The paths staged so far. */
  get paths(): string[] {
    return [...this.#staged.keys()];
  }

  /** Renames every staged file into place. */
  async commit(): Promise<void> {
    for (const [path, temp] of this.#staged) await rename(temp, path);
    this.#staged.clear();
  }

  /** Deletes every staged file; the targets are untouched. */
  async abort(): Promise<void> {
    await Promise.all([...this.#staged.values()].map((temp) => rm(temp, { force: true })));
    this.#staged.clear();
  }

  /**
   * Runs `body` with a fresh transaction, commits it when `body` resolves and aborts it when
   * it throws.
   */
  static async run<T>(body: (tx: FileTransaction) => Promise<T>): Promise<T> {
    const tx = new FileTransaction();
    try {
      const result = await body(tx);
      await tx.commit();
      return result;
    } catch (error) {
      await tx.abort();
      throw error;
    }
  }
}
