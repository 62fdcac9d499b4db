import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * Fills a temp file beside `file` with `fill`, then renames it over `file`, so readers never see
 * half a file; the temp file is removed when filling fails.
 */
async function replaceAtomically(file: string, fill: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fill(temp);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes `data` to `file` through a temp file and a rename. */
export function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  return replaceAtomically(file, (temp) => writeFile(temp, data));
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

/** True for the temp files of the writers above, which readers skip. */
export function isTempFile(name: string): boolean {
  return /\.[0-9a-f]{12}\.tmp$/.test(name);
}
