import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

function tempPath(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Writes `data` to `file` through a temp file and a rename, so readers never see half a file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPath(file);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Streams a web `ReadableStream` into `file` through a temp file and a rename. */
export async function writeStreamAtomic(file: string, body: ReadableStream<Uint8Array> | null): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPath(file);
  try {
    if (body === null) await writeFile(temp, '');
    else await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(temp));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Copies `source` to `file` through a temp file and a rename. */
export async function copyFileAtomic(source: string, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPath(file);
  try {
    await copyFile(source, temp);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** True for the temp files of the writers above, which readers skip. */
export function isTempFile(name: string): boolean {
  return /\.[0-9a-f]{12}\.tmp$/.test(name);
}
