import type { AudioFeatures } from '@msr/core';

/**
 * One songs-base row: `uri` is the bare 22-character Spotify track id (the original renamed
 * `track_id` to `uri`), then the genre, optional name/artist and the nine features.
 *
 * Defined locally until `@msr/core` exports its `Song` type; the shapes are meant to be the same.
 */
export type SongRow = { uri: string; genre: string; name?: string; artist?: string } & AudioFeatures;
