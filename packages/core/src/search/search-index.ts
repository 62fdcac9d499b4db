import type { RecommenderModel } from '../recommend/recommender-model.js';
import { normalizeText } from './normalize-text.js';

/** What a field of the index holds. */
export const FIELD_TITLE = 0;
export const FIELD_ARTIST = 1;

/**
 * The catalog's titles and artists, folded, each distinct string once ("entries"), with the
 * songs that carry it. Prefix and exact matches come from binary search over the sorted
 * entries; substrings from the engine's native `indexOf` over all entries joined by `\u0000`,
 * instead of 100k string comparisons. Each song once (by track id; a song listed in several
 * genres keeps its first).
 */
export interface SearchIndex {
  /** Distinct folded strings, in entry order (most popular song first). */
  readonly entries: readonly string[];
  /** Entry ids sorted by their string (code-unit order). */
  readonly sorted: Int32Array;
  /** `entries` joined, each followed by `\u0000`. */
  readonly text: string;
  /** The highest popularity among each entry's songs (-1 unknown); entries are in descending order of it. */
  readonly entryPopularity: Int8Array;
  /** Start offset of each entry in `text`, ascending. */
  readonly entryStart: Int32Array;
  /** Songs of entry `e` are `entrySongs[entryOffset[e] … entryOffset[e + 1])`, with their field kinds. */
  readonly entryOffset: Int32Array;
  readonly entrySongs: Int32Array;
  readonly entryKinds: Uint8Array;
  /** Per song: its genre model and its row in that catalog. */
  readonly genreOf: Int32Array;
  readonly rowOf: Int32Array;
  /** Popularity of each song (-1 unknown). */
  readonly popularity: Int8Array;
  /** Scratch per song for one query: the query stamp that saw it, and its best match code. */
  readonly stamp: Int32Array;
  readonly code: Int8Array;
  /** Queries run so far (the current stamp). */
  queries: number;
}

const cache = new WeakMap<RecommenderModel, SearchIndex>();

/**
 * The search index of a model, built on first use and kept as long as the model lives (a
 * model is immutable, so the index never goes stale). Callers that want the first search fast
 * call it when a model is loaded.
 */
export function searchIndexOf(model: RecommenderModel): SearchIndex {
  let index = cache.get(model);
  if (!index) {
    index = buildSearchIndex(model);
    cache.set(model, index);
  }
  return index;
}

function buildSearchIndex(model: RecommenderModel): SearchIndex {
  const entryOf = new Map<string, number>();
  const folded = new Map<string, string>();
  let entries: string[] = [];
  let pairs: number[][] = []; // per entry: song * 2 + kind
  const genreOf: number[] = [];
  const rowOf: number[] = [];
  const seen = new Set<string>();
  const add = (value: string, song: number, kind: number): void => {
    let key = folded.get(value);
    if (key === undefined) {
      // A separator or control character inside a name must not split or join entries.
      key = normalizeText(value).replace(/\p{Cc}/gu, ' ').trim();
      folded.set(value, key);
    }
    if (key === '') return;
    let e = entryOf.get(key);
    if (e === undefined) {
      e = entries.length;
      entryOf.set(key, e);
      entries.push(key);
      pairs.push([]);
    }
    pairs[e]!.push(song * 2 + kind);
  };
  const popularityOf = (song: number): number => model.genreModels[genreOf[song]!]!.catalog.popularity?.[rowOf[song]!] ?? -1;
  model.genreModels.forEach(({ catalog }, g) => {
    if (!catalog.names && !catalog.artists) return;
    for (let j = 0; j < catalog.size; j++) {
      const id = catalog.ids[j]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const song = genreOf.length;
      genreOf.push(g);
      rowOf.push(j);
      const name = catalog.names?.[j];
      if (name) add(name, song, FIELD_TITLE);
      const artists = catalog.artists?.[j];
      // Kaggle lists several artists as `A;B`: each is matched on its own, so `B` is an exact hit.
      if (artists) for (const artist of artists.split(';')) add(artist, song, FIELD_ARTIST);
    }
  });
  // Entries in order of their most popular song, so a substring scan can stop as soon as no
  // later entry could enter a full result list.
  const maxPopularity = pairs.map((list) => {
    let best = -1;
    for (const p of list) best = Math.max(best, popularityOf(p >> 1));
    return best;
  });
  const order = Int32Array.from(entries.keys()).sort((a, b) => maxPopularity[b]! - maxPopularity[a]! || a - b);
  entries = Array.from(order, (e) => entries[e]!);
  pairs = Array.from(order, (e) => pairs[e]!);
  const entryPopularity = Int8Array.from(order, (e) => maxPopularity[e]!);
  const entryStart = new Int32Array(entries.length);
  const entryOffset = new Int32Array(entries.length + 1);
  let at = 0;
  entries.forEach((e, i) => {
    entryStart[i] = at;
    at += e.length + 1;
    entryOffset[i + 1] = entryOffset[i]! + pairs[i]!.length;
  });
  const entrySongs = new Int32Array(entryOffset[entries.length]!);
  const entryKinds = new Uint8Array(entrySongs.length);
  pairs.forEach((list, e) => list.forEach((p, k) => ((entrySongs[entryOffset[e]! + k] = p >> 1), (entryKinds[entryOffset[e]! + k] = p & 1))));
  const sorted = Int32Array.from(entries.keys()).sort((a, b) => (entries[a]! < entries[b]! ? -1 : entries[a]! > entries[b]! ? 1 : 0));
  return {
    entries,
    sorted,
    text: `${entries.join('\u0000')}\u0000`,
    entryStart,
    entryPopularity,
    entryOffset,
    entrySongs,
    entryKinds,
    genreOf: Int32Array.from(genreOf),
    rowOf: Int32Array.from(rowOf),
    popularity: Int8Array.from(genreOf.keys(), popularityOf),
    stamp: new Int32Array(genreOf.length),
    code: new Int8Array(genreOf.length),
    queries: 0,
  };
}

/** The first position in `sorted` whose entry is ≥ `q`. */
export function lowerBound(index: SearchIndex, q: string): number {
  let lo = 0;
  let hi = index.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.entries[index.sorted[mid]!]! < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The entry holding text offset `at`: the last entry starting at or before it. */
export function entryAt(entryStart: Int32Array, at: number): number {
  let lo = 0;
  let hi = entryStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (entryStart[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
