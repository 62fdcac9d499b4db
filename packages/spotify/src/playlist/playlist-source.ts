import type { SkipReason, TrackSummary } from '../client/track-summary.js';
import { InvalidOptionError, NoPlaylistSource } from '../errors/input-errors.js';
import type { PlaylistReference } from './playlist-reference.js';

/** A playlist's tracks as a {@link PlaylistSource} loaded them. */
export interface LoadedPlaylist {
  /** The reference that was loaded. */
  readonly reference: PlaylistReference;
  /** The name of the source that loaded it. */
  readonly source: string;
  /** The playlist's name, when the source knows it. */
  readonly name: string | undefined;
  /** Usable tracks in playlist order (a track listed twice appears twice). */
  readonly tracks: TrackSummary[];
  /** Entries that gave no track, by 0-based position. */
  readonly skipped: { position: number; reason: SkipReason }[];
}

/** Turns a {@link PlaylistReference} into tracks. */
export interface PlaylistSource {
  /** Short name, reported in {@link LoadedPlaylist.source}. */
  readonly name: string;
  /** The reference kinds this source can load. */
  readonly kinds: readonly PlaylistReference['kind'][];
  /** Loads one playlist. Throws a {@link SpotifyError} subclass when it cannot. */
  load(reference: PlaylistReference, options?: { signal?: AbortSignal }): Promise<LoadedPlaylist>;
}

/**
 * Combines sources into one that dispatches each reference to the first source handling its
 * kind, and throws {@link NoPlaylistSource} (saying what to configure) when none does.
 *
 * @example
 * ```ts
 * const playlists = combinePlaylistSources([mpdPlaylistSource({ path }), trackListSource()]);
 * await playlists.load(parsePlaylistReference('12'));
 * ```
 */
export function combinePlaylistSources(sources: readonly PlaylistSource[]): PlaylistSource {
  if (sources.length === 0) throw new InvalidOptionError('sources', 'at least one playlist source is required');
  const list = [...sources];
  return {
    name: list.map((s) => s.name).join('+'),
    kinds: [...new Set(list.flatMap((s) => s.kinds))],
    load(reference, options) {
      const source = list.find((s) => s.kinds.includes(reference.kind));
      if (!source) return Promise.reject(new NoPlaylistSource(reference.kind, list.map((s) => s.name)));
      return source.load(reference, options);
    },
  };
}

/** Rejects a reference of a kind the source does not handle (a wiring bug, not user input). */
export function assertKind<K extends PlaylistReference['kind']>(
  source: string,
  reference: PlaylistReference,
  kind: K,
): asserts reference is Extract<PlaylistReference, { kind: K }> {
  if (reference.kind !== kind) throw new NoPlaylistSource(reference.kind, [source]);
}
