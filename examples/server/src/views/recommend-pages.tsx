/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { WhyThisSong } from '../routes/why-this-song.js';
import type { RecommendationResult } from '../adapters/core-recommender.js';
import type { BareIdReading, ResolvedPlaylist } from '../adapters/spotify-playlist-resolver.js';
import { Problems } from './layout.js';
import { renderFeatureChart } from './charts/feature-chart.js';
import { renderGenreChart } from './charts/genre-chart.js';
import { SongLine } from './song-line.js';

/** The counts the form offers, as in the original app (the API takes 1–50). */
export const FORM_COUNTS = [5, 10, 15, 20] as const;

/** "How many songs": the counts the forms offer. */
export const CountSelect: FC<{ count: number }> = ({ count }) => (
  <label>
    How many songs
    <select name="count">
      {FORM_COUNTS.map((n) => (
        <option value={String(n)} selected={n === count}>
          {String(n)}
        </option>
      ))}
    </select>
  </label>
);

/**
 * Text that reads as words rather than a link, a number or track ids: a person looking for songs
 * by name, whom the search page serves.
 */
const looksLikeWords = (text: string): boolean => /[a-z]/i.test(text) && !/spotify|^\s*\d+\s*$|[0-9A-Za-z]{22}/.test(text);

export const RecommendPage: FC<{ problems: string[]; playlist: string; count: number }> = ({ problems, playlist, count }) => (
  <section>
    <h1>Recommend songs</h1>
    <Problems messages={problems} />
    {problems.length > 0 && looksLikeWords(playlist) ? (
      <p id="try-search">
        Looking for songs by title or artist? <a href={`/search?q=${encodeURIComponent(playlist.trim().slice(0, 200))}`}>Search for “{playlist.trim().slice(0, 60)}”</a>, add
        the songs you like, then get recommendations.
      </p>
    ) : null}
    <form method="post" action="/recommend" class="recommend">
      <label>
        Playlist
        <textarea name="playlist" rows={3} required placeholder="https://open.spotify.com/playlist/… or 42 or track ids">
          {playlist}
        </textarea>
      </label>
      <p class="hint">A Spotify playlist link, a playlist number from the collection, or Spotify track ids separated by spaces.</p>
      <CountSelect count={count} />
      <button type="submit">Recommend</button>
    </form>
  </section>
);

/** Which reading of a bare id was taken, in a sentence: tracks and playlists share that form. */
const READINGS: Record<BareIdReading, (id: string) => string> = {
  'catalog-track': (id) => `“${id}” is a song in this server's catalog, so it was read as one track. For a Spotify playlist with that id, paste its link instead.`,
  playlist: (id) => `“${id}” was read as a Spotify playlist id.`,
  track: (id) => `“${id}” is not a playlist this server can read, so it was read as one track.`,
};

/** Props of {@link ResultsPage}. */
export interface ResultsPageProps {
  playlist: ResolvedPlaylist;
  result: RecommendationResult;
  /** Features for the "why this song" charts; without it each song shows its genre and score only. */
  why?: WhyThisSong | undefined;
}

/**
 * The recommendations: each song with its genre, its score and — "why this song" — a small chart
 * of its audio features beside the playlist's average; the genre probabilities as a bar chart.
 * The charts are server-drawn SVG with a title and a description stating every value.
 */
export const ResultsPage: FC<ResultsPageProps> = ({ playlist, result, why }) => (
  <section>
    <h1>Recommendations</h1>
    {playlist.readAs ? (
      <p id="read-as" class="hint">
        {READINGS[playlist.readAs.as](playlist.readAs.id)}
      </p>
    ) : null}
    <dl class="summary">
      <dt>Playlist</dt>
      <dd>
        {playlist.name ?? 'your tracks'} — {`${playlist.tracks.length} track${playlist.tracks.length === 1 ? '' : 's'}`} with features
        {playlist.unknownUris.length > 0 ? `, ${playlist.unknownUris.length} unknown (ignored)` : ''}
      </dd>
      <dt>Genre</dt>
      <dd id="genre">{result.genre}</dd>
      <dt>Similarity</dt>
      <dd id="similarity">{result.similarity.toFixed(3)}</dd>
      <dt>Model</dt>
      <dd>{result.modelVersion}</dd>
    </dl>
    <figure id="genre-probabilities" class="chart-figure">
      {raw(renderGenreChart({ probabilities: result.probabilities, genre: result.genre }))}
      <figcaption>How likely each genre is for your playlist.</figcaption>
    </figure>
    {why ? (
      <p class="hint">
        Beside each song, its audio features (bars) and your playlist's average (dark ticks): the closer they line up, the more alike they sound.
      </p>
    ) : null}
    <ol class="songs results" id="songs">
      {result.songs.map((s, i) => {
        const features = why?.features.get(s.uri);
        return (
          <li>
            <div class="result">
              <div class="result-text">
                <SongLine song={s} />
                <span class="why-meta">
                  {s.genre ? (
                    <>
                      <span class="genre">{s.genre}</span> ·{' '}
                    </>
                  ) : null}
                  score <span class="score">{s.score.toFixed(3)}</span>
                </span>
              </div>
              {features && why ? (
                <div class="why">{raw(renderFeatureChart({ id: `why-${i + 1}`, label: s.label, song: features, playlist: why.playlistMean }))}</div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
    <p>
      <a href="/search">Build another playlist</a> · <a href="/recommend">Recommend from a link or a number</a>
    </p>
  </section>
);
