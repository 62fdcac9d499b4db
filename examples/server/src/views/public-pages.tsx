/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { User } from '../auth/user-repository.js';
import { Notice, Problems } from './layout.js';

export const HomePage: FC<{ user: User | undefined; modelVersion: string | undefined }> = ({ user, modelVersion }) => (
  <section>
    <h1>Songs like your playlist</h1>
    <p>
      Search the catalog for a few songs you like, and msr finds songs that sound alike, from their audio features: danceability,
      energy, tempo and six more. A Spotify link, a number from the playlist collection or a list of track ids work too.
    </p>
    {user ? (
      <p>
        <a class="button" href="/search">
          Build a playlist
        </a>{' '}
        or <a href="/recommend">recommend from a link or a number</a>.
      </p>
    ) : (
      <div class="narrow">
        <h2>Start here: create an account</h2>
        <RegisterForm username="" next="/search" />
        <p>
          Already have one? <a href="/login?next=%2Fsearch">Log in</a>.
        </p>
      </div>
    )}
    <p class="muted">{modelVersion ? `Serving model ${modelVersion}.` : 'No model is loaded yet.'}</p>
  </section>
);

/** A hidden `next` field: where the login or registration takes the person afterwards. */
const NextField: FC<{ next: string | undefined }> = ({ next }) => (next ? <input type="hidden" name="next" value={next} /> : null);

/** The registration fields, on the register page and on the home page for a first-time visitor. */
const RegisterForm: FC<{ username: string; next: string | undefined }> = ({ username, next }) => (
  <form method="post" action="/register" class="register">
    <NextField next={next} />
    <label>
      Username
      <input name="username" value={username} autocomplete="username" required minlength={3} maxlength={32} />
    </label>
    <label>
      Password
      <input name="password" type="password" autocomplete="new-password" required minlength={8} />
    </label>
    <p class="hint">At least 8 characters, with an upper-case letter, a digit and a special character.</p>
    <button type="submit">Register</button>
  </form>
);

/** `?next=…` for a link between the login and registration pages, so the way back survives. */
const nextQuery = (next: string | undefined): string => (next ? `?next=${encodeURIComponent(next)}` : '');

/** What the About page says runs: the server's `recommend` settings. */
export interface AboutPageProps {
  strategy: 'mixture' | 'mean-proba' | 'mean-features';
  multiGenre: boolean;
}

/** The About page: the algorithm this server actually runs, in plain words. */
export const AboutPage: FC<AboutPageProps> = ({ strategy, multiGenre }) => (
  <section>
    <h1>About msr</h1>
    <p>msr recommends songs like a playlist from their audio features (danceability, energy, tempo and six more), not from who listened to what.</p>
    {strategy === 'mixture' ? (
      <p id="algorithm">
        A genre classifier gives each track of your playlist a probability for every genre, and from those msr estimates how much
        of your playlist belongs to each genre — so one stray track does not decide, and a half-jazz, half-rock playlist counts as
        both. Songs of every genre with a share are then scored by that share and by how close they sit to the tracks of your
        playlist that the genre explains (features put on one scale first); the best scores come first, from all those genres,
        with near-duplicates of a song already chosen pushed down the list so it is not ten takes on one sound.
      </p>
    ) : strategy === 'mean-proba' ? (
      <p id="algorithm">
        A genre classifier gives each track of your playlist a probability for every genre; the genre with the highest average is
        the playlist's genre. That genre's Gaussian mixture says how likely your tracks are to belong to each of its clusters of
        similar songs. Every song of the genre is then scored by the likelihood of its cluster times how close it sits to the
        centre of your playlist (features put on one scale first), and the best scores come first.
      </p>
    ) : (
      <p id="algorithm">
        This server runs the original project's algorithm: the genre classifier reads the average features of your playlist and
        predicts one genre; that genre's Gaussian mixture puts the average in one cluster; songs of that cluster are ranked by how
        close they sit to your playlist (features put on one scale first).
      </p>
    )}
    {multiGenre && strategy !== 'mixture' ? <p>A playlist that mixes genres gets songs from each of them, in proportion to how likely each genre is.</p> : null}
    <p>
      Songs already in your playlist, and other releases of the same recording, are never suggested; when a genre runs out of
      songs, the next most likely genres fill the list. Each answer records how similar the suggestions are to the playlist,
      which admins watch on the monitoring page.
    </p>
    <p>The models are retrained by a pipeline that can feed new songs on a schedule and tracks every run.</p>
  </section>
);

