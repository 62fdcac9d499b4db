import type { AudioFeatures } from '@msr/core';
import { readFile as nodeReadFile } from 'node:fs/promises';
import { parseSongsCsv, type RejectedRow } from '../csv/songs-csv.js';
import { SourceFileError } from '../errors/input-errors.js';
import { SpotifyError } from '../errors/spotify-error.js';
import { normaliseTrackIds, parseTrackId } from '../ids/spotify-id.js';
import type { AudioFeaturesProvider, FeaturesLookup } from './features-provider.js';

/** A row with a track id and its nine features (a songs-base row qualifies). */
export type FeaturesRow = { readonly uri: string } & Readonly<AudioFeatures>;

/**
 * Features looked up in rows already in memory (e.g. the songs base). Rows whose `uri` is not a
 * track id are ignored; the first row wins for duplicate ids.
 *
 * @example
 * ```ts
 * const dataset = datasetFeaturesProvider(songsBase);
 * ```
 */
export function datasetFeaturesProvider(rows: Iterable<FeaturesRow>, options: { name?: string } = {}): AudioFeaturesProvider {
  const index = new Map<string, AudioFeatures>();
  for (const row of rows) {
    let id: string;
    try {
      id = parseTrackId(row.uri);
    } catch {
      continue; // documented: rows without a usable id cannot answer any lookup
    }
    if (!index.has(id)) {
      const { uri: _uri, ...rest } = row;
      index.set(id, pickKnown(rest));
    }
  }
  return { name: options.name ?? 'dataset', getFeatures: async (ids) => lookup(index, ids) };
}

function pickKnown(row: Readonly<AudioFeatures>): AudioFeatures {
  const { key, acousticness, danceability, energy, instrumentalness, loudness, speechiness, valence, tempo } = row;
  return { key, acousticness, danceability, energy, instrumentalness, loudness, speechiness, valence, tempo };
}

function lookup(index: ReadonlyMap<string, AudioFeatures>, inputs: Iterable<string>): FeaturesLookup {
  const { ids, invalid } = normaliseTrackIds(inputs);
  const features = new Map<string, AudioFeatures>();
  const notFound: string[] = [];
  for (const id of ids) {
    const value = index.get(id);
    if (value) features.set(id, value);
    else notFound.push(id);
  }
  return { features, notFound, failed: [], invalid };
}

/** Options of {@link csvFeaturesProvider}. */
export interface CsvFeaturesProviderOptions {
  /** A songs-base or Kaggle-format CSV with the nine feature columns. */
  path: string;
  /**
   * Provenance name.
   * @default 'dataset'
   */
  name?: string;
  /**
   * Reads the file.
   * @default node:fs/promises readFile (utf8)
   */
  readFile?: (path: string) => Promise<string>;
  /** Told about rows left out of the index (bad id, non-numeric feature), once, after loading. */
  onRejectedRows?: (rows: readonly RejectedRow[]) => void;
}

/**
 * Features looked up in a CSV file (the songs base or the Kaggle dataset), read once on first
 * use. A file that cannot be read or lacks the feature columns makes every lookup report a
 * `failed` entry carrying the {@link SourceFileError}, so a fallback chain moves on.
 *
 * @example
 * ```ts
 * const kaggle = csvFeaturesProvider({ path: '../shared/data/spotify-tracks-9-genres.csv' });
 * ```
 */
export function csvFeaturesProvider(options: CsvFeaturesProviderOptions): AudioFeaturesProvider {
  const read = options.readFile ?? ((path: string) => nodeReadFile(path, 'utf8'));
  let loaded: Promise<Map<string, AudioFeatures>> | undefined;
  const load = async (): Promise<Map<string, AudioFeatures>> => {
    let text: string;
    try {
      text = await read(options.path);
    } catch (error) {
      throw new SourceFileError(options.path, 'file', `cannot be read: ${(error as Error).message}`, { cause: error });
    }
    const csv = parseSongsCsv(text, { file: options.path, requireFeatures: true });
    if (csv.rejected.length > 0) options.onRejectedRows?.(csv.rejected);
    const index = new Map<string, AudioFeatures>();
    for (const row of csv.rows) if (row.features && !index.has(row.id)) index.set(row.id, row.features);
    return index;
  };
  return {
    name: options.name ?? 'dataset',
    async getFeatures(ids) {
      loaded ??= load();
      try {
        return lookup(await loaded, ids);
      } catch (error) {
        if (!(error instanceof SpotifyError)) throw error;
        loaded = undefined; // let a later call try the file again
        const { ids: valid, invalid } = normaliseTrackIds(ids);
        return { features: new Map(), notFound: [], failed: valid.length > 0 ? [{ ids: valid, error }] : [], invalid };
      }
    },
  };
}
