import { recommendWithGenreTopUp, songLabel, songMetadataOf, spotifyTrackUrl, type Genre, type RecommenderModel, type RecommendOptions, type SongMetadata } from '@msr/core';
import { ServerError } from '../http/errors.js';
import type { MemoryModelStore } from '../services/model-store.js';
import type { ResolvedPlaylist } from './spotify-playlist-resolver.js';

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

/** No model is loaded yet (first start before training finished): try again later (`ERR_MODEL_NOT_READY`). */
export class ModelNotReadyError extends ServerError {
  override readonly name = 'ModelNotReadyError';
  constructor() {
    super('ERR_MODEL_NOT_READY', 'no model is loaded yet: the first training has not finished', { headers: { 'Retry-After': '30' } });
  }
}

/** Options of {@link CoreRecommender}. */
export type CoreRecommenderOptions = Pick<RecommendOptions, 'strategy' | 'multiGenre'>;

/**
 * Recommends with `@msr/core`'s `recommendWithGenreTopUp()` (which tops up from the next most
 * probable genres when the playlist's genre holds too few songs) on the `RecommenderModel` the
 * model store serves now. A request keeps the model it started with even if a retrain swaps it
 * meanwhile (recommending is synchronous). Throws {@link ModelNotReadyError} while no model is
 * loaded; a `RecommendError` of core propagates with its code (a request the model cannot serve).
 */
export class CoreRecommender {
  constructor(
    private readonly store: MemoryModelStore<RecommenderModel>,
    private readonly options: CoreRecommenderOptions = {},
  ) {}

  recommend(playlist: ResolvedPlaylist, count: number): RecommendationResult {
    const current = this.store.current();
    if (!current) throw new ModelNotReadyError();
    const tracks = playlist.tracks.map((t) => ({ uri: t.uri, features: t.features }));
    const result = recommendWithGenreTopUp(tracks, current.model, {
      count,
      ...(this.options.strategy ? { strategy: this.options.strategy } : {}),
      ...(this.options.multiGenre ? { multiGenre: true } : {}),
    });
    if (result.recommendations.length === 0) {
      throw new ServerError('ERR_NOTHING_TO_RECOMMEND', `the model's ${result.genre} catalog has no songs outside this playlist to recommend`);
    }
    const top = result.clusters[0];
    return {
      genre: result.genre,
      probabilities: result.genreProbabilities,
      ...(top ? { cluster: top.cluster } : {}),
      similarity: result.similarity,
      songs: result.recommendations.map((r) => ({
        uri: r.uri,
        label: songLabel(r),
        spotifyUrl: spotifyTrackUrl(r.uri),
        ...songMetadataOf(r),
        score: r.score,
        rank: r.rank,
        genre: r.genre,
        cluster: r.cluster,
        distance: r.distance,
      })),
      modelVersion: current.info.version,
    };
  }
}

