import { recommend, RecommendError, songLabel, songMetadataOf, spotifyTrackUrl, type RecommenderModel, type RecommendOptions } from '@msr/core';
import { HttpError } from '../http/errors.js';
import type { ModelStore } from '../seams/model-store.js';
import { ModelNotReadyError, type RecommendationResult, type Recommender, type ResolvedPlaylist } from '../seams/recommender.js';

/** Options of {@link CoreRecommender}. */
export type CoreRecommenderOptions = Pick<RecommendOptions, 'strategy' | 'multiGenre'>;

/**
 * The {@link Recommender} of a real deployment: `@msr/core`'s `recommend()` on the
 * `RecommenderModel` the {@link ModelStore} serves now. A request keeps the model it started
 * with even if a retrain swaps it meanwhile (`recommend()` is synchronous). When the playlist's
 * genre holds fewer songs than asked for, it tops up from the next most probable genres.
 */
export class CoreRecommender implements Recommender {
  constructor(
    private readonly store: ModelStore<RecommenderModel>,
    private readonly options: CoreRecommenderOptions = {},
  ) {}

  recommend(playlist: ResolvedPlaylist, count: number): RecommendationResult {
    const current = this.store.current();
    if (!current) throw new ModelNotReadyError();
    const tracks = playlist.tracks.map((t) => ({ uri: t.uri, features: t.features }));
    const base = { ...(this.options.strategy ? { strategy: this.options.strategy } : {}) };
    const run = (options: RecommendOptions) => {
      try {
        return recommend(tracks, current.model, { ...base, ...options });
      } catch (error) {
        // The resolver hands over only tracks with features, so this is a request the model cannot serve.
        if (error instanceof RecommendError) throw new HttpError(422, error.code, error.message, { cause: error });
        throw error;
      }
    };
    const result = run({ count, ...(this.options.multiGenre ? { multiGenre: true } : {}) });
    // core fills within the playlist's genre; when that genre's catalog is too small, top up
    // from the next most probable genres so the count asked for comes back whenever the whole
    // catalog holds that many.
    const songs = [...result.recommendations];
    let similarity = result.similarity;
    const others =
      songs.length >= count
        ? []
        : Object.entries(result.genreProbabilities)
            .filter(([genre]) => !songs.some((s) => s.genre === genre))
            .sort((a, b) => b[1] - a[1]);
    for (const [genre] of others) {
      if (songs.length >= count) break;
      const more = run({ count: count - songs.length, genre, excludeUris: songs.map((s) => s.uri) });
      songs.push(...more.recommendations.map((r, i) => ({ ...r, rank: songs.length + i + 1 })));
      // Monitoring keeps the similarity of the playlist's own genre; NaN only if that gave nothing.
      if (!Number.isFinite(similarity)) similarity = more.similarity;
    }
    if (songs.length === 0) {
      throw new HttpError(422, 'ERR_NOTHING_TO_RECOMMEND', `the model's ${result.genre} catalog has no songs outside this playlist to recommend`);
    }
    const top = result.clusters[0];
    return {
      genre: result.genre,
      probabilities: result.genreProbabilities,
      ...(top ? { cluster: top.cluster } : {}),
      similarity,
      songs: songs.map((r) => ({
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
