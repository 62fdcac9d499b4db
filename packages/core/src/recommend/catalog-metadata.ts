import type { SongMetadata } from '../data/song-metadata.js';
import type { RecommenderModelJSON } from './recommender-model-json.js';

type CatalogJSON = RecommenderModelJSON['genreModels'][number]['catalog'];

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
    ...(m.artists ? { artists: [...m.artists] } : {}),
    ...(m.albums ? { albums: [...m.albums] } : {}),
    ...(m.popularity ? { popularity: Array.from(m.popularity) } : {}),
    ...(m.durationMs ? { durationMs: Array.from(m.durationMs) } : {}),
    ...(m.explicit ? { explicit: Array.from(m.explicit, (x) => (x === -1 ? '-' : String(x))).join('') } : {}),
  };
}

/** Restores metadata from a validated bundle catalog; bundles written before names simply have none. */
export function metadataFromJSON(c: CatalogJSON): CatalogMetadata {
  return {
    ...(c.names ? { names: c.names } : {}),
    ...(c.artists ? { artists: c.artists } : {}),
    ...(c.albums ? { albums: c.albums } : {}),
    ...(c.popularity ? { popularity: Int8Array.from(c.popularity) } : {}),
    ...(c.durationMs ? { durationMs: Int32Array.from(c.durationMs) } : {}),
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
