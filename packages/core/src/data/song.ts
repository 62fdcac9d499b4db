import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName } from './features.js';

/**
 * A finite number. zod 4's `number()` refuses NaN and ±Infinity itself (`invalid_type`, "received
 * Infinity"), so no refinement is needed; `song.test.ts` pins that for every feature.
 */
const finite = z.number();

/** Per-feature validation rules of the songs base, shared by the song schema and validators. */
export const FEATURE_RULES: Readonly<Record<FeatureName, z.ZodType<number, number>>> = {
  key: z.number().int('must be an integer pitch class').min(0).max(11),
  acousticness: finite.min(0).max(1),
  danceability: finite.min(0).max(1),
  energy: finite.min(0).max(1),
  instrumentalness: finite.min(0).max(1),
  // Loudness is in dB relative to full scale; Spotify reports roughly −60…+5.
  loudness: finite.min(-100, 'must be at least -100 dB').max(10, 'must be at most 10 dB'),
  speechiness: finite.min(0).max(1),
  valence: finite.min(0).max(1),
  // Beats per minute; 0 would mean "no beat detected", which the models cannot use.
  tempo: finite.gt(0, 'must be greater than 0 bpm (0 means no beat was detected)').max(400, 'must be at most 400 bpm'),
};

/** A Spotify track id: 22 base-62 characters. */
export const trackIdSchema = z.string().regex(/^[0-9A-Za-z]{22}$/, 'must be a 22-character base-62 Spotify track id');

const featureShape = Object.fromEntries(FEATURE_NAMES.map((name) => [name, FEATURE_RULES[name]])) as {
  [K in FeatureName]: z.ZodType<number, number>;
};

/**
 * One song of the songs base (the original's `song_df.csv`): its uri (a bare Spotify track
 * id, as the original renamed `track_id` → `uri`), its genre and the nine audio features, with
 * optional display metadata (`SongMetadata`).
 */
export const songSchema = z.object({
  uri: z.string().min(1, 'must not be empty'),
  genre: z.string().min(1, 'must not be empty'),
  ...featureShape,
  name: z.string().optional(),
  artist: z.string().optional(),
  album: z.string().optional(),
  popularity: z.number().int().min(0).max(100).optional(),
  durationMs: z.number().int().min(0).optional(),
  explicit: z.boolean().optional(),
});

/** One song of the songs base. */
export type Song = z.infer<typeof songSchema>;
