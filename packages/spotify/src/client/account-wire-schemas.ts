/**
 * The parts of the signed-in user's endpoints this package reads (`/me`, `/me/playlists`, the
 * playlist writes), as zod schemas: loose objects, every field we use checked.
 */
import { z } from 'zod';
import { paging } from './wire-schemas.js';

/** `GET /me`: the user's id and display name. */
export const wireCurrentUser = z.looseObject({ id: z.string().min(1), display_name: z.string().nullable().optional() });

/** A SimplifiedPlaylistObject of `GET /me/playlists` (`items` since 2026, `tracks` before). */
export const wireSimplifiedPlaylist = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  collaborative: z.boolean().optional(),
  public: z.boolean().nullable().optional(),
  owner: z.looseObject({ id: z.string(), display_name: z.string().nullable().optional() }),
  items: z.looseObject({ total: z.number().int().nonnegative() }).optional(),
  tracks: z.looseObject({ total: z.number().int().nonnegative() }).nullable().optional(),
});

/** `GET /me/playlists`. Spotify sends `null` for an entry it can no longer show. */
export const wirePlaylistsPage = paging(wireSimplifiedPlaylist.nullable());

/** `POST /me/playlists` (201): the new playlist. */
export const wireCreatedPlaylist = z.looseObject({ id: z.string().min(1), name: z.string().optional() });

/** `POST /playlists/{id}/items` (201). */
export const wireSnapshot = z.looseObject({ snapshot_id: z.string().optional() });