export const RegisterPage: FC<{ problems: string[]; username: string; next?: string | undefined }> = ({ problems, username, next }) => (
  <section class="narrow">
    <h1>Create an account</h1>
    <Problems messages={problems} />
    <RegisterForm username={username} next={next} />
    <p>
      Already have one? <a href={`/login${nextQuery(next)}`}>Log in</a>.
    </p>
  </section>
);

export const LoginPage: FC<{ problems: string[]; username: string; notice?: string | undefined; next?: string | undefined }> = ({ problems, username, notice, next }) => (
  <section class="narrow">
    <h1>Log in</h1>
    <Notice text={notice} />
    <Problems messages={problems} />
    <form method="post" action="/login">
      <NextField next={next} />
      <label>
        Username
        <input name="username" value={username} autocomplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit">Log in</button>
    </form>
    <p>
      New here? <a href={`/register${nextQuery(next)}`}>Create an account</a>.
    </p>
  </section>
);

export const WelcomePage: FC<{ user: User }> = ({ user }) => (
  <section>
    <h1>Welcome, {user.username}</h1>
    <p>
      <a class="button" href="/recommend">
        Get recommendations
      </a>
    </p>
    {user.role === 'admin' ? (
      <p>
        You are an admin: <a href="/admin">model parameters, retraining, monitoring, users and the scheduler</a>.
      </p>
    ) : null}
  </section>
);

export const AccountPage: FC<{ user: User; problems: string[]; notice?: string | undefined }> = ({ user, problems, notice }) => (
  <section class="narrow">
    <h1>Your account</h1>
    <p>
      Logged in as <strong>{user.username}</strong> ({user.role}).
    </p>
    <Notice text={notice} />
    <h2>Change password</h2>
    <Problems messages={problems} />
    <form method="post" action="/account/password">
      <label>
        Current password
        <input name="currentPassword" type="password" autocomplete="current-password" required />
      </label>
      <label>
        New password
        <input name="newPassword" type="password" autocomplete="new-password" required minlength={8} />
      </label>
      <p class="hint">Changing it logs out every other session.</p>
      <button type="submit">Change password</button>
    </form>
  </section>
);

/** An error page's heading in words, by status; the message under it says what happened. */
const ERROR_HEADINGS: Record<number, string> = {
  400: 'That did not work',
  401: 'Log in first',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not now',
  413: 'Too large',
  429: 'Please wait a moment',
};

/** `loginLink`: where the page's "Log in" link goes (the login with the way back), or none. */
export const ErrorPage: FC<{ status: number; message: string; requestId: string | undefined; loginLink: string | undefined }> = ({
  status,
  message,
  requestId,
  loginLink,
}) => (
  <section class="narrow">
    <h1>{status >= 500 ? 'Something went wrong' : (ERROR_HEADINGS[status] ?? `Error ${status}`)}</h1>
    <p class="problems" role="alert">
      {message}
    </p>
    {loginLink ? (
      <p>
        <a href={loginLink}>Log in</a>
      </p>
    ) : null}
    {requestId ? <p class="muted">Request id: {requestId}</p> : null}
  </section>
);

/**
 * The page for an address the site does not have: what happened in words and where to go next
 * (the API keeps its `no route for GET …` message, for developers).
 */
export const NotFoundPage: FC<{ path: string; loggedIn: boolean }> = ({ path, loggedIn }) => (
  <section class="narrow">
    <h1>Not found</h1>
    <p class="problems" role="alert">
      There is no page at <code>{path.length > 80 ? `${path.slice(0, 80)}…` : path}</code>. The address may be mistyped, or the page has moved.
    </p>
    <p id="not-found-ways">
      Go to the <a href="/">home page</a>, <a href="/search">search for songs</a>
      {loggedIn ? (
        <>
          {' '}
          or <a href="/recommend">get recommendations</a>
        </>
      ) : null}
      .
    </p>
  </section>
);
