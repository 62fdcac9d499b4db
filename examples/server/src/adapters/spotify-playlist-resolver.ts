import { existsSync } from 'node:fs';
import {
  combinePlaylistSources,
  createFeaturesChain,
  InvalidPlaylistReference,
  mpdPlaylistSource,
  NoPlaylistSource,
  PlaylistAccessDenied,
  PlaylistNotFound,
  resolvePlaylist,
  SourceFileError,
  RateLimitedError,
  SpotifyError,
  spotifyPlaylistSource,
  trackListSource,
  type AudioFeaturesProvider,
  type PlaylistSource,
  type SpotifyClient,
} from '@msr/spotify';
import { ServerError } from '../http/errors.js';
import type { AudioFeatures } from '@msr/core';
import type { PlaylistReference } from '@msr/spotify';

/**
 * Which playlist to recommend for: `@msr/spotify`'s `PlaylistReference` — a Spotify playlist id,
 * a 1-based index into the configured `playlists.json` (Million Playlist Dataset format), or a
 * list of track ids.
 */
export type { PlaylistReference };

/**
 * What a person may type: a {@link PlaylistReference}, or a bare 22-character id, which Spotify
 * uses for tracks and playlists alike — the resolver decides which by what it knows
 * ({@link SpotifyPlaylistResolver.resolve}).
 */
export type PlaylistInput = PlaylistReference | { kind: 'bare-id'; id: string };

/**
 * How a bare id was read: `catalog-track` — a song of the songs base; `playlist` — a Spotify
 * playlist; `track` — no playlist had that id, and a features provider knew it as a track.
 */
export type BareIdReading = 'catalog-track' | 'playlist' | 'track';

/** One track of a resolved playlist, with the nine audio features the models read. */
export interface PlaylistTrack {
  uri: string;
  name?: string;
  artist?: string;
  features: AudioFeatures;
}

/** A playlist turned into tracks with features; tracks without features are listed apart. */
export interface ResolvedPlaylist {
  ref: PlaylistReference;
  name?: string;
  tracks: PlaylistTrack[];
  /** Uris whose features could not be found; they take no part in the recommendation. */
  unknownUris: string[];
  /** Set when the input was a bare id: which reading was taken (`ref` is that reading). */
  readAs?: { id: string; as: BareIdReading };
}

/** Why a playlist could not be resolved; each kind is a code (`ERR_PLAYLIST_NOT_FOUND`…) with its own status in `http/status-by-code.ts`. */
export type PlaylistResolutionFailure =
  /** The playlist does not exist (unknown Spotify id, index out of range). */
  | 'not-found'
  /** It exists but none of its tracks have features in the catalog. */
  | 'no-known-tracks'
  /** The source refused to list it (a Spotify playlist the configured token may not read). */
  | 'access-denied'
  /** The reference cannot be used here (e.g. no playlists file is configured). */
  | 'invalid-reference'
  /** The source (Spotify) is unreachable or refused us. */
  | 'source-unavailable'
  /** The source asked us to wait longer than a person should (429 with a long `Retry-After`). */
  | 'source-busy';

/** A playlist reference could not be turned into tracks. */
export class PlaylistResolutionError extends ServerError {
  override readonly name = 'PlaylistResolutionError';
  readonly failure: PlaylistResolutionFailure;

  constructor(failure: PlaylistResolutionFailure, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(`ERR_PLAYLIST_${failure.toUpperCase().replaceAll('-', '_')}`, message, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      ...(options?.retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(options.retryAfterSeconds) } }),
    });
    this.failure = failure;
  }
}


/** Options of {@link SpotifyPlaylistResolver}. */
export interface SpotifyPlaylistResolverOptions {
  /** The songs base, asked first for features. */
  songsBase: AudioFeaturesProvider;
  /** Further providers, asked in order for the tracks the songs base does not know. @default [] */
  extraFeatures?: readonly AudioFeaturesProvider[];
  /** The MPD-format `playlists.json` playlist numbers index into; ignored when the file does not exist. */
  playlistsPath: string;
  /** Spotify client for playlist links; without one, links are refused with an explanation. */
  spotify?: SpotifyClient;
}

/**
 * Turns a playlist reference into tracks with features: `@msr/spotify`'s `resolvePlaylist` over a
 * Spotify source (when a client is configured), the MPD file (when it exists) and pasted track
 * lists, with features from the songs base first, then the configured providers. Its errors
 * become {@link PlaylistResolutionError}s with a code and a message saying what to do.
 */
export class SpotifyPlaylistResolver {
  private readonly playlists: PlaylistSource;
  private readonly features: AudioFeaturesProvider;
  private readonly hasMpd: boolean;

  constructor(private readonly options: SpotifyPlaylistResolverOptions) {
    const sources: PlaylistSource[] = [];
    if (options.spotify) sources.push(spotifyPlaylistSource(options.spotify));
    this.hasMpd = existsSync(options.playlistsPath);
    if (this.hasMpd) sources.push(mpdPlaylistSource({ path: options.playlistsPath }));
    sources.push(trackListSource());
    this.playlists = combinePlaylistSources(sources);
    this.features = createFeaturesChain([options.songsBase, ...(options.extraFeatures ?? [])]);
  }

