import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Song } from '@msr/core';
import { dropFolderSource, type DropFolderSource, type DropFolderSourceOptions } from '@msr/spotify';
import { PipelineError } from '../errors/pipeline-error.js';
import type { FeedBatch, FeedSource, InvalidFeedRow } from './feed-source.js';
import { judgeSong } from './merge-songs.js';

/** Options of {@link dropFolderFeed}. */
export interface DropFolderFeedOptions extends Pick<DropFolderSourceOptions, 'onIssue'> {
  /** The folder of dropped CSV files, or an existing `@msr/spotify` drop-folder source over it. */
  folder: string | DropFolderSource;
  /**
   * New songs added per genre and run; the rest wait for the next run (the original asked
   * Spotify for 20 per genre).
   * @default 20
   */
  perGenre?: number;
}

/**
 * The feed's source over a drop folder of CSV files (songs-base or Kaggle layout, with a genre
 * column; no Spotify account). Unlike a search source it sees everything the folder holds, so it
 * takes a census: rows already in the base, of unconfigured genres, unusable (bad id, bad or no
 * features) are counted, and only then are up to `perGenre` new songs per genre taken — known
 * rows never use up the limit.
 *
 * @throws {@link PipelineError} `ERR_DROP_FOLDER_MISSING` (bad input) from `collect` when the
 * folder does not exist or is not a directory.
 *
 * @example
 * ```ts
 * await runFeed({ rootDir, source: dropFolderFeed({ folder: `${rootDir}/data/new`, perGenre: 20 }) });
 * ```
 */
export function dropFolderFeed(options: DropFolderFeedOptions): FeedSource {
  const perGenre = options.perGenre ?? 20;
  if (!Number.isInteger(perGenre) || perGenre < 1) throw new PipelineError('ERR_INVALID_ARGUMENT', `options.perGenre: must be a whole number ≥ 1, got ${perGenre}`, { badInput: true });
  const folder = typeof options.folder === 'string' ? dropFolderSource({ dir: options.folder, ...(options.onIssue ? { onIssue: options.onIssue } : {}) }) : options.folder;
  return {
    collect: async (request): Promise<FeedBatch> => {
      const isDir = await stat(folder.dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!isDir) {
        throw new PipelineError('ERR_DROP_FOLDER_MISSING', `the drop folder ${folder.dir} does not exist or is not a folder; create it and drop CSV files of new songs in it, or pass another one (msr feed --drop-folder <dir>)`, { badInput: true });
      }
      const scan = await folder.scan();
      const seen = new Set(request.knownUris);
      const genres = new Set(request.genres);
      const taken = new Map<string, number>();
      const songs: Song[] = [];
      const invalid: InvalidFeedRow[] = scan.rejected.map((r) => ({ uri: `${basename(r.file)}:${r.line}`, reason: r.reason, file: basename(r.file), line: r.line, column: r.column, code: 'invalid_row' }));
      const dropped = { duplicates: 0, otherGenres: 0, invalid };
      let deferred = 0;
      for (const row of scan.rows) {
        if (!row.features) {
          dropped.invalid.push({ uri: row.id, reason: 'no audio features (the file has no feature columns)', file: basename(row.file), line: row.line, code: 'missing_value' });
          continue;
        }
        const genre = row.genre ?? '';
        // Judged before the limit applies: a held-back song joins `seen` like a taken one, so a
        // second copy of it in the folder is a duplicate, not a second song waiting (`deferred`
        // counts new, valid songs only).
        const verdict = judgeSong({ uri: row.id, genre, ...row.features }, seen, genres);
        if (verdict.kind === 'new') {
          const count = taken.get(genre) ?? 0;
          if (count >= perGenre) deferred++;
          else {
            songs.push(verdict.song);
            taken.set(genre, count + 1);
          }
        } else if (verdict.kind === 'duplicate') dropped.duplicates++;
        else if (verdict.kind === 'other-genre') dropped.otherGenres++;
        else dropped.invalid.push({ uri: row.id, reason: verdict.reason, file: basename(row.file), line: row.line, column: verdict.column, code: verdict.code });
      }
      return { songs, fetched: scan.rows.length + scan.rejected.length, dropped, deferred };
    },
  };
}
