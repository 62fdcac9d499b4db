import { featureVector, type Song } from '@msr/core';

/** A genre of the data that was not chosen, and why. */
export interface LeftOutGenre {
  genre: string;
  /** Its valid recordings (distinct feature vectors). */
  recordings: number;
  reason: string;
}

/** Which genres a pipeline trains on, and where that choice came from. */
export interface GenreSelection {
  /** `config`: config.yaml's list; `option`: `--genres` / the `genres` option; `data`: chosen from the dataset. */
  from: 'config' | 'option' | 'data';
  /** The genres, in training order (sorted when chosen from the data). */
  genres: string[];
  /** With `from: 'data'`: the least recordings a genre needed. */
  minRecordings?: number;
  /** With `from: 'data'`: recordings of every genre of the data. */
  recordings?: Record<string, number>;
  /** With `from: 'data'`: the genres left out, with the reason. */
  leftOut?: LeftOutGenre[];
  /** With `from: 'data'`: the file the genres were read from. */
  file?: string;
  /** Why the data could not be surveyed; the ingestion stage throws it when it runs. */
  deferred?: Error;
}

/**
 * Chooses the genres with at least `minRecordings` recordings among valid songs. A recording is
 * a distinct feature vector: re-releases of one recording under several uris count once, the
 * same unit the train/test split holds out.
 */
export function selectGenres(songs: readonly Song[], options: { minRecordings: number; rowsPerGenre?: Readonly<Record<string, number>>; file?: string }): GenreSelection {
  const vectors = new Map<string, Set<string>>();
  for (const genre of Object.keys(options.rowsPerGenre ?? {})) vectors.set(genre, new Set());
  for (const song of songs) {
    let set = vectors.get(song.genre);
    if (!set) vectors.set(song.genre, (set = new Set()));
    set.add(featureVector(song).join(','));
  }
  const recordings: Record<string, number> = {};
  for (const genre of [...vectors.keys()].sort()) recordings[genre] = vectors.get(genre)!.size;
  const genres: string[] = [];
  const leftOut: LeftOutGenre[] = [];
  for (const [genre, n] of Object.entries(recordings)) {
    if (n >= options.minRecordings) genres.push(genre);
    else {
      const rows = options.rowsPerGenre?.[genre];
      const reason = n === 0 && rows ? `all its ${rows} rows are invalid` : `${n} recording${n === 1 ? '' : 's'}, fewer than min_recordings ${options.minRecordings}`;
      leftOut.push({ genre, recordings: n, reason });
    }
  }
  return { from: 'data', genres, minRecordings: options.minRecordings, recordings, leftOut, ...(options.file ? { file: options.file } : {}) };
}

/** One line saying which genres were chosen and which left out. */
export function describeSelection(selection: GenreSelection): string {
  if (selection.from !== 'data') return `genres from ${selection.from === 'config' ? 'config.yaml' : '--genres'}: ${selection.genres.join(', ')}`;
  if (selection.deferred) return `genres from the data: not chosen yet (${selection.deferred.message.split('\n')[0]})`;
  const left = selection.leftOut ?? [];
  return `genres from the data (≥ ${selection.minRecordings} recordings): ${selection.genres.map((g) => `${g} ${selection.recordings?.[g] ?? '?'}`).join(', ')}${left.length > 0 ? `; left out: ${left.map((l) => `${l.genre} (${l.reason})`).join(', ')}` : ''}`;
}
