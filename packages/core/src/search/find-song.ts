import { trackIdFromUri } from '../data/track-id.js';
import type { SongMetadata } from '../data/song-metadata.js';
import { songMetadataAt } from '../recommend/catalog-metadata.js';
import type { RecommenderModel } from '../recommend/recommender-model.js';

/** A catalog song found by {@link findSong}. */
export interface FoundSong extends SongMetadata {
  /** Track id as stored in the catalog. */
  uri: string;
  genre: string;
}

/**
 * The catalog song with this track id (any form: bare id, `spotify:track:…`, open.spotify.com
 * link), from the first genre that lists it, with its metadata; `undefined` when no catalog has it.
 */
export function findSong(model: RecommenderModel, uri: string): FoundSong | undefined {
  const id = trackIdFromUri(uri);
  for (const { genre, catalog } of model.genreModels) {
    const j = catalog.idIndex.get(id);
    if (j !== undefined) return { uri: catalog.uris[j]!, genre, ...songMetadataAt(catalog, j) };
  }
  return undefined;
}
