/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { trackIdFromUri, type FoundSong, type SearchHit } from '@msr/core';
import type { FC } from 'hono/jsx';
import { Problems } from './layout.js';
import { CountSelect } from './recommend-pages.js';
import { SongLine } from './song-line.js';

/** Props of {@link SearchPage}. */
export interface SearchPageProps {
  query: string;
  problems: string[];
  /** `undefined` before a search. */
  hits: SearchHit[] | undefined;
  /** The playlist built so far, with names when the catalog has them. */
  playlist: FoundSong[];
  /** How many tracks the playlist may hold. */
  max: number;
}

/**
 * One song's "Add" or "Remove" button: a form that posts the song and the current query, so
 * the page comes back with the same search (POST, redirect, GET).
 */
const PlaylistEdit: FC<{ action: 'add' | 'remove'; uri: string; query: string }> = ({ action, uri, query }) => (
  <form method="post" action={`/search/${action}`} class="inline">
    <input type="hidden" name="uri" value={uri} />
    <input type="hidden" name="q" value={query} />
    <button type="submit" class={action === 'add' ? 'small' : 'small link'}>
      {action === 'add' ? 'Add' : 'Remove'}
    </button>
  </form>
);

/**
 * Search the catalog, add songs to a playlist, ask for recommendations: plain forms, so it
 * works without JavaScript. Every button posts and comes back here (POST, redirect, GET).
 */
export const SearchPage: FC<SearchPageProps> = ({ query, problems, hits, playlist, max }) => {
  const inPlaylist = new Set(playlist.map((s) => s.uri));
  return (
    <section>
      <h1>Build a playlist</h1>
      <p class="hint">Find songs by title or artist, add them, then ask for songs like them. No Spotify account needed.</p>
      <Problems messages={problems} />
      <form method="get" action="/search" class="search" role="search">
        <label>
          Title or artist
          <input type="search" name="q" value={query} maxlength={200} autofocus />
        </label>
        <button type="submit">Search</button>
      </form>
      {hits === undefined ? null : hits.length === 0 ? (
        <p id="no-hits">No song matches “{query}”.</p>
      ) : (
        <ol class="songs hits" id="hits">
          {hits.map((hit) => (
            <li>
              <SongLine song={hit} />
              {inPlaylist.has(hit.uri) ? <span class="added"> added</span> : <PlaylistEdit action="add" uri={hit.uri} query={query} />}
            </li>
          ))}
        </ol>
      )}
      <h2>
        Your playlist ({String(playlist.length)} of {String(max)})
      </h2>
      {playlist.length === 0 ? (
        <p id="playlist-empty">Empty: search above and add a few songs.</p>
      ) : (
        <>
          <ol class="songs" id="playlist">
            {playlist.map((song) => (
              <li>
                <SongLine song={song} />
                <PlaylistEdit action="remove" uri={song.uri} query={query} />
              </li>
            ))}
          </ol>
          <form method="post" action="/recommend" class="recommend">
            {/* As spotify:track: URIs: a lone bare 22-character id would read as a playlist id. */}
            <input type="hidden" name="playlist" value={playlist.map((s) => `spotify:track:${trackIdFromUri(s.uri)}`).join(' ')} />
            <CountSelect count={10} />
            <button type="submit">Get recommendations</button>
          </form>
        </>
      )}
    </section>
  );
};
