import type { AudioFeatures } from '@msr/core';
import type { TrackSummary } from '../client/track-summary.js';

/** A new track a {@link TrackSource} proposes for a genre; features when the source has them. */
export interface CandidateTrack extends TrackSummary {
  readonly genre: string;
  readonly features?: AudioFeatures | undefined;
}

/** Where the feed finds new tracks for a genre (Spotify recommendations, search, a drop folder…). */
export interface TrackSource {
  /** Short name, reported as provenance for features the source itself supplies. */
  readonly name: string;
  /**
   * Up to `limit` candidate tracks for `genre`. A source that can skip the ids in `exclude` before
   * counting towards `limit` should (a drop folder does), so known tracks do not use up the limit.
   * Throws a {@link SpotifyError} subclass on failure.
   */
  fetchTracks(genre: string, options: { limit: number; exclude?: ReadonlySet<string>; signal?: AbortSignal }): Promise<CandidateTrack[]>;
}
