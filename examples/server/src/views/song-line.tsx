/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { formatArtists, spotifyTrackUrl, trackIdFromUri, type SongMetadata } from '@msr/core';
import type { FC } from 'hono/jsx';

/**
 * A song as a person recognises it — title — artists · album — and an "Open in Spotify" link.
 * Names come from datasets: hono/jsx escapes every text child and attribute, so a name holding
 * HTML is shown as text.
 */
export const SongLine: FC<{ song: SongMetadata & { uri: string } }> = ({ song }) => (
  <span class="song">
    {song.name ? (
      <>
        <span class="title">{song.name}</span>
        {song.artist ? <span class="artist"> — {formatArtists(song.artist)}</span> : null}
        {song.album ? <span class="album"> · {song.album}</span> : null}
      </>
    ) : (
      <span class="title id">{trackIdFromUri(song.uri)}</span>
    )}{' '}
    <a class="open" href={spotifyTrackUrl(song.uri)} rel="noreferrer noopener" target="_blank">
      Open in Spotify
    </a>
  </span>
);
