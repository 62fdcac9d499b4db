import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProgressUpdate } from '../dag/stage-definition.js';
import { DownloadError } from '../errors/download-error.js';
import { tempPathFor } from './atomic-write.js';

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** What to fetch. */
  url: string;
  /** Where the file goes; replaced only when the download is complete and checked. */
  destination: string;
  /** The fetch implementation. */
  fetch: typeof globalThis.fetch;
  /** Expected size in bytes. */
  expectedSize?: number;
  /** Expected SHA-256, hex. */
  expectedSha256?: string;
  /** Cancels the download. */
  signal?: AbortSignal;
  /** Progress in bytes (`phase: 'download'`), at most once per `progressEveryBytes`. */
  onProgress?: (update: ProgressUpdate) => void;
  /** @default 1048576 */
  progressEveryBytes?: number;
}

/** What was downloaded. */
export interface DownloadFileResult {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams `url` to a temporary file beside `destination`, hashing as it goes, and renames it
 * into place only when the body is complete (as long as `Content-Length` said), and the size
 * and checksum match what was expected. On any failure the temporary file is removed and a
 * previous `destination` is left untouched.
 *
 * @throws {@link DownloadError} naming the URL: HTTP status, connection lost after N bytes,
 * size or checksum mismatch.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadFileResult> {
  const { url, destination } = options;
  const every = options.progressEveryBytes ?? 1 << 20;
  let response: Response;
  try {
    response = await options.fetch(url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    throw new DownloadError(url, `request failed: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`.trim(), { code: 'ERR_DOWNLOAD_HTTP' });
  }
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(announced) ? announced : options.expectedSize;
  await mkdir(dirname(destination), { recursive: true });
  const temp = tempPathFor(destination);
  const hash = createHash('sha256');
  let bytes = 0;
  let reported = 0;
  const handle = await open(temp, 'w');
  let closed = false;
  try {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        hash.update(value);
        await handle.write(value);
        bytes += value.byteLength;
        if (bytes - reported >= every) {
          reported = bytes;
          options.onProgress?.({ phase: 'download', done: bytes, ...(total === undefined ? {} : { total }), unit: 'bytes' });
        }
      }
    } catch (error) {
      throw new DownloadError(url, `connection lost after ${bytes}${total === undefined ? '' : ` of ${total}`} bytes: ${(error as Error).message}`, { cause: error, code: 'ERR_DOWNLOAD_INCOMPLETE' });
    }
    if (Number.isFinite(announced) && bytes !== announced) {
      throw new DownloadError(url, `received ${bytes} bytes but Content-Length announced ${announced}`, { code: 'ERR_DOWNLOAD_INCOMPLETE' });
    }
    if (options.expectedSize !== undefined && bytes !== options.expectedSize) {
      throw new DownloadError(url, `size is ${bytes} bytes, expected ${options.expectedSize}`, { code: 'ERR_DOWNLOAD_SIZE' });
    }
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256.toLowerCase()) {
      throw new DownloadError(url, `SHA-256 is ${sha256}, expected ${options.expectedSha256}`, { code: 'ERR_DOWNLOAD_CHECKSUM' });
    }
    await handle.sync();
    closed = true;
    await handle.close();
    await rename(temp, destination);
    options.onProgress?.({ phase: 'download', done: bytes, total: bytes, unit: 'bytes' });
    return { path: destination, bytes, sha256 };
  } catch (error) {
    if (!closed) await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
}
