import { isSpotifyId } from '../ids/spotify-id.js';
import type { WireTrack } from './wire-schemas.js';

/** A track as this package passes it around: the bare id, and name/artist when known. */
export interface TrackSummary {
  /** Bare 22-character Spotify track id (the songs base's `uri`). */
  readonly id: string;
  readonly name?: string | undefined;
  /** The first credited artist. */
  readonly artist?: string | undefined;
}

/** Why a playlist entry produced no track. */
export type SkipReason = 'local-file' | 'episode' | 'unavailable' | 'invalid-id';

/** Maps a wire track to a {@link TrackSummary}, or says why it cannot be used. */
export function summariseTrack(track: WireTrack | null | undefined): TrackSummary | SkipReason {
  if (!track) return 'unavailable';
  if (track.is_local) return 'local-file';
  if (track.type !== undefined && track.type !== 'track') return 'episode';
  if (!track.id) return 'unavailable';
  if (!isSpotifyId(track.id)) return 'invalid-id';
  return { id: track.id, name: track.name, artist: track.artists?.[0]?.name };
}
