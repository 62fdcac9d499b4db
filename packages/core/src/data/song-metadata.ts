import type { ColumnType } from './column-type.js';
import { trackIdFromUri } from './track-id.js';

/**
 * The display metadata a song may carry besides its features: what a person needs to recognise
 * it. Every field is optional — a dataset without names still trains and recommends.
 */
export interface SongMetadata {
  /** Track title (Kaggle `track_name`). */
  name?: string;
  /** Artists as the dataset spells them; Kaggle separates several with `;` (see {@link formatArtists}). */
  artist?: string;
  /** Album title (Kaggle `album_name`). */
  album?: string;
  /** Spotify popularity, 0–100. */
  popularity?: number;
  /** Length in milliseconds. */
  durationMs?: number;
  explicit?: boolean;
}

/**
 * The optional metadata columns of the songs base: column name → the {@link SongMetadata}
 * field it fills and its `schema.yaml` type. The one definition ingestion, validation, the songs
 * base and the bundle derive from.
 */
export const SONG_METADATA_COLUMNS = {
  name: { field: 'name', type: 'str' },
  artist: { field: 'artist', type: 'str' },
  album: { field: 'album', type: 'str' },
  popularity: { field: 'popularity', type: 'int64' },
  duration_ms: { field: 'durationMs', type: 'int64' },
  explicit: { field: 'explicit', type: 'bool' },
} as const satisfies Record<string, { field: keyof SongMetadata; type: ColumnType }>;

/** A songs-base metadata column name (`duration_ms`, …). */
export type SongMetadataColumn = keyof typeof SONG_METADATA_COLUMNS;

/** The metadata columns, in songs-base order. */
export const SONG_METADATA_COLUMN_NAMES = Object.keys(SONG_METADATA_COLUMNS) as SongMetadataColumn[];

/**
 * Parses one metadata cell of a CSV (already type-checked by the caller's cell rule) into its
 * field value; an empty cell is "not known" (`undefined`), never 0 or `false`.
 */
export function metadataValue(column: SongMetadataColumn, cell: string): string | number | boolean | undefined {
  const type = SONG_METADATA_COLUMNS[column].type;
  if (type === 'str') return cell === '' ? undefined : cell;
  const text = cell.trim();
  if (text === '') return undefined;
  if (type === 'bool') return /^(true|1)$/i.test(text);
  return Number(text);
}

/** A metadata value as a songs-base CSV cell (`''` when unknown; booleans as `True`/`False`, as pandas writes them). */
export function metadataCell(value: string | number | boolean | undefined): string | number {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return value;
}

/** Kaggle's `A;B` artists as a person reads them: `A, B`. */
export function formatArtists(artist: string): string {
  return artist
    .split(';')
    .map((a) => a.trim())
    .filter((a) => a !== '')
    .join(', ');
}

/** The metadata fields of a song (or anything carrying them), without its other fields. */
export function songMetadataOf(song: SongMetadata): SongMetadata {
  const out: SongMetadata = {};
  for (const { field } of Object.values(SONG_METADATA_COLUMNS)) if (song[field] !== undefined) (out as Record<string, unknown>)[field] = song[field];
  return out;
}

/**
 * How a person recognises a song: `title — artists · album`, the parts it has; the bare track
 * id when it has no title. Plain text: escape it for HTML where it is shown.
 *
 * @example
 * ```ts
 * songLabel({ uri: '5SuOikwiRyPMVoIQDJUgSV', name: 'Comedy', artist: 'Gen Hoshino;Guest', album: 'Comedy' });
 * // 'Comedy — Gen Hoshino, Guest · Comedy'
 * ```
 */
export function songLabel(song: SongMetadata & { uri: string }): string {
  if (!song.name) return trackIdFromUri(song.uri);
  const artists = song.artist ? formatArtists(song.artist) : '';
  return `${song.name}${artists ? ` — ${artists}` : ''}${song.album ? ` · ${song.album}` : ''}`;
}

/** The song's page on Spotify (`https://open.spotify.com/track/ID`), for an "Open in Spotify" link. */
export function spotifyTrackUrl(uri: string): string {
  return `https://open.spotify.com/track/${encodeURIComponent(trackIdFromUri(uri))}`;
}
