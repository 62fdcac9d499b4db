import type { RecommenderModel } from './recommender-model.js';
import type { PlaylistInput } from './playlist-input.js';
import { recommend, type Recommendation, type RecommendOptions, type RecommendResult } from './recommend.js';

/**
 * {@link recommend}, topped up across genres: when the genres `recommend` draws from hold fewer
 * songs (outside the playlist and `excludeUris`) than `count`, the rest comes from the next most
 * probable genres in turn, so `count` songs come back whenever the whole catalog holds that many.
 *
 * The first call's result is kept as is (its genre, probabilities, clusters, similarity); the
 * top-up songs follow its recommendations, ranked on from there, each genre's best first. The
 * similarity stays that of the first call (what monitoring follows), or the first top-up's
 * when the first call found nothing.
 *
 * @example
 * ```ts
 * const result = recommendWithGenreTopUp(tracks, model, { count: 50, strategy: 'mean-proba' });
 * result.recommendations.length; // 50 when the catalog has 50 songs outside the playlist
 * ```
 */
export function recommendWithGenreTopUp(playlist: PlaylistInput, model: RecommenderModel, options: RecommendOptions = {}): RecommendResult {
  const result = recommend(playlist, model, options);
  const count = options.count ?? 10;
  const songs: Recommendation[] = [...result.recommendations];
  if (songs.length >= count) return result;
  let similarity = result.similarity;
  const others = Object.entries(result.genreProbabilities)
    .filter(([genre]) => !songs.some((s) => s.genre === genre))
    .sort((a, b) => b[1] - a[1]);
  const { multiGenre: _single, ...rest } = options;
  for (const [genre] of others) {
    if (songs.length >= count) break;
    const excluded = [...(options.excludeUris ?? []), ...songs.map((s) => s.uri)];
    const more = recommend(playlist, model, { ...rest, count: count - songs.length, genre, excludeUris: excluded });
    songs.push(...more.recommendations.map((r, i) => ({ ...r, rank: songs.length + i + 1 })));
    if (!Number.isFinite(similarity)) similarity = more.similarity;
  }
  return { ...result, recommendations: songs, similarity };
}
