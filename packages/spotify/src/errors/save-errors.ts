import { SpotifyError } from './spotify-error.js';

/**
 * Saving a playlist failed after Spotify had created it. The half-filled playlist was removed
 * from the user's library (`removed`), unless that failed too, in which case the message names it
 * so the user can delete it. The failure that stopped the save is the `cause`.
 */
export class PlaylistSaveError extends SpotifyError {
  override readonly name = 'PlaylistSaveError';
  /** The playlist Spotify created. */
  readonly playlistId: string;
  /** Items added before the failure. */
  readonly added: number;
  /** Whether the half-filled playlist was removed again. */
  readonly removed: boolean;

  constructor(playlistId: string, added: number, total: number, removed: boolean, cause: unknown) {
    super(
      'ERR_SPOTIFY_PLAYLIST_SAVE',
      removed
        ? `saving the playlist stopped after ${added} of ${total} tracks and was undone: ${(cause as Error).message}`
        : `saving the playlist stopped after ${added} of ${total} tracks; the incomplete playlist ${playlistId} could not be removed and is still in the library: ${(cause as Error).message}`,
      { cause },
    );
    this.playlistId = playlistId;
    this.added = added;
    this.removed = removed;
  }
}
