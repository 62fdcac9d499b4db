import { readFile as nodeReadFile } from 'node:fs/promises';
import { playlistFileSchema, type PlaylistFile } from '@msr/core';
import type { SkipReason, TrackSummary } from '../client/track-summary.js';
import { InvalidPlaylistReference, SourceFileError } from '../errors/input-errors.js';
import { isSpotifyId } from '../ids/spotify-id.js';
import { assertKind, type PlaylistSource } from './playlist-source.js';

/** Options of {@link mpdPlaylistSource}: a file to read, or data already parsed. */
export type MpdPlaylistSourceOptions = (
  | {
      /** Path of an MPD-format `playlists.json`. */
      path: string;
      /**
       * Reads the file.
       * @default node:fs/promises readFile (utf8)
       */
      readFile?: (path: string) => Promise<string>;
    }
  | { /** The file's content, already parsed. */ data: unknown; /** Used in error messages. */ label?: string }
) & {
  /**
   * Source name.
   * @default 'mpd'
   */
  name?: string;
};

/** An MPD playlist source also tells how many playlists the file holds (the N of `1..N`). */
export interface MpdPlaylistSource extends PlaylistSource {
  /** Number of playlists in the file (reads it on first call). */
  count(): Promise<number>;
}

/**
 * Loads `mpd-index` references from a local Million-Playlist-Dataset-format file (validated
 * with `playlistFileSchema` of `@msr/core`), as the original app did: index `n` (1-based) is the file's `n`-th playlist. (The original read the
 * tracks of `playlists[n-1]`; this keeps that.) The file is read and validated once.
 *
 * @example
 * ```ts
 * const mpd = mpdPlaylistSource({ path: 'data/raw/playlists.json' });
 * const ref = parsePlaylistReference('12', { maxIndex: await mpd.count() });
 * const playlist = await mpd.load(ref);
 * ```
 */
export function mpdPlaylistSource(options: MpdPlaylistSourceOptions): MpdPlaylistSource {
  const name = options.name ?? 'mpd';
  const label = 'path' in options ? options.path : (options.label ?? 'MPD data');
  let loaded: Promise<PlaylistFile> | undefined;

  const parse = (raw: unknown): PlaylistFile => {
    const parsed = playlistFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SourceFileError(label, issue.path.length > 0 ? jsonPath(issue.path) : '(root)', issue.message);
    }
    return parsed.data;
  };
  const load = async (): Promise<PlaylistFile> => {
    if (!('path' in options)) return parse(options.data);
    const read = options.readFile ?? ((p: string) => nodeReadFile(p, 'utf8'));
    let text: string;
    try {
      text = await read(options.path);
    } catch (error) {
      throw new SourceFileError(options.path, 'file', `cannot be read: ${(error as Error).message}`, { cause: error });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SourceFileError(options.path, 'file', `not JSON: ${(error as Error).message}`, { cause: error });
    }
    return parse(raw);
  };
  const file = (): Promise<PlaylistFile> => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined; // a later call may retry (the file may have been fixed)
      throw error;
    });
    return loaded;
  };

  return {
    name,
    kinds: ['mpd-index'],
    count: async () => (await file()).playlists.length,
    async load(reference) {
      assertKind(name, reference, 'mpd-index');
      const { playlists } = await file();
      const playlist = playlists[reference.index - 1];
      if (!playlist) {
        throw new InvalidPlaylistReference(String(reference.index), `${label} has ${playlists.length} playlists, so the index must be 1..${playlists.length}`);
      }
      const tracks: TrackSummary[] = [];
      const skipped: { position: number; reason: SkipReason }[] = [];
      playlist.tracks.forEach((track, position) => {
        const id = track.track_uri.replace(/^spotify:track:/, '');
        if (isSpotifyId(id)) tracks.push({ id, name: track.track_name, artist: track.artist_name });
        else skipped.push({ position, reason: track.track_uri.startsWith('spotify:local:') ? 'local-file' : 'invalid-id' });
      });
      return { reference, source: name, name: playlist.name, tracks, skipped };
    },
  };
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
