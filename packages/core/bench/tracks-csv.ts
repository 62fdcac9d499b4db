/**
 * Reads a track dataset CSV for the parity tests and the models benchmark: the Kaggle format
 * (`track_id … track_genre`, the committed fixture) or the shared 9-genre file (`uri … genre`).
 * Rows are cleaned like msr's ingestion (and scripts/sklearn/common.py): configured genres only,
 * no missing values, first of duplicate ids. Node-only; not part of the published package.
 */
import { readFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../src/data/features.js';
import { SEED_GENRES } from '../src/data/genres.js';

/** A cleaned dataset: features in FEATURE_NAMES order, one genre per row. */
export interface Tracks {
  ids: string[];
  X: number[][];
  genres: string[];
}

/** Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes, newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Loads and cleans the dataset at `path`. */
export function loadTracks(path: string, genres: readonly string[] = SEED_GENRES): Tracks {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) throw new Error(`${path}: empty file`);
  const column = (...names: string[]): number => {
    const index = header.findIndex((name) => names.includes(name));
    if (index < 0) throw new Error(`${path}: no column ${names.join(' or ')}`);
    return index;
  };
  const idColumn = column('track_id', 'uri');
  const genreColumn = column('track_genre', 'genre');
  const featureColumns = FEATURE_NAMES.map((name) => column(name));
  const keep = new Set(genres);
  const seen = new Set<string>();
  const tracks: Tracks = { ids: [], X: [], genres: [] };
  for (const cells of rows) {
    const id = cells[idColumn] ?? '';
    const genre = cells[genreColumn] ?? '';
    if (!keep.has(genre) || id === '') continue;
    const features = featureColumns.map((c) => (cells[c] ?? '').trim());
    if (features.some((cell) => cell === '' || !Number.isFinite(Number(cell)))) continue;
    if (seen.has(id)) continue;
    seen.add(id);
    tracks.ids.push(id);
    tracks.X.push(features.map(Number));
    tracks.genres.push(genre);
  }
  return tracks;
}
