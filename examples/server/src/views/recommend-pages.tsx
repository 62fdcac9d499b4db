/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { RecommendationResult } from '../adapters/core-recommender.js';
import type { ResolvedPlaylist } from '../adapters/spotify-playlist-resolver.js';
import { Problems } from './layout.js';
import { SongLine } from './song-line.js';

/** The counts the form offers, as in the original app (the API takes 1–50). */
export const FORM_COUNTS = [5, 10, 15, 20] as const;

export const RecommendPage: FC<{ problems: string[]; playlist: string; count: number }> = ({ problems, playlist, count }) => (
  <section>
    <h1>Recommend songs</h1>
    <Problems messages={problems} />
    <form method="post" action="/recommend" class="recommend">
      <label>
        Playlist
        <textarea name="playlist" rows={3} required placeholder="https://open.spotify.com/playlist/… or 42 or track ids">
          {playlist}
        </textarea>
      </label>
      <p class="hint">A Spotify playlist link, a playlist number from the collection, or Spotify track ids separated by spaces.</p>
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
      <button type="submit">Recommend</button>
    </form>
  </section>
);

export const ResultsPage: FC<{ playlist: ResolvedPlaylist; result: RecommendationResult }> = ({ playlist, result }) => {
  const probabilities = Object.entries(result.probabilities).sort((a, b) => b[1] - a[1]);
  return (
    <section>
      <h1>Recommendations</h1>
      <dl class="summary">
        <dt>Playlist</dt>
        <dd>
          {playlist.name ?? 'your tracks'} — {String(playlist.tracks.length)} tracks with features
          {playlist.unknownUris.length > 0 ? `, ${playlist.unknownUris.length} unknown (ignored)` : ''}
        </dd>
        <dt>Genre</dt>
        <dd id="genre">{result.genre}</dd>
        <dt>Similarity</dt>
        <dd id="similarity">{result.similarity.toFixed(3)}</dd>
        <dt>Model</dt>
        <dd>{result.modelVersion}</dd>
      </dl>
      <ol class="songs" id="songs">
        {result.songs.map((s) => (
          <li>
            <SongLine song={s} />
            <span class="score">{s.score.toFixed(3)}</span>
          </li>
        ))}
      </ol>
      <details>
        <summary>Genre probabilities</summary>
        <table>
          <tbody>
            {probabilities.map(([genre, p]) => (
              <tr>
                <td>{genre}</td>
                <td>{p.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p>
        <a href="/recommend">Another playlist</a>
      </p>
    </section>
  );
};
