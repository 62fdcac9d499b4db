import { z } from 'zod';

/** One track of a Million Playlist Dataset playlist. */
export const mpdTrackSchema = z.looseObject({
  pos: z.number().int().min(0),
  track_uri: z.string().min(1),
  track_name: z.string(),
  artist_name: z.string(),
  artist_uri: z.string().optional(),
  album_uri: z.string().optional(),
  album_name: z.string().optional(),
  duration_ms: z.number().int().min(0).optional(),
});

/** One track of an MPD playlist. */
export type MpdTrack = z.infer<typeof mpdTrackSchema>;

/** One playlist in the Million Playlist Dataset (MPD) format the original read from `playlists.json`. */
export const playlistSchema = z.looseObject({
  pid: z.number().int().min(0),
  name: z.string(),
  num_tracks: z.number().int().min(0),
  tracks: z.array(mpdTrackSchema),
  collaborative: z.union([z.string(), z.boolean()]).optional(),
  modified_at: z.number().optional(),
  num_albums: z.number().int().optional(),
  num_followers: z.number().int().optional(),
  num_edits: z.number().int().optional(),
  duration_ms: z.number().optional(),
  num_artists: z.number().int().optional(),
});

/** An MPD-format playlist. */
export type Playlist = z.infer<typeof playlistSchema>;

/** An MPD slice file: `{ info?, playlists: [...] }`. */
export const playlistFileSchema = z.looseObject({
  info: z.record(z.string(), z.unknown()).optional(),
  playlists: z.array(playlistSchema),
});

/** An MPD slice file. */
export type PlaylistFile = z.infer<typeof playlistFileSchema>;
