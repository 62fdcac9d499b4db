/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { spotifyTrackUrl } from '@msr/core';
import type { TrackSummary, UserPlaylistsPage } from '@msr/spotify';
import type { FC } from 'hono/jsx';
import { Notice, Problems } from './layout.js';

/** The connected account, as the page shows it. */
export interface ConnectedAccount {
  spotifyUserId: string;
  displayName: string | undefined;
}

const ConnectForm: FC<{ label: string }> = ({ label }) => (
  <p>
    <a class="button" href="/spotify/connect" id="spotify-connect">
      {label}
    </a>
  </p>
);

/** `/spotify`: connect, or the connected account's playlists (a page at a time) and Disconnect. */
export const SpotifyPage: FC<{ account: ConnectedAccount | undefined; playlists: UserPlaylistsPage | undefined; problems: string[]; notice?: string | undefined }> = ({
  account,
  playlists,
  problems,
  notice,
}) => (
  <section>
    <h1>Spotify</h1>
    <Notice text={notice} />
    <Problems messages={problems} />
    {account ? (
      <>
        <p id="spotify-account">
          Connected as <strong>{account.displayName ?? account.spotifyUserId}</strong>.
        </p>
        {playlists ? <PlaylistList page={playlists} /> : null}
        <form method="post" action="/spotify/disconnect">
          <button type="submit" class="danger">
            Disconnect Spotify
          </button>
        </form>
        <p class="hint">Disconnecting deletes the Spotify tokens this server keeps for you.</p>
      </>
    ) : (
      <>
        <p>Connect your Spotify account to get recommendations for one of your playlists and to save them to Spotify as a new private playlist.</p>
        <ConnectForm label="Connect Spotify" />
        <p class="hint">
          msr asks to read your private and collaborative playlists and to create private playlists. Your Spotify password never reaches this server; the tokens it receives are
          stored encrypted and deleted when you disconnect or delete your account.
        </p>
      </>
    )}
  </section>
);

