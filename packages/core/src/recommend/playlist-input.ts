import { trackIdFromUri } from '../data/track-id.js';
import { RecommendError } from './recommend-error.js';

/** One track of a playlist handed to `recommend()`. */
export interface PlaylistTrack {
  /** Spotify track id or `spotify:track:<id>` uri, when known. Used to exclude the track from its own recommendations. */
  uri?: string;
  /**
   * The track's audio features by name (at least the model's `featureNames`). `null` or
   * missing when no provider knew the track: it is reported in `skipped`, not dropped silently.
   */
  features?: Readonly<Record<string, number>> | null;
}

/** A playlist: its tracks, or an object holding them. */
export type PlaylistInput = readonly PlaylistTrack[] | { readonly tracks: readonly PlaylistTrack[] };

/** A playlist track that could not be used, and why. */
export interface SkippedTrack {
  /** Position in the input playlist. */
  index: number;
  uri?: string;
  reason: 'no-features';
}

/** The usable tracks of a playlist as raw feature rows, in model feature order. */
export interface PlaylistRows {
  /**
   * Row-major raw features, `count × featureNames.length`, rows sorted by their features
   * (lexicographically), whatever order the tracks came in: every sum over the playlist then
   * adds the same floats in the same order, so permuting a playlist never changes a result.
   */
  raw: Float64Array;
  count: number;
  /** Index in the input of each used row. */
  inputIndex: number[];
  /** Bare track ids of every input track that has one (used or skipped), for exclusion. */
  ids: Set<string>;
  skipped: SkippedTrack[];
}

/** Validates a playlist and lays its usable tracks out as raw feature rows. */
export function playlistRows(playlist: PlaylistInput, featureNames: readonly string[]): PlaylistRows {
  // `null` (from JSON) is refused like any other non-playlist, not with a TypeError.
  const tracks = Array.isArray(playlist) ? (playlist as readonly PlaylistTrack[]) : (playlist as { tracks?: unknown } | null)?.tracks;
  if (!Array.isArray(tracks)) throw new RecommendError('ERR_INVALID_ARGUMENT', 'playlist: must be an array of tracks or { tracks: [...] }');
  if (tracks.length === 0) throw new RecommendError('ERR_EMPTY_PLAYLIST', 'playlist: has no tracks');
  const d = featureNames.length;
  const raw = new Float64Array(tracks.length * d);
  const inputIndex: number[] = [];
  const ids = new Set<string>();
  const skipped: SkippedTrack[] = [];
  // A plain loop, not forEach: this runs per request, and a closure per call is garbage (decision 1202).
  for (let index = 0; index < tracks.length; index++) {
    // forEach passed over a sparse array's holes; so does this.
    if (!(index in tracks)) continue;
    const track = tracks[index] as PlaylistTrack;
    if (track === null || typeof track !== 'object') throw new RecommendError('ERR_INVALID_ARGUMENT', `playlist[${index}]: must be an object`);
    if (track.uri !== undefined) ids.add(trackIdFromUri(track.uri));
    const features = track.features;
    if (features === undefined || features === null) {
      skipped.push({ index, ...(track.uri === undefined ? {} : { uri: track.uri }), reason: 'no-features' });
      continue;
    }
    const row = inputIndex.length;
    for (let j = 0; j < d; j++) {
      const name = featureNames[j]!;
      const value = features[name];
      if (value === undefined) {
        const given = Object.keys(features).join(', ');
        throw new RecommendError('ERR_FEATURE_MISMATCH', `playlist[${index}].features: lacks "${name}"; the model reads ${featureNames.join(', ')} (given: ${given})`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new RecommendError('ERR_NON_FINITE', `playlist[${index}].features.${name}: must be a finite number, got ${String(value)}`);
      }
      raw[row * d + j] = value;
    }
    inputIndex.push(index);
  }
  if (inputIndex.length === 0) {
    throw new RecommendError('ERR_NO_KNOWN_TRACKS', `playlist: none of its ${tracks.length} tracks has audio features`);
  }
  const n = inputIndex.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const diff = raw[a * d + j]! - raw[b * d + j]!;
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const sorted = new Float64Array(n * d);
  for (let to = 0; to < n; to++) for (let j = 0; j < d; j++) sorted[to * d + j] = raw[order[to]! * d + j]!;
  return { raw: sorted, count: n, inputIndex: order.map((i) => inputIndex[i]!), ids, skipped };
}
