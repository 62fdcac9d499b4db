import type { Context } from 'hono';
import type { AppContext } from '../app-context.js';
import type { AppEnv } from '../http/app-env.js';
import type { RecommendationResult } from '../adapters/core-recommender.js';
import type { PlaylistInput, ResolvedPlaylist } from '../adapters/spotify-playlist-resolver.js';
import { describePlaylistRef } from './playlist-input.js';

/**
 * The one recommendation path behind the page and the API: resolve, recommend, log for
 * monitoring. Errors propagate to `onError`, which answers by their code.
 */
export async function runRecommendation(
  ctx: AppContext,
  c: Context<AppEnv>,
  ref: PlaylistInput,
  count: number,
): Promise<{ playlist: ResolvedPlaylist; result: RecommendationResult; latencyMs: number }> {
  const started = performance.now();
  // Only a Spotify lookup goes over the network; the request's AbortSignal is created lazily by
  // the Node adapter, so the local kinds skip that cost.
  const playlist = await ctx.resolver.resolve(ref, ref.kind === 'spotify' || ref.kind === 'bare-id' ? { signal: c.req.raw.signal } : {});
  const result = await ctx.recommender.recommend(playlist, count);
  const latencyMs = performance.now() - started;
  ctx.metrics?.recommendations.inc({ genre: result.genre, strategy: ctx.config.recommend.strategy });
  ctx.recommendations.append({
    requestId: c.get('requestId'),
    userId: c.get('user')?.id,
    at: ctx.clock.now(),
    // The reading taken, for a bare id.
    playlistRef: describePlaylistRef(playlist.ref),
    genre: result.genre,
    similarity: result.similarity,
    count,
    latencyMs,
    modelVersion: result.modelVersion,
  });
  return { playlist, result, latencyMs };
}
