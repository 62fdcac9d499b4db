import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** Options of {@link archiveSongsBase}. */
export interface ArchiveSongsBaseOptions {
  /** Where archives go. @default `archive/` beside the songs base */
  archiveDir?: string;
  /** The archive's time stamp (ms since the epoch). */
  at: number;
}

/** Where {@link archiveSongsBase} puts the archive of `basePath` taken at `at`. */
export function songsBaseArchivePath(basePath: string, options: ArchiveSongsBaseOptions): string {
  const ext = extname(basePath);
  const stamp = new Date(options.at).toISOString().replace(/[:.]/g, '-');
  return join(options.archiveDir ?? join(dirname(basePath), 'archive'), `${basename(basePath, ext)}_${stamp}${ext}`);
}

/**
 * Copies the songs base to a time-stamped archive (`archive/song_df_<ISO time>.csv`) before it
 * is replaced — by a feed or by a rebuild — so no song it held is ever lost. Copying (not
 * moving) keeps the base in place: a crash after this leaves the old base and its archive.
 */
export async function archiveSongsBase(basePath: string, options: ArchiveSongsBaseOptions): Promise<string> {
  const to = songsBaseArchivePath(basePath, options);
  await mkdir(dirname(to), { recursive: true });
  await copyFile(basePath, to);
  return to;
}
