import { z } from 'zod';
import { int64, pageToken } from './common.js';

/** An entry of an artifact listing. */
export interface FileInfo {
  /** Path relative to the listed root, with `/` separators. */
  readonly path: string;
  readonly isDir: boolean;
  /** Size in bytes; `undefined` for folders. */
  readonly fileSize: number | undefined;
}

const fileInfoSchema = z
  .object({ path: z.string(), is_dir: z.boolean().optional().default(false), file_size: int64.optional() })
  .transform((w): FileInfo => ({ path: w.path, isDir: w.is_dir, fileSize: w.is_dir ? undefined : w.file_size }));

export const listArtifactsResponse = z
  .object({ root_uri: z.string().optional(), files: z.array(fileInfoSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ rootUri: w.root_uri, items: w.files, nextPageToken: w.next_page_token }));
