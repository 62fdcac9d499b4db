import { recommendWithGenreTopUp, songLabel, spotifyTrackUrl, type Recommendation, type RecommenderModel, type RecommendOptions, type RecommendResult } from '@msr/core';
import { ServerError } from '../http/errors.js';
import type { MemoryModelStore } from '../services/model-store.js';
import type { ResolvedPlaylist } from './spotify-playlist-resolver.js';

/**
 * One recommended song: `@msr/core`'s `Recommendation` (rank, score, genre, cluster, distance,
 * and title, artists, album… when the model has names) with how a person finds it.
 */
export type RecommendedSong = Recommendation & {
  /** `title — artists · album` (the track id when the model has no names): plain text. */
  label: string;
  /** Its page on Spotify, `https://open.spotify.com/track/ID`. */
  spotifyUrl: string;
};

/**
 * What a recommendation answers (the JSON API's shape, whose names its clients rely on) and what
 * the monitoring log keeps: core's `RecommendResult` narrowed to what is served, with the
 * version of the model that answered.
 */
export interface RecommendationResult extends Pick<RecommendResult, 'genre' | 'similarity'> {
  /** Core's `genreProbabilities`: probability (or share) per genre; sums to 1. */
  probabilities: RecommendResult['genreProbabilities'];
  /** The most probable cluster, when the model has clusters. */
  cluster?: number;
  /** Core's `recommendations`, each with its label and link. */
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
      songs: result.recommendations.map((r) => ({ ...r, label: songLabel(r), spotifyUrl: spotifyTrackUrl(r.uri) })),
      modelVersion: current.info.version,
    };
  }
}

