import type { AudioFeatures, Genre, SongMetadata } from '@msr/core';
import type { PlaylistReference } from '@msr/spotify';
import { HttpError } from '../http/errors.js';

/**
 * Which playlist to recommend for: `@msr/spotify`'s `PlaylistReference` — a Spotify playlist id,
 * a 1-based index into the configured `playlists.json` (Million Playlist Dataset format), or a
 * list of track ids.
 */
export type { PlaylistReference };

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
}

/** One recommended song, best first, with its title, artists, album… when the model has names. */
export interface RecommendedSong extends SongMetadata {
  uri: string;
  /** `title — artists · album` (the track id when the model has no names): plain text. */
  label: string;
  /** Its page on Spotify, `https://open.spotify.com/track/ID`. */
  spotifyUrl: string;
  /** Higher is closer to the playlist; comparable within one result. */
  score: number;
  /** 1-based position in the result. */
  rank?: number;
  /** The song's genre. */
  genre?: string;
  /** The song's cluster within its genre. */
  cluster?: number;
  /** Distance to the playlist's centroid in the model's scaled feature space. */
  distance?: number;
}

/** What a recommendation returns, and what the monitoring log keeps of it. */
export interface RecommendationResult {
  /** The predicted genre of the playlist. */
  genre: Genre;
  /** Probability per genre; sums to 1. */
  probabilities: Record<Genre, number>;
  /** The cluster inside the genre, when the model has clusters. */
  cluster?: number;
  /** Cosine similarity between the playlist and its recommendations (monitored). */
  similarity: number;
  /** Exactly `count` songs when the catalog has that many, best first, none from the playlist. */
  songs: RecommendedSong[];
  /** Version of the model that answered. */
  modelVersion: string;
}

/**
 * SEAM (wired to `@msr/core` `recommend()` over the `RecommenderModel` in the model store).
 * Recommends `count` songs for a resolved playlist. Throws {@link ModelNotReadyError} while no
 * model is loaded.
 */
export interface Recommender {
  recommend(playlist: ResolvedPlaylist, count: number): RecommendationResult | Promise<RecommendationResult>;
}

/** No model is loaded yet (first start before training finished): 503, try again later. */
export class ModelNotReadyError extends HttpError {
  override readonly name = 'ModelNotReadyError';
  constructor() {
    super(503, 'ERR_MODEL_NOT_READY', 'no model is loaded yet: the first training has not finished', { headers: { 'Retry-After': '30' } });
  }
}

/** Why a playlist could not be resolved; each kind has its own status. */
export type PlaylistResolutionFailure =
  /** The playlist does not exist (unknown Spotify id, index out of range): 404. */
  | 'not-found'
  /** It exists but none of its tracks have features in the catalog: 422. */
  | 'no-known-tracks'
  /** The source refused to list it (a Spotify playlist the configured token may not read): 403. */
  | 'access-denied'
  /** The reference cannot be used here (e.g. no playlists file is configured): 400. */
  | 'invalid-reference'
  /** The source (Spotify) is unreachable or refused us: 502. */
  | 'source-unavailable'
  /** The source asked us to wait longer than a person should (429 with a long `Retry-After`): 503 with its `Retry-After`. */
  | 'source-busy';

const RESOLUTION_STATUS: Record<PlaylistResolutionFailure, number> = {
  'not-found': 404,
  'no-known-tracks': 422,
  'access-denied': 403,
  'invalid-reference': 400,
  'source-unavailable': 502,
  'source-busy': 503,
};

/** A {@link PlaylistResolver} could not turn a reference into tracks. */
export class PlaylistResolutionError extends HttpError {
  override readonly name = 'PlaylistResolutionError';
  readonly failure: PlaylistResolutionFailure;

  constructor(failure: PlaylistResolutionFailure, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(RESOLUTION_STATUS[failure], `ERR_PLAYLIST_${failure.toUpperCase().replaceAll('-', '_')}`, message, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      ...(options?.retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(options.retryAfterSeconds) } }),
    });
    this.failure = failure;
  }
}

/**
 * SEAM (wired to `@msr/spotify` `resolvePlaylist` over its playlist sources and audio-feature
 * providers). Turns a {@link PlaylistReference} into tracks with features, or throws {@link PlaylistResolutionError}.
 */
export interface PlaylistResolver {
  resolve(ref: PlaylistReference, options?: { signal?: AbortSignal }): Promise<ResolvedPlaylist>;
}
