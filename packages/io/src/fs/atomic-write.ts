import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** A temporary name beside `path` (hidden, with the pid), so the final rename stays on one file system. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * True for a temp file of the writers below (a name or a path), which directory readers skip:
 * also the names the MLflow local store's writers used before (`<file>.<12 hex>.tmp`), which a
 * process that died midway may have left behind.
 */
export function isTempFile(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(basename(name)) || /\.[0-9a-f]{12}\.tmp$/.test(name);
}

/**
 * Fills a temp file beside `file` with `fill`, then renames it over `file`: a reader sees the
 * old content or the new, never half of it, even if the process dies midway. Creates missing
 * parent directories; removes the temp file when filling fails.
 */
async function replaceAtomically(file: string, fill: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  try {
    await fill(temp);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * Permission bits of the new file, set when the temp file is created (before any byte is
   * written), e.g. `0o600` for a secret. @default 0o666 less the process umask
   */
  mode?: number;
}

/**
 * Writes `data` to `path` through a temp file that is flushed to disk (fsync) before the
 * rename, so a crash right after cannot leave an empty file under the final name.
 *
 * @example
 * ```ts
 * await writeFileAtomic('data/raw/song_df.csv', csvText);
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  return replaceAtomically(path, async (temp) => {
    const handle = await open(temp, 'w', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Streams a web `ReadableStream` into `file` through a temp file and a rename. */
export function writeStreamAtomic(file: string, body: ReadableStream<Uint8Array> | null): Promise<void> {
  return replaceAtomically(file, (temp) =>
    body === null ? writeFile(temp, '') : pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(temp)),
  );
}

/** Copies `source` to `file` through a temp file and a rename. */
export function copyFileAtomic(source: string, file: string): Promise<void> {
  return replaceAtomically(file, (temp) => copyFile(source, temp));
}
