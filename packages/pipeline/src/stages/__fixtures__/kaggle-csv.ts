/**
 * Builds small Kaggle-format CSVs for tests: the leading unnamed index column, the 20 Kaggle
 * columns, quoted names. Values are generated from a seed so every genre is separable.
 */
import { createPrng, KAGGLE_COLUMNS } from '@msr/core';
import { formatCsv } from '../../csv/format-csv.js';

/** One Kaggle row as cells keyed by column; `over` replaces cells. */
export type KaggleRow = Record<(typeof KAGGLE_COLUMNS)[number], string>;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Generates `perGenre` rows for each genre, deterministic in `seed`. */
export function kaggleRows(genres: readonly string[], perGenre: number, seed = 1): KaggleRow[] {
  const rng = createPrng(seed);
  const id = (): string => Array.from({ length: 22 }, () => ALPHABET[rng.int(62)]).join('');
  const rows: KaggleRow[] = [];
  genres.forEach((genre, g) => {
    const center = (g + 0.5) / genres.length;
    const around = (c: number): string => Math.min(1, Math.max(0, c + (rng.next() - 0.5) * 0.1)).toFixed(4);
    for (let i = 0; i < perGenre; i++) {
      rows.push({
        track_id: id(),
        artists: `Artist of ${genre}`,
        album_name: `Album, "${genre}"`,
        track_name: `Song ${i}`,
        popularity: String(rng.int(100)),
        duration_ms: String(150_000 + rng.int(100_000)),
        explicit: rng.next() < 0.5 ? 'True' : 'False',
        danceability: around(center),
        energy: around(1 - center),
        key: String(rng.int(12)),
        loudness: (-20 + 15 * center + rng.next()).toFixed(3),
        mode: String(rng.int(2)),
        speechiness: around(center / 2),
        acousticness: around(center),
        instrumentalness: around(1 - center),
        liveness: around(0.2),
        valence: around(center),
        tempo: (80 + 80 * center + rng.next() * 5).toFixed(3),
        time_signature: '4',
        track_genre: genre,
      });
    }
  });
  return rows;
}

/** Formats rows as the Kaggle CSV (with pandas' unnamed index column first). */
export function kaggleCsv(rows: readonly KaggleRow[]): string {
  return formatCsv(['', ...KAGGLE_COLUMNS], rows.map((row, i) => [i, ...KAGGLE_COLUMNS.map((c) => row[c])]));
}
