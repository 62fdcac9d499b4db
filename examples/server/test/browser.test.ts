import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../../packages/spotify/test/support/fake.js';
import { withBrowser } from './support/browser.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { ADMIN } from './support/test-app.js';

const SPOTIFY_APP = { clientId: 'msr-browser-test', clientSecret: 'not-a-real-secret', extendedAccess: false };
const PLAYLIST = '4AdasOwnJazzList000000';
const fake = useFakeSpotify(() => ({
  tracks: makeCatalog()
    .filter((s) => s.genre === 'jazz')
    .map((s) => ({ id: s.uri, name: s.name, artist: s.artist, genre: s.genre })),
  playlists: [{ id: PLAYLIST, name: "ada's jazz", ownerId: 'ada', entries: [1, 2, 3, 4, 5].map((i) => trackId('jazz', i)) }],
  apps: [SPOTIFY_APP],
}));

async function until(page: Page, probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

describe('a real browser', () => {
  it('registers, logs in, gets recommendations (track links, a playlist number, a Spotify link); an admin edits params, retrains the real pipeline and sees the chart', async (ctx) => {
    // The real model, trained by the real pipeline on the small test dataset; the retrain below
    // runs the whole pipeline again (a few seconds with the quick test parameters: 20 boosting
    // rounds instead of the original's 250).
    const spotify = {
      clientId: SPOTIFY_APP.clientId,
      refreshToken: fake().issueUserToken('ada', { clientId: SPOTIFY_APP.clientId, refresh: true }).refreshToken!,
      apiBaseUrl: fake().apiBaseUrl,
      accountsBaseUrl: fake().accountsBaseUrl,
    };
    await withBrowser(ctx, { name: 'browser', overrides: { spotify } }, async ({ server, config, context, page, url, screenshot: shot }) => {
      const initialVersion = server.services.modelStore.current()?.info.version;
      const blocked: string[] = [];
      page.on('console', (m) => m.type() === 'error' && blocked.push(m.text()));
      page.on('requestfailed', (r) => blocked.push(`${r.url()} ${r.failure()?.errorText}`));

      // Register and log in as a plain user.
      await page.goto(`${url}/`);
      await shot('01-home');
      // A first-time visitor registers on the home page and is logged in at once (issue 15); then
      // logs out and in again through the login form.
      await page.fill('form[action="/register"] input[name=username]', 'ada');
      await page.fill('form[action="/register"] input[name=password]', 'Sup3r-secret');
      await page.click('form[action="/register"] button');
      expect(page.url()).toBe(`${url}/search`);
      await page.click('header >> text=Log out');
      await page.click('header >> text=Log in');
      await page.fill('input[name=username]', 'ada');
      await page.fill('input[name=password]', 'Sup3r-secret');
      await page.click('form[action="/login"] button');
      expect(page.url()).toBe(`${url}/welcome`);
      expect(await page.textContent('h1')).toBe('Welcome, ada');
      const cookie = (await context.cookies()).find((c) => c.name === 'msr_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

      // Recommendations from three rock track links, from playlist number 1, and from a Spotify link.
      await page.click('text=Get recommendations');
      await page.fill('textarea[name=playlist]', [1, 2, 3].map((i) => `https://open.spotify.com/track/${trackId('rock', i)}`).join('\n'));
      await page.selectOption('select[name=count]', '10');
      await page.click('form.recommend button');
      expect(await page.textContent('#genre')).toBe('rock');
      expect(await page.locator('#songs li').count()).toBe(10);
      expect(await page.textContent('main dl')).toContain(initialVersion!);
      // The stylesheet loaded under the CSP (computed style comes from app.css).
      const display = await page
        .locator('header.site')
        .evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display);
      expect(display).toBe('flex');
      await shot('02-results');
      await page.goto(`${url}/recommend`);
      await page.fill('textarea[name=playlist]', '1');
      await page.selectOption('select[name=count]', '5');
      await page.click('form.recommend button');
      expect(await page.textContent('#genre')).toBe('classical');
      expect(await page.textContent('main dl')).toContain('quiet evening');
      expect(await page.locator('#songs li').count()).toBe(5);
      await page.goto(`${url}/recommend`);
      await page.fill('textarea[name=playlist]', `https://open.spotify.com/playlist/${PLAYLIST}?si=shared`);
      await page.click('form.recommend button');
      expect(await page.textContent('#genre')).toBe('jazz');
      expect(await page.textContent('main dl')).toContain("ada's jazz");
      await shot('02b-spotify-link');
      await Promise.all([page.waitForURL(`${url}/`), page.click('button:has-text("Log out")')]);

      // The admin: change a parameter.
      await page.goto(`${url}/login`);
      await page.fill('input[name=username]', ADMIN.username);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('form[action="/login"] button');
      await page.click('text=Admin');
      const before = await page.textContent('main p');
      await page.click('text=Model parameters');
      await page.fill('input[name="GradientBoostingClassifier.learning_rate"]', '0.05');
      await page.click('form.params button');
      expect(await page.textContent('.notice')).toBe('Saved.');
      expect(readFileSync(config.paths.params, 'utf8')).toContain('learning_rate: 0.05');
      await shot('03-params');

      // Retrain and watch it finish (the page refreshes itself while the job runs).
      await page.goto(`${url}/admin/retrain`);
      await page.click('text=Start a retrain');
      expect(page.url()).toMatch(new RegExp(`^${url}/admin/retrain/[0-9a-f-]{36}$`));
      expect(await page.textContent('#job-status')).toBe('running');
      await shot('04-retrain-running');
      await until(page, async () => (await page.textContent('#job-status')) !== 'running', 60_000, 'the retrain to finish');
      expect(await page.textContent('#job-status'), (await page.textContent('main')) ?? '').toBe('succeeded');
      // The result in words and a table, no raw JSON (issue 15).
      const summary = (await page.textContent('#job-result'))!;
      expect(await page.locator('main pre').count()).toBe(0);
      expect(await page.textContent('#job-params tr:has(code:text-is("GradientBoostingClassifier.learning_rate")) td')).toBe('0.05');
      expect(summary).toMatch(/Ran \d+ stages? \([^)]*model trainer/);
      const result = { bundle: { version: /produced model (\S+)\./.exec(summary)![1]! } };
      await shot('05-retrain-succeeded');
      await page.goto(`${url}/admin`);
      const after = await page.textContent('main p');
      expect(after).not.toBe(before); // the new model is serving
      expect(after).toContain(result.bundle.version);

      // Monitoring: the three recommendations above are on the chart.
      await page.goto(`${url}/admin/monitoring?range=1h`);
      expect(await page.locator('#chart svg circle.point').count()).toBe(3);
      expect(await page.locator('#chart svg polyline.rolling-mean').count()).toBe(1);
      expect(await page.locator('#chart svg line.threshold').count()).toBe(1);
      await shot('06-monitoring');
      expect(blocked, blocked.join('\n')).toEqual([]);
    });
  }, 150_000);
});
