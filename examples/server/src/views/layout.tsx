/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Child, FC } from 'hono/jsx';
import type { User } from '../auth/user-repository.js';

/** Props of {@link Layout}. */
export interface LayoutProps {
  title: string;
  user: User | undefined;
  /** Reload the page every N seconds (job status pages; no script needed). */
  refreshSeconds?: number;
  children?: Child;
}

/** The page frame: head, navigation, main. Our own stylesheet, no script, no CDN. */
export const Layout: FC<LayoutProps> = ({ title, user, refreshSeconds, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
      <title>{`${title} · msr`}</title>
      <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/assets/app.css" />
    </head>
    <body>
      <header class="site">
        <a class="brand" href="/">
          msr
        </a>
        <nav>
          <a href="/about">About</a>
          {user ? <a href="/search">Search</a> : null}
          {user ? <a href="/recommend">Recommend</a> : null}
          {user ? <a href="/spotify">Spotify</a> : null}
          {user?.role === 'admin' ? <a href="/admin">Admin</a> : null}
          {user ? (
            <>
              <a href="/account">{user.username}</a>
              <form method="post" action="/logout" class="inline">
                <button type="submit" class="link">
                  Log out
                </button>
              </form>
            </>
          ) : (
            <>
              <a href="/login">Log in</a>
              <a href="/register">Register</a>
            </>
          )}
        </nav>
      </header>
      <main>{children}</main>
      <footer class="site">msr — music recommendations from audio features</footer>
    </body>
  </html>
);

/** A list of problems above a form. */
export const Problems: FC<{ messages: string[] }> = ({ messages }) =>
  messages.length === 0 ? null : (
    <div class="problems" role="alert">
      <ul>
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );

/** A one-line success notice. */
export const Notice: FC<{ text: string | undefined }> = ({ text }) => (text ? <p class="notice" role="status">{text}</p> : null);
