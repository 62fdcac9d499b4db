import type { SongMetadata } from '../data/song-metadata.js';
import { songMetadataAt } from '../recommend/catalog-metadata.js';
import type { RecommenderModel } from '../recommend/recommender-model.js';
import { Ranking } from './ranking.js';
import { normalizeText } from './normalize-text.js';
import { SearchError } from './search-error.js';
import { entryAt, FIELD_TITLE, lowerBound, searchIndexOf } from './search-index.js';

/** How a hit matched: the whole title or an artist, its start, or somewhere inside. */
export type SearchMatch = 'exact' | 'prefix' | 'substring';

const MATCHES: readonly SearchMatch[] = ['exact', 'prefix', 'substring'];

/** Options of {@link searchCatalog}. */
export interface SearchCatalogOptions {
  /**
   * How many hits to return at most, 1–100.
   * @default 20
   */
  limit?: number;
  /**
   * The longest query accepted, in characters; longer ones are refused with
   * `ERR_QUERY_TOO_LONG` (no title is that long, and it bounds the work a request can ask for).
   * @default 200
   */
  maxQueryLength?: number;
}

/** One song found by {@link searchCatalog}, with the metadata the catalog has for it. */
export interface SearchHit extends SongMetadata {
  /** Track id as stored in the catalog. */
  uri: string;
  genre: string;
  /** The best way the query matched the song's title or one of its artists. */
  match: SearchMatch;
  /** Which field gave that match. */
  field: 'title' | 'artist';
}

/**
 * Finds songs of a model's catalogs by title or artist, the way a person types: case- and
 * accent-insensitive (`beyonce` finds `Beyoncé`), ranked exact > prefix > substring, then by
 * popularity, then by catalog order. Pure and deterministic; the first call on a model builds
 * its index (kept while the model lives). A model without names finds nothing.
 *
 * @throws {@link SearchError} `ERR_QUERY_TOO_LONG` over `maxQueryLength`,
 *   `ERR_QUERY_CONTROL_CHARACTER` for a query holding control characters (tab, newline, NUL…),
 *   `ERR_OUT_OF_RANGE` for a bad `limit`.
 *
 * @example
 * ```ts
 * const hits = searchCatalog(model, 'comedy', { limit: 5 });
 * hits[0]; // { uri, genre, name: 'Comedy', artist: 'Gen Hoshino', album, popularity, …, match: 'exact', field: 'title' }
 * ```
 */
export function searchCatalog(model: RecommenderModel, query: string, options: SearchCatalogOptions = {}): SearchHit[] {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SearchError('ERR_OUT_OF_RANGE', `options.limit: must be an integer from 1 to 100, got ${String(limit)}`);
  const maxQueryLength = options.maxQueryLength ?? 200;
  if (query.length > maxQueryLength) throw new SearchError('ERR_QUERY_TOO_LONG', `query: is ${query.length} characters long, more than the ${maxQueryLength} allowed`);
  const control = /\p{Cc}/u.exec(query);
  if (control) {
    throw new SearchError('ERR_QUERY_CONTROL_CHARACTER', `query: holds the control character U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${control.index + 1}; type plain text`);
  }
  const q = normalizeText(query.trim());
  if (q === '') return [];

  const index = searchIndexOf(model);
  const { entries, sorted, text, entryStart, entryPopularity, entryOffset, entrySongs, entryKinds, popularity, stamp, code } = index;
  const run = ++index.queries;
  const top = new Ranking(limit);
  // Each song is offered once, at its best match: exact and prefix entries first (the exact
  // entry, if any, is the first of the sorted range), then substrings. A rank class outweighs
  // any popularity (−1 unknown … 100); the lower song index (catalog order) breaks the rest.
  const offer = (e: number, rank: number): void => {
    for (let k = entryOffset[e]!; k < entryOffset[e + 1]!; k++) {
      const song = entrySongs[k]!;
      if (stamp[song] === run) continue;
      stamp[song] = run;
      code[song] = rank * 2 + entryKinds[k]!;
      top.push((2 - rank) * 1000 + popularity[song]!, song);
    }
  };
  for (let i = lowerBound(index, q); i < sorted.length && entries[sorted[i]!]!.startsWith(q); i++) offer(sorted[i]!, entries[sorted[i]!]!.length === q.length ? 0 : 1);
  // Substrings score their popularity alone, and entries come most popular first: stop when
  // the next entry's best song could not enter the full list.
  for (let at = text.indexOf(q); at !== -1; ) {
    const e = entryAt(entryStart, at);
    if (top.full && entryPopularity[e]! < top.worst) break;
    if (at !== entryStart[e]) offer(e, 2);
    // Later occurrences inside this entry cannot add a song: go on from the next entry.
    at = e + 1 < entryStart.length ? text.indexOf(q, entryStart[e + 1]!) : -1;
  }
  return top.songs.map((song) => {
    const g = index.genreOf[song]!;
    const j = index.rowOf[song]!;
    const { genre, catalog } = model.genreModels[g]!;
    return { uri: catalog.uris[j]!, genre, ...songMetadataAt(catalog, j), match: MATCHES[code[song]! >> 1]!, field: (code[song]! & 1) === FIELD_TITLE ? 'title' : 'artist' };
  });
}
