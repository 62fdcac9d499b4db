/**
 * Sign in with Spotify and Save to Spotify in a real headless Chromium (JavaScript off: forms and
 * redirects only), against the real server on 127.0.0.1 and the spec-checked fake Spotify: the
 * redirect dance through the fake's authorize page, the user's playlists, recommendations with
 * the skipped tracks, Save to Spotify, Disconnect. Screenshots at 1280 and 390 px go to
 * `examples/server/.artifacts/browser/spotify-*.png`.
 */
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../../packages/spotify/test/support/fake.js';
import { registerAndLogIn, withBrowser } from './support/browser.js';
import { makeCatalog, trackId } from './support/catalog.js';

const APP = { clientId: 'msr-browser-test', clientSecret: 'unused-by-pkce', extendedAccess: false };
const jazz = makeCatalog().filter((s) => s.genre === 'jazz');
const UNKNOWN = { id: 'NotInTheSongsBase00000', name: 'A song msr does not know', artist: 'Somebody', genre: 'jazz' };
const MINE = '1AliceJazzPlaylist0000';

const fake = useFakeSpotify(() => ({
  tracks: [...jazz.map((s) => ({ id: s.uri, name: s.name, artist: s.artist, genre: 'jazz' })), UNKNOWN],
  playlists: [
    { id: MINE, name: 'Late-night jazz for a very long drive through the countryside', ownerId: 'alice', entries: [0, 1, 2, 3, 4, 5].map((i) => trackId('jazz', i)).concat(UNKNOWN.id) },
    { id: '2SharedWithAlice000000', name: 'shared jazz', ownerId: 'bob', collaborators: ['alice'], entries: [trackId('jazz', 9)] },
    { id: '3CarolsPlaylist0000000', name: "carol's favourites", ownerId: 'carol', followers: ['alice'], entries: [] },
  ],
  apps: [APP],
  authorizeAs: 'alice',
}));

describe('Sign in with Spotify and Save to Spotify, in a real browser', () => {
  it.for([1280, 390])('at %i px: connects through the redirect dance, recommends from an own playlist, saves to Spotify, disconnects', { timeout: 180_000 }, async (width, ctx) => {
    const spotify = { signIn: true, clientId: APP.clientId, tokenKey: Buffer.alloc(32, 9).toString('base64'), apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl };
    // JavaScript off: forms and redirects only.
    await withBrowser(ctx, { name: 'spotify', width, javaScript: false, overrides: { spotify } }, async ({ page, url, look }) => {
      await registerAndLogIn(page, url, 'ada');

      await page.click('header nav >> text=Spotify');
      await look('1-connect');
      await page.click('text=Connect Spotify');
      // Off to the fake's /authorize, which approves at once and sends the browser back.
      await page.waitForURL(/\/spotify\?connected=1$/);
      expect(await page.textContent('[role=status]')).toBe('Your Spotify account is connected.');
      expect(await page.textContent('#spotify-account')).toBe('Connected as alice.');
      const rows = await page.locator('#spotify-playlists li').allTextContents();
      // Three given playlists, and the one the 1280 px run saved (the fake lives for the file).
      expect(rows.length).toBe(width === 1280 ? 3 : 4);
      expect(rows.find((r) => r.startsWith("carol's favourites"))).toContain('followed: Spotify lets apps read only playlists you own or collaborate on');
      expect(await page.locator('#spotify-playlists li form button').count()).toBe(rows.length - 1);
      await look('2-playlists');

      await page.locator('#spotify-playlists li').first().locator('button').click();
      expect(await page.textContent('#genre')).toBe('jazz');
      expect(await page.locator('#songs li').count()).toBe(10);
      expect(await page.textContent('#spotify-skipped summary')).toBe('1 track skipped: no audio features known for it');
      expect(await page.textContent('#spotify-skipped li')).toContain('A song msr does not know — Somebody');
      await look('3-results');

      await page.fill('#spotify-save input[name=name]', 'msr: late-night jazz');
      await page.click('#spotify-save button');
      expect(await page.textContent('#spotify-saved')).toBe('Saved "msr: late-night jazz" with 10 songs to your Spotify account, as a private playlist.');
      const href = await page.locator('a.button', { hasText: 'Open in Spotify' }).getAttribute('href');
      const id = /^https:\/\/open\.spotify\.com\/playlist\/(\w+)$/.exec(href ?? '')?.[1];
      expect(fake().playlist(id!)).toMatchObject({ ownerId: 'alice', public: false, name: 'msr: late-night jazz' });
      expect(fake().playlist(id!)!.entries).toHaveLength(10);
      await look('4-saved');

      await page.click('text=Back to your playlists');
      await page.click('text=Disconnect Spotify');
      expect(await page.textContent('[role=status]')).toBe('Spotify disconnected: its tokens were deleted from this server.');
      expect(await page.locator('text=Connect Spotify').count()).toBe(1);
    });
  });
});
