import { z } from 'zod';
import { parseTokenKey } from '../services/token-cipher.js';

/** The `spotify` settings of "Sign in with Spotify" (docs/guides/spotify.md). */
export const spotifySignInSettings = {
  /**
   * "Sign in with Spotify": people connect their own Spotify account (authorization code with
   * PKCE, no client secret), pick one of their playlists and save recommendations to Spotify.
   * Needs `clientId` and `tokenKey`. @default false
   */
  signIn: z.boolean().default(false),
  /**
   * Where Spotify sends people back; must be registered for the app exactly.
   * @default `<publicOrigin>/spotify/callback`
   */
  redirectUri: z.url().optional(),
  /**
   * AES-256-GCM key the stored Spotify tokens are sealed with: 32 random bytes in base64
   * (`openssl rand -base64 32`). Changing it disconnects every account.
   */
  tokenKey: z.string().min(1).optional(),
};

/** Sign-in needs a client id and a usable key: the server refuses to start without them. */
export function checkSpotifySignIn(s: { signIn: boolean; clientId?: string | undefined; tokenKey?: string | undefined }, ctx: z.RefinementCtx): void {
  if (!s.signIn) return;
  if (s.clientId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['signIn'], message: 'Spotify sign-in needs the app\'s clientId (MSR_SPOTIFY_CLIENT_ID)' });
  }
  if (s.tokenKey === undefined) {
    ctx.addIssue({
      code: 'custom',
      // Reported on signIn: the setting that needs the key, and where it was turned on.
      path: ['signIn'],
      message: 'Spotify sign-in needs tokenKey (MSR_SPOTIFY_TOKEN_KEY) to encrypt the stored tokens: 32 random bytes in base64, e.g. `openssl rand -base64 32`',
    });
    return;
  }
  const parsed = parseTokenKey(s.tokenKey);
  if ('problem' in parsed) ctx.addIssue({ code: 'custom', path: ['tokenKey'], message: `tokenKey (MSR_SPOTIFY_TOKEN_KEY) ${parsed.problem}` });
}
