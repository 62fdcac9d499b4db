import type { SongMetadata } from '../data/song-metadata.js';
import { decodeBytesBase64, encodeBytesBase64 } from '../encoding/base64-floats.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import type { RecommenderModelJSON } from './recommender-model-json.js';

/** One genre's catalog as the bundle JSON stores it. */
export type CatalogJSON = RecommenderModelJSON['genreModels'][number]['catalog'];

/**
 * A catalog's display metadata, one entry per song in catalog order; a column is absent when no
 * song of the catalog has it. Numbers are typed arrays with -1 for "unknown", so a 100k-song
 * catalog costs a few hundred kilobytes of heap, not 100k objects.
 */
export interface CatalogMetadata {
  readonly names?: readonly string[];
  readonly artists?: readonly string[];
  readonly albums?: readonly string[];
  readonly popularity?: Int8Array;
  readonly durationMs?: Int32Array;
  /** 1, 0, or -1 when unknown. */
  readonly explicit?: Int8Array;
}

const TEXT = [
  ['names', 'name'],
  ['artists', 'artist'],
  ['albums', 'album'],
] as const;

/** Collects the metadata of songs given to `RecommenderModel.build`. */
export function metadataFromSongs(songs: readonly SongMetadata[]): CatalogMetadata {
  const out: { -readonly [K in keyof CatalogMetadata]: CatalogMetadata[K] } = {};
  for (const [column, field] of TEXT) if (songs.some((s) => s[field] !== undefined)) out[column] = songs.map((s) => s[field] ?? '');
  if (songs.some((s) => s.popularity !== undefined)) out.popularity = Int8Array.from(songs, (s) => s.popularity ?? -1);
  if (songs.some((s) => s.durationMs !== undefined)) out.durationMs = Int32Array.from(songs, (s) => s.durationMs ?? -1);
  if (songs.some((s) => s.explicit !== undefined)) out.explicit = Int8Array.from(songs, (s) => (s.explicit === undefined ? -1 : s.explicit ? 1 : 0));
  return out;
}

/** The bundle's JSON form of a catalog's metadata (only the columns it has). */
export function metadataToJSON(m: CatalogMetadata): Partial<CatalogJSON> {
  return {
    ...(m.names ? { names: [...m.names] } : {}),
    ...(m.artists ? { artists: pool(m.artists) } : {}),
    ...(m.albums ? { albums: pool(m.albums) } : {}),
    ...(m.popularity ? { popularity: encodeBytesBase64(new Uint8Array(m.popularity.buffer, m.popularity.byteOffset, m.popularity.byteLength)) } : {}),
    ...(m.durationMs ? { durationMs: encodeBytesBase64(int32Bytes(m.durationMs)) } : {}),
    ...(m.explicit ? { explicit: Array.from(m.explicit, (x) => (x === -1 ? '-' : String(x))).join('') } : {}),
  };
}

/**
 * Restores metadata from a validated bundle catalog; bundles written before names simply have
 * none. `where` names the catalog in errors (`json.genreModels[0].catalog`).
 */
export function metadataFromJSON(c: CatalogJSON, where = 'catalog'): CatalogMetadata {
  const n = c.uris.length;
  const popularity = c.popularity === undefined ? undefined : new Int8Array(decodeBytesBase64(c.popularity, `${where}.popularity`).buffer);
  if (popularity && (popularity.length !== n || popularity.some((p) => p < -1 || p > 100))) {
    throw new InvalidArgumentError(`${where}.popularity`, `must hold one value from -1 to 100 per uri (${n})`, ERROR_CODES.modelFormat);
  }
  const durationBytes = c.durationMs === undefined ? undefined : decodeBytesBase64(c.durationMs, `${where}.durationMs`);
  if (durationBytes && durationBytes.length !== 4 * n) throw new InvalidArgumentError(`${where}.durationMs`, `must hold one int32 per uri (${n})`, ERROR_CODES.modelFormat);
  const durationMs = durationBytes && int32sOf(durationBytes);
  if (durationMs?.some((d) => d < -1)) throw new InvalidArgumentError(`${where}.durationMs`, 'must hold durations ≥ 0 (or -1, unknown)', ERROR_CODES.modelFormat);
  return {
    ...(c.names ? { names: c.names } : {}),
    ...(c.artists ? { artists: unpool(c.artists) } : {}),
    ...(c.albums ? { albums: unpool(c.albums) } : {}),
    ...(popularity ? { popularity } : {}),
    ...(durationMs ? { durationMs } : {}),
    ...(c.explicit ? { explicit: Int8Array.from(c.explicit, (ch) => (ch === '-' ? -1 : Number(ch))) } : {}),
  };
}

/** The metadata of song `j` of a catalog: only the fields known for it. */
export function songMetadataAt(m: CatalogMetadata, j: number): SongMetadata {
  const out: SongMetadata = {};
  for (const [column, field] of TEXT) {
    const value = m[column]?.[j];
    if (value) out[field] = value;
  }
  const popularity = m.popularity?.[j] ?? -1;
  if (popularity >= 0) out.popularity = popularity;
  const durationMs = m.durationMs?.[j] ?? -1;
  if (durationMs >= 0) out.durationMs = durationMs;
  const explicit = m.explicit?.[j] ?? -1;
  if (explicit >= 0) out.explicit = explicit === 1;
  return out;
}

/** Each distinct string once, and one index per song. */
function pool(values: readonly string[]): { values: string[]; index: number[] } {
  const at = new Map<string, number>();
  const distinct: string[] = [];
  const index = values.map((v) => {
    let i = at.get(v);
    if (i === undefined) {
      i = distinct.length;
      at.set(v, i);
      distinct.push(v);
    }
    return i;
  });
  return { values: distinct, index };
}

/** A plain list (bundles written before pooling) or a pooled one, as one string per song. */
function unpool(stored: readonly string[] | { values: readonly string[]; index: readonly number[] }): readonly string[] {
  if (!('index' in stored)) return stored;
  return stored.index.map((i) => stored.values[i]!);
}

/** Little-endian bytes of int32s, whatever the platform's byte order. */
function int32Bytes(values: Int32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setInt32(i * 4, v, true));
  return bytes;
}

function int32sOf(bytes: Uint8Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}
