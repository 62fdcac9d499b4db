import { z } from 'zod';
import { FEATURE_RULES } from './song.js';

/** The columns of the Kaggle "Spotify tracks dataset" CSV, in file order (after its unnamed index). */
export const KAGGLE_COLUMNS = [
  'track_id',
  'artists',
  'album_name',
  'track_name',
  'popularity',
  'duration_ms',
  'explicit',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'time_signature',
  'track_genre',
] as const;

/** One column name of the Kaggle dataset. */
export type KaggleColumn = (typeof KAGGLE_COLUMNS)[number];

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV cell holding a number. Unlike `z.coerce.number()`, an empty cell is "missing", not 0,
 * and text such as `NaN`, `inf` or `1,5` is refused.
 */
export const csvNumber = z
  .string({ error: 'is missing' })
  .trim()
  .min(1, { message: 'is missing (empty cell)', abort: true })
  .regex(NUMBER_PATTERN, 'is not a number')
  // Digits such as 1e999 match the pattern and overflow a double: say so (zod's own refusal
  // would read "expected number, received Infinity").
  .transform((cell, ctx) => {
    const value = Number(cell);
    if (Number.isFinite(value)) return value;
    ctx.issues.push({ code: 'custom', message: `is too large for a number (it overflows to ${value > 0 ? '' : '-'}Infinity)`, input: cell });
    return z.NEVER;
  });

const csvText = z.string({ error: 'is missing' }).min(1, 'is missing (empty cell)');
const csvBoolean = z
  .string({ error: 'is missing' })
  .regex(/^(true|false|True|False|TRUE|FALSE|0|1)$/, 'is not a boolean (True/False)')
  .transform((s) => s === 'true' || s === 'True' || s === 'TRUE' || s === '1');

const feature = (name: keyof typeof FEATURE_RULES) => csvNumber.pipe(FEATURE_RULES[name]);

/**
 * One record of the Kaggle dataset as read from CSV (every cell a string), parsed into typed
 * values. Cells the models don't use are still type-checked, so a shifted or truncated row is
 * caught.
 */
export const kaggleTrackSchema = z.object({
  track_id: csvText,
  artists: csvText,
  album_name: csvText,
  track_name: csvText,
  popularity: csvNumber.pipe(z.number().int().min(0).max(100)),
  duration_ms: csvNumber.pipe(z.number().int().min(0)),
  explicit: csvBoolean,
  danceability: feature('danceability'),
  energy: feature('energy'),
  key: feature('key'),
  loudness: feature('loudness'),
  mode: csvNumber.pipe(z.number().int().min(0).max(1)),
  speechiness: feature('speechiness'),
  acousticness: feature('acousticness'),
  instrumentalness: feature('instrumentalness'),
  liveness: csvNumber.pipe(z.number().min(0).max(1)),
  valence: feature('valence'),
  tempo: feature('tempo'),
  time_signature: csvNumber.pipe(z.number().int().min(0).max(7)),
  track_genre: csvText,
});

/** One parsed record of the Kaggle dataset. */
export type KaggleTrack = z.infer<typeof kaggleTrackSchema>;
