import type { AudioFeatures } from '@msr/core';
import type { TrackSummary } from '../client/track-summary.js';
import type { ProviderAttempt } from '../features/features-chain.js';
import type { AudioFeaturesProvider } from '../features/features-provider.js';
import { outcomesOf } from '../features/outcomes.js';
import { parsePlaylistReference, type PlaylistReference } from '../playlist/playlist-reference.js';
import type { LoadedPlaylist, PlaylistSource } from '../playlist/playlist-source.js';

/** A playlist track with its features and where they came from. */
export interface ResolvedTrack extends TrackSummary {
  readonly features: AudioFeatures;
  /** The provider that answered. */
  readonly provider: string;
}

/** A playlist track no provider had features for. */
export interface UnresolvedTrack extends TrackSummary {
  /** Every provider's answer for it. */
  readonly attempts: readonly ProviderAttempt[];
}

/** What {@link resolvePlaylist} returns. */
export interface ResolvedPlaylist {
  /** The playlist as its source loaded it. */
  readonly playlist: LoadedPlaylist;
  /** Distinct tracks with features, in playlist order. */
  readonly tracks: ResolvedTrack[];
  /** Distinct tracks without features, in playlist order. */
  readonly missing: UnresolvedTrack[];
}

/** Options of {@link resolvePlaylist}. */
export interface ResolvePlaylistOptions {
  /** Where playlists come from ({@link combinePlaylistSources} for several). */
  playlists: PlaylistSource;
  /** Where features come from (usually a {@link createFeaturesChain}). */
  features: AudioFeaturesProvider;
  /** Upper bound for MPD indexes, when the caller knows it. */
  maxIndex?: number;
  signal?: AbortSignal;
}

/**
 * The server's entry point: turns what the user typed (or a parsed reference) into the
 * playlist's distinct tracks with their features and provenance, and lists the tracks no
 * provider could answer for. Throws {@link InvalidPlaylistReference}, {@link NoPlaylistSource},
 * {@link PlaylistAccessDenied}, {@link PlaylistNotFound} and other {@link SpotifyError}s from the
 * playlist source; feature failures are reported per track, never thrown.
 *
 * @example
 * ```ts
 * const { playlist, tracks, missing } = await resolvePlaylist(form.playlist, {
 *   playlists: combinePlaylistSources([spotifyPlaylistSource(client), mpdPlaylistSource({ path }), trackListSource()]),
 *   features: createFeaturesChain([reccoBeatsFeaturesProvider(), csvFeaturesProvider({ path: songsBase })]),
 * });
 * ```
 */
export async function resolvePlaylist(input: string | number | PlaylistReference, options: ResolvePlaylistOptions): Promise<ResolvedPlaylist> {
  const reference =
    typeof input === 'object' ? input : parsePlaylistReference(input, options.maxIndex !== undefined ? { maxIndex: options.maxIndex } : {});
  const playlist = await options.playlists.load(reference, { signal: options.signal });
  const distinct = new Map<string, TrackSummary>();
  for (const track of playlist.tracks) if (!distinct.has(track.id)) distinct.set(track.id, track);
  const ids = [...distinct.keys()];
  const lookup = await options.features.getFeatures(ids, { signal: options.signal });
  const outcomes = outcomesOf(lookup, ids, options.features.name);
  const tracks: ResolvedTrack[] = [];
  const missing: UnresolvedTrack[] = [];
  for (const [id, summary] of distinct) {
    const outcome = outcomes.get(id);
    if (outcome?.status === 'found') tracks.push({ ...summary, features: outcome.features, provider: outcome.provider });
    else missing.push({ ...summary, attempts: outcome?.attempts ?? [] });
  }
  return { playlist, tracks, missing };
}