const PlaylistList: FC<{ page: UserPlaylistsPage }> = ({ page }) => {
  const from = page.offset + 1;
  const to = page.offset + page.items.length;
  return (
    <>
      <h2>Your playlists</h2>
      {page.items.length === 0 ? (
        <p>No playlists on this page.</p>
      ) : (
        <ul id="spotify-playlists" class="songs">
          {page.items.map((p) => (
            <li>
              <span class="title">{p.name}</span>
              <span class="muted">
                {' '}
                — {p.collaborative ? 'collaborative' : p.readable ? 'yours' : `by ${p.ownerName ?? p.ownerId}`}
                {p.total === undefined ? '' : `, ${p.total} track${p.total === 1 ? '' : 's'}`}
              </span>
              {p.readable ? (
                <form method="post" action="/spotify/recommend" class="inline">
                  <input type="hidden" name="playlist" value={p.id} />
                  <input type="hidden" name="count" value="10" />
                  <button type="submit" class="small">
                    Recommend
                  </button>
                </form>
              ) : (
                <span class="hint"> (followed: Spotify lets apps read only playlists you own or collaborate on)</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <nav class="ranges">
        <span class="muted">
          {page.items.length === 0 ? '' : `${from}–${to} of ${page.total}`}
        </span>
        {page.offset > 0 ? <a href={`/spotify?offset=${Math.max(0, page.offset - page.limit)}`}>Previous</a> : null}
        {page.nextOffset !== undefined ? <a href={`/spotify?offset=${page.nextOffset}`}>Next</a> : null}
      </nav>
    </>
  );
};

/** What the Spotify results add under the usual results: skipped tracks, the cap, Save to Spotify. */
export const SpotifyResultsExtras: FC<{
  playlistName: string;
  skipped: TrackSummary[];
  truncated: { used: number; total: number | undefined } | undefined;
  trackIds: string[];
}> = ({ playlistName, skipped, truncated, trackIds }) => (
  <section>
    {truncated ? (
      <p class="notice" role="status" id="spotify-truncated">
        {`"${playlistName}" has ${truncated.total === undefined ? 'more than' : truncated.total.toLocaleString('en')} tracks${truncated.total === undefined ? ` ${truncated.used}` : ''}: the recommendations use its first ${truncated.used}.`}
      </p>
    ) : null}
    {skipped.length > 0 ? (
      <details open id="spotify-skipped">
        <summary>{`${skipped.length} track${skipped.length === 1 ? '' : 's'} skipped: no audio features known for ${skipped.length === 1 ? 'it' : 'them'}`}</summary>
        <ul>
          {skipped.map((t) => (
            <li>
              {t.name ? `${t.name}${t.artist ? ` — ${t.artist}` : ''} ` : `${t.id} `}
              <a class="open" href={spotifyTrackUrl(t.id)} rel="noreferrer noopener" target="_blank">
                Open in Spotify
              </a>
            </li>
          ))}
        </ul>
      </details>
    ) : null}
    <SaveForm name={`msr: like ${playlistName}`.slice(0, 100)} trackIds={trackIds} problems={[]} />
  </section>
);

/** Save to Spotify: the recommended tracks as a new private playlist. */
export const SaveForm: FC<{ name: string; trackIds: string[]; problems: string[] }> = ({ name, trackIds, problems }) => (
  <form method="post" action="/spotify/save" id="spotify-save">
    <h2>Save to Spotify</h2>
    <Problems messages={problems} />
    <label>
      Playlist name
      <input name="name" value={name} maxlength={100} required />
    </label>
    <input type="hidden" name="tracks" value={trackIds.join(' ')} />
    <button type="submit">Save to Spotify</button>
    <p class="hint">{`Creates a private playlist with these ${trackIds.length} songs in your Spotify account.`}</p>
  </form>
);

/** After a save. */
export const SavedPage: FC<{ name: string; url: string; added: number }> = ({ name, url, added }) => (
  <section>
    <h1>Saved to Spotify</h1>
    <p class="notice" role="status" id="spotify-saved">
      {`Saved "${name}" with ${added} song${added === 1 ? '' : 's'} to your Spotify account, as a private playlist.`}
    </p>
    <p>
      <a href={url} rel="noreferrer noopener" target="_blank" class="button">
        Open in Spotify
      </a>{' '}
      <a href="/spotify">Back to your playlists</a>
    </p>
  </section>
);

/** A sign-in or save that could not go on, with the way forward. */
export const SpotifyProblemPage: FC<{ title: string; message: string; reconnect?: boolean }> = ({ title, message, reconnect }) => (
  <section>
    <h1>{title}</h1>
    <Problems messages={[message]} />
    {reconnect ? <ConnectForm label="Connect Spotify again" /> : null}
    <p>
      <a href="/spotify">Back to Spotify</a>
    </p>
  </section>
);

/**
 * `/spotify` on a server without Sign in with Spotify: not a dead end (its old "Back to Spotify"
 * led to itself) but the ways a person gets recommendations here without a Spotify account.
 */
export const SpotifyOffPage: FC<{ admin: boolean }> = ({ admin }) => (
  <section id="spotify-off">
    <h1>Spotify</h1>
    <p>Sign in with Spotify is not set up on this server, so it cannot read your Spotify playlists or save to your account.</p>
    <ul>
      <li>
        <a href="/search">Build a playlist</a> from the catalog by title or artist, then get recommendations.
      </li>
      <li>
        <a href="/recommend">Paste the track links</a> of a Spotify playlist (or a playlist number from the collection).
      </li>
    </ul>
    {admin ? (
      <p class="hint">
        As an admin: Sign in with Spotify is turned on with <code>spotify.signIn</code> in the server's configuration (see the server guide).
      </p>
    ) : null}
  </section>
);
