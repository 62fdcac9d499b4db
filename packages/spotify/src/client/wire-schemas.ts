/**
 * The parts of Spotify's response bodies this package reads, as zod schemas. Objects are loose
 * (extra fields pass) but every field we use is checked, so a changed API fails loudly with a
 * {@link SchemaViolationError} naming the path instead of producing NaNs downstream.
 */
import { z } from 'zod';

const artist = z.looseObject({ name: z.string().optional() });

/** A track (or episode) object; `id` is null for local files. */
export const wireTrack = z.looseObject({
  id: z.string().nullable().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  is_local: z.boolean().optional(),
  artists: z.array(artist).optional(),
});
/** A track object as parsed by {@link wireTrack}. */
export type WireTrack = z.infer<typeof wireTrack>;

/** One entry of a playlist: `item` since 2026, `track` before; either may be null. */
export const wirePlaylistItem = z.looseObject({
  item: wireTrack.nullable().optional(),
  track: wireTrack.nullable().optional(),
  is_local: z.boolean().optional(),
});

/** Spotify's paging object around `item`. */
export function paging<T extends z.ZodType>(item: T) {
  return z.looseObject({
    items: z.array(item),
    next: z.string().nullable(),
    total: z.number().int().nonnegative().optional(),
  });
}

/** Playlist metadata (`GET /playlists/{id}`), of which only the name is read. */
export const wirePlaylist = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

/** The nine features as every service sends them; each must be a finite number, `key` -1..11. */
export const wireFeatureFields = {
  key: z.number().int().min(-1).max(11),
  acousticness: z.number(),
  danceability: z.number(),
  energy: z.number(),
  instrumentalness: z.number(),
  loudness: z.number(),
  speechiness: z.number(),
  valence: z.number(),
  tempo: z.number(),
};

/** One audio-features object. */
export const wireAudioFeatures = z.looseObject({ id: z.string(), ...wireFeatureFields });

/** `GET /audio-features?ids=`: one entry per requested id, `null` for unknown ids. */
export const wireAudioFeaturesList = z.looseObject({ audio_features: z.array(wireAudioFeatures.nullable()) });

/** `GET /recommendations`. */
export const wireRecommendations = z.looseObject({ tracks: z.array(wireTrack) });

/** `GET /search?type=track`. */
export const wireTrackSearch = z.looseObject({ tracks: paging(wireTrack) });

/** An empty or ignored body. */
export const anyBody = z.unknown();
