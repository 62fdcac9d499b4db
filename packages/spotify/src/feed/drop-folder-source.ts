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

/** Everything in a drop folder: the usable rows of every CSV, by file name order. */
export interface DropFolderScan {
  readonly rows: readonly DropFolderRow[];
  /** Rows of usable files that were left out (no id, bad genre…), with their file. */
  readonly rejected: readonly (RejectedRow & { readonly file: string })[];
  /** Files that could not be used at all. */
  readonly unusable: readonly SourceFileError[];
}

/** A usable row of a dropped file. */
export interface DropFolderRow extends SongCsvRow {
  /** The file it came from. */
  readonly file: string;
}

/** A {@link TrackSource} over a drop folder that can also list everything the folder holds. */
export interface DropFolderSource extends TrackSource {
  /** The folder. */
  readonly dir: string;
  /**
   * Every usable row of every dropped file (re-read only when changed).
   * @throws {@link SourceFileError} (location `folder`) when the folder cannot be listed.
   */
  scan(): Promise<DropFolderScan>;
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
export function dropFolderSource(options: DropFolderSourceOptions): DropFolderSource {
  const fs: DropFolderFs = {
    readdir: options.fs?.readdir ?? ((dir) => nodeReaddir(dir)),
    readFile: options.fs?.readFile ?? ((path) => nodeReadFile(path, 'utf8')),
    stat: options.fs?.stat ?? ((path) => nodeStat(path)),
  };
  const onIssue = options.onIssue ?? (() => {});
  const cache = new Map<string, { version: string; rows: SongCsvRow[]; rejected: readonly RejectedRow[]; error?: SourceFileError }>();

  async function read(file: string): Promise<{ rows: SongCsvRow[]; rejected: readonly RejectedRow[]; error?: SourceFileError }> {
    const path = join(options.dir, file);
    let version: string;
    try {
      const info = await fs.stat(path);
      version = `${info.mtimeMs}:${info.size}`;
    } catch {
      return { rows: [], rejected: [] }; // removed between readdir and stat: nothing to read
    }
    const cached = cache.get(file);
    if (cached?.version === version) return cached;
    let entry: { version: string; rows: SongCsvRow[]; rejected: readonly RejectedRow[]; error?: SourceFileError } = { version, rows: [], rejected: [] };
    try {
      const csv = parseSongsCsv(await fs.readFile(path), { file: path, requireGenre: true });
      entry = { version, rows: csv.rows, rejected: csv.rejected };
      if (csv.rejected.length > 0) onIssue({ file: path, rejected: csv.rejected });
    } catch (error) {
      const problem = error instanceof SourceFileError ? error : new SourceFileError(path, 'file', `cannot be read: ${(error as Error).message}`, { cause: error });
      entry.error = problem;
      onIssue({ file: path, error: problem });
    }
    cache.set(file, entry);
    return entry;
  }

  async function files(): Promise<string[]> {
    try {
      return (await fs.readdir(options.dir)).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
    } catch (error) {
      throw new SourceFileError(options.dir, 'folder', `cannot be listed: ${(error as Error).message}`, { cause: error });
    }
  }

  return {
    name: options.name ?? 'drop-folder',
    dir: options.dir,
    async scan() {
      const rows: DropFolderRow[] = [];
      const rejected: (RejectedRow & { file: string })[] = [];
      const unusable: SourceFileError[] = [];
      for (const file of await files()) {
        const path = join(options.dir, file);
        const got = await read(file);
        for (const row of got.rows) rows.push({ ...row, file: path });
        for (const row of got.rejected) rejected.push({ ...row, file: path });
        if (got.error) unusable.push(got.error);
      }
      return { rows, rejected, unusable };
    },
    async fetchTracks(genre, { limit, exclude }) {
      const out = [];
      for (const file of await files()) {
        for (const row of (await read(file)).rows) {
          // Known ids are skipped before the limit counts, or a folder starting with `limit`
          // known songs of a genre would never yield its new ones (issue 12).
          if (row.genre !== genre || exclude?.has(row.id)) continue;
          out.push({ id: row.id, genre, name: row.name, artist: row.artist, features: row.features });
          if (out.length >= limit) return out;
        }
      }
      return out;
    },
  };
}
