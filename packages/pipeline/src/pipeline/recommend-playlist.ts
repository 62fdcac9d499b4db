import { recommend, RecommenderModel, type RecommendOptions, type RecommendResult } from '@msr/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { combinePlaylistSources, csvFeaturesProvider, mpdPlaylistSource, NoPlaylistSource, resolvePlaylist, trackListSource, type PlaylistSource, type ResolvedPlaylist } from '@msr/spotify';
import { PipelineError } from '../errors/pipeline-error.js';
import { ConfigurationManager, type ConfigurationManagerOptions } from '../config/configuration-manager.js';
import { readJsonFile } from '../util/read-json.js';
import { z } from 'zod';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';
import { modelAssemblyStage } from '../stages/model-assembly-stage.js';

/** Options of {@link recommendPlaylist}. */
export interface RecommendPlaylistOptions extends Omit<ConfigurationManagerOptions, 'createDirectories'>, Pick<RecommendOptions, 'count' | 'strategy'> {
  /** What the user typed: an index 1–N into the MPD file, track ids, or a Spotify playlist (with `playlistSources`). */
  playlist: string;
  /**
   * The MPD-format playlists file for index references.
   * @default `<songs base dir>/playlists.json` (the original's `data/raw/playlists.json`) when it exists
   */
  playlistsPath?: string;
  /** Extra playlist sources (e.g. `@msr/spotify`'s Spotify source with a user token), tried first. */
  playlistSources?: readonly PlaylistSource[];
  /** The served bundle. @default the assembly stage's `models_best/recommender.json` */
  bundlePath?: string;
}

/** What {@link recommendPlaylist} answers. */
export interface RecommendPlaylistResult extends RecommendResult {
  /** The resolved playlist: its tracks with features, and those without. */
  resolved: ResolvedPlaylist;
  /** The bundle used. */
  bundlePath: string;
}

/**
 * Recommends songs like a playlist with the pipeline's served bundle: resolves the reference
 * (`@msr/spotify`), looks the tracks' features up in the songs base, and calls `@msr/core`'s
 * `recommend()`.
 *
 * @example
 * ```ts
 * const { genre, recommendations } = await recommendPlaylist({ rootDir, playlist: '12', count: 10 });
 * ```
 */
export async function recommendPlaylist(options: RecommendPlaylistOptions): Promise<RecommendPlaylistResult> {
  const manager = await ConfigurationManager.load({ ...options, createDirectories: false });
  const songsBase = manager.config(dataIngestionStage).songsBasePath;
  const bundlePath = options.bundlePath ?? manager.config(modelAssemblyStage).bundlePath;
  const model = RecommenderModel.fromJSON(await readJsonFile(bundlePath, z.unknown()));
  const playlistsPath = options.playlistsPath ?? join(manager.config(dataIngestionStage).unzipDir, 'playlists.json');
  const sources: PlaylistSource[] = [...(options.playlistSources ?? [])];
  if (options.playlistsPath !== undefined || existsSync(playlistsPath)) sources.push(mpdPlaylistSource({ path: playlistsPath }));
  sources.push(trackListSource());
  let resolved: ResolvedPlaylist;
  try {
    resolved = await resolvePlaylist(options.playlist, { playlists: combinePlaylistSources(sources), features: csvFeaturesProvider({ path: songsBase }) });
  } catch (error) {
    // An index needs the MPD playlists file; say where it was looked for and how to give one.
    if (error instanceof NoPlaylistSource && error.kind === 'mpd-index') {
      throw new PipelineError(
        'ERR_NO_PLAYLISTS_FILE',
        `playlist ${JSON.stringify(options.playlist)} is an index into an MPD playlists file, and there is none at ${playlistsPath}; pass the file (msr recommend --playlists <file>, or the playlistsPath option) or give track ids instead`,
        { badInput: true, cause: error },
      );
    }
    throw error;
  }
  const tracks = [...resolved.tracks.map((t) => ({ uri: t.id, features: t.features })), ...resolved.missing.map((t) => ({ uri: t.id, features: null }))];
  const result = recommend(tracks, model, { ...(options.count !== undefined ? { count: options.count } : {}), ...(options.strategy ? { strategy: options.strategy } : {}) });
  return { ...result, resolved, bundlePath };
}
