import { parseCsv } from '../csv/parse-csv.js';
import { songsFromTable } from '../songs/songs-base.js';
import { readInput } from '../util/read-input.js';
import type { FeedSource } from './feed-source.js';

/**
 * A {@link FeedSource} reading new songs from CSV files in the songs-base format (`uri`, `genre`
 * and the nine features; other columns ignored) — songs exported elsewhere, or collected by a
 * job that has Spotify access. Songs already in the base are dropped by the merge.
 *
 * @example
 * ```ts
 * await runFeed({ rootDir, source: csvFeedSource(['/incoming/2026-01-01.csv']) });
 * ```
 */
export function csvFeedSource(files: readonly string[]): FeedSource {
  return {
    collect: async () => {
      const songs = [];
      for (const file of files) songs.push(...songsFromTable(parseCsv(await readInput(file), { file }), file));
      return { songs, fetched: songs.length };
    },
  };
}
