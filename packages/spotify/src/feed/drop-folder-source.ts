import { readdir as nodeReaddir, readFile as nodeReadFile, stat as nodeStat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSongsCsv, type RejectedRow, type SongCsvRow } from '../csv/songs-csv.js';
import { SourceFileError } from '../errors/input-errors.js';
import type { TrackSource } from './track-source.js';

/** The file-system calls the drop folder needs; each defaults to `node:fs/promises`. */
export interface DropFolderFs {
  readdir(dir: string): Promise<string[]>;
  readFile(path: string): Promise<string>;
  stat(path: string): Promise<{ mtimeMs: number; size: number }>;
}

/** A problem with one dropped file; the other files are still used. */
export interface DropFolderIssue {
  readonly file: string;
  /** The file could not be used at all (unreadable, not CSV, no id or genre column). */
  readonly error?: SourceFileError | undefined;
  /** Rows of a usable file that were left out. */
  readonly rejected?: readonly RejectedRow[] | undefined;
}

/** Options of {@link dropFolderSource}. */
export interface DropFolderSourceOptions {
  /** The folder users drop CSV files into (songs-base or Kaggle layout, with a genre column). */
  dir: string;
  /** File-system access (for tests). */
  fs?: Partial<DropFolderFs>;
  /** Told about unusable files and rejected rows, once per file version. */
  onIssue?: (issue: DropFolderIssue) => void;
  /**
   * Source name.
   * @default 'drop-folder'
   */
  name?: string;
}

/**
 * New tracks from CSV files dropped in a folder — needs no Spotify account. Every `*.csv` (by
 * name order) is read; rows of the asked genre become candidates, with their features when the
 * file has the nine feature columns. Files are re-read only when their size or mtime changes.
 * Moving consumed files away is left to the caller; the feed skips ids already in the base.
 *
 * @example
 * ```ts
 * const source = dropFolderSource({ dir: 'data/new', onIssue: (i) => log.warn(i) });
 * ```
 */
export function dropFolderSource(options: DropFolderSourceOptions): TrackSource {
  const fs: DropFolderFs = {
    readdir: options.fs?.readdir ?? ((dir) => nodeReaddir(dir)),
    readFile: options.fs?.readFile ?? ((path) => nodeReadFile(path, 'utf8')),
    stat: options.fs?.stat ?? ((path) => nodeStat(path)),
  };
  const onIssue = options.onIssue ?? (() => {});
  const cache = new Map<string, { version: string; rows: SongCsvRow[] }>();

  async function rowsOf(file: string): Promise<SongCsvRow[]> {
    const path = join(options.dir, file);
    let version: string;
    try {
      const info = await fs.stat(path);
      version = `${info.mtimeMs}:${info.size}`;
    } catch {
      return []; // removed between readdir and stat: nothing to read
    }
    const cached = cache.get(file);
    if (cached?.version === version) return cached.rows;
    let rows: SongCsvRow[] = [];
    try {
      const csv = parseSongsCsv(await fs.readFile(path), { file: path, requireGenre: true });
      rows = csv.rows;
      if (csv.rejected.length > 0) onIssue({ file: path, rejected: csv.rejected });
    } catch (error) {
      const problem = error instanceof SourceFileError ? error : new SourceFileError(path, 'file', `cannot be read: ${(error as Error).message}`, { cause: error });
      onIssue({ file: path, error: problem });
    }
    cache.set(file, { version, rows });
    return rows;
  }

  return {
    name: options.name ?? 'drop-folder',
    async fetchTracks(genre, { limit }) {
      let files: string[];
      try {
        files = (await fs.readdir(options.dir)).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
      } catch (error) {
        throw new SourceFileError(options.dir, 'folder', `cannot be listed: ${(error as Error).message}`, { cause: error });
      }
      const out = [];
      for (const file of files) {
        for (const row of await rowsOf(file)) {
          if (row.genre !== genre) continue;
          out.push({ id: row.id, genre, name: row.name, artist: row.artist, features: row.features });
          if (out.length >= limit) return out;
        }
      }
      return out;
    },
  };
}