  /**
   * Tracks with features for `input`, or a {@link PlaylistResolutionError}. A bare id is read as
   * a track when the songs base has that song (a local answer, no network); otherwise as a Spotify
   * playlist; and when there is no such playlist (or no Spotify access), as a track again, for the
   * other features providers. The result says which reading was taken.
   */
  async resolve(input: PlaylistInput, options: { signal?: AbortSignal } = {}): Promise<ResolvedPlaylist> {
    if (input.kind === 'bare-id') return this.resolveBareId(input.id, options);
    return this.resolveReference(input, options);
  }

  private async resolveBareId(id: string, options: { signal?: AbortSignal }): Promise<ResolvedPlaylist> {
    const asTrack: PlaylistReference = { kind: 'tracks', ids: [id] };
    const local = await this.options.songsBase.getFeatures([id], options.signal ? { signal: options.signal } : {});
    if (local.features.has(id)) return { ...(await this.resolveReference(asTrack, options)), readAs: { id, as: 'catalog-track' } };
    let asPlaylist: PlaylistResolutionError;
    try {
      return { ...(await this.resolveReference({ kind: 'spotify', id }, options)), readAs: { id, as: 'playlist' } };
    } catch (error) {
      // Only "no such playlist here" lets the id be tried as a track: a refusal, a rate limit or an
      // outage is an answer about a playlist that may well exist.
      if (!(error instanceof PlaylistResolutionError) || (error.failure !== 'not-found' && error.failure !== 'invalid-reference')) throw error;
      asPlaylist = error;
    }
    try {
      return { ...(await this.resolveReference(asTrack, options)), readAs: { id, as: 'track' } };
    } catch (error) {
      if (!(error instanceof PlaylistResolutionError) || error.failure !== 'no-known-tracks') throw error;
      const asPlaylistWhy = asPlaylist.failure === 'invalid-reference' ? 'this server has no Spotify access configured to read it as a playlist' : `as a playlist: ${asPlaylist.message}`;
      throw new PlaylistResolutionError('not-found', `“${id}” is not a song this server has audio features for, and ${asPlaylistWhy}`, { cause: asPlaylist });
    }
  }

  private async resolveReference(ref: PlaylistReference, options: { signal?: AbortSignal }): Promise<ResolvedPlaylist> {
    let resolved;
    try {
      resolved = await resolvePlaylist(ref, { playlists: this.playlists, features: this.features, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      throw this.explain(ref, error);
    }
    const tracks = resolved.tracks.map((t) => ({
      uri: t.id,
      features: t.features,
      ...(t.name ? { name: t.name } : {}),
      ...(t.artist ? { artist: t.artist } : {}),
    }));
    const unknownUris = resolved.missing.map((t) => t.id);
    if (tracks.length === 0) {
      const total = unknownUris.length;
      throw new PlaylistResolutionError(
        'no-known-tracks',
        total === 0
          ? 'the playlist has no tracks'
          : `none of the playlist's ${total} track${total === 1 ? '' : 's'} has audio features in the songs base${this.options.extraFeatures?.length ? ' or the configured providers' : ''}`,
      );
    }
    return { ref, ...(resolved.playlist.name ? { name: resolved.playlist.name } : {}), tracks, unknownUris };
  }

  private explain(ref: PlaylistReference, error: unknown): unknown {
    if (error instanceof NoPlaylistSource) {
      const message =
        ref.kind === 'spotify'
          ? 'this server has no Spotify access configured, so it cannot read playlist links; paste the playlist\'s track links instead (or a playlist number)'
          : // The file's path stays in the server's log (the cause): clients never see server paths.
            'playlist numbers are not available on this server (it has no playlists file); paste track links instead';
      return new PlaylistResolutionError('invalid-reference', message, { cause: error });
    }
    // The MPD source refuses an index past the end of its file.
    // Its message names the file; say it in the person's terms instead.
    if (error instanceof InvalidPlaylistReference && ref.kind === 'mpd-index') {
      return new PlaylistResolutionError('not-found', `there is no playlist number ${ref.index} in this server's collection; numbers start at 1`, { cause: error });
    }
    if (error instanceof PlaylistNotFound) return new PlaylistResolutionError('not-found', error.message, { cause: error });
    if (error instanceof PlaylistAccessDenied) return new PlaylistResolutionError('access-denied', error.message, { cause: error });
    // A broken playlists file is the deployment's fault, not the user's.
    if (error instanceof SourceFileError) return new ServerError('ERR_PLAYLISTS_FILE', error.message, { cause: error });
    if (error instanceof RateLimitedError) {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000));
      return new PlaylistResolutionError('source-busy', `Spotify is rate-limiting this server: Spotify asks to wait ${seconds} s; try again then (or paste the playlist's track links)`, {
        cause: error,
        retryAfterSeconds: seconds,
      });
    }
    if (error instanceof SpotifyError) return new PlaylistResolutionError('source-unavailable', `Spotify could not be asked for the playlist: ${error.message}`, { cause: error });
    return error;
  }
}
