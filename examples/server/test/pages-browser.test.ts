/**
 * What a person meets on the pages, in Debian's Chromium at 1280 and 390 px, on a server with
 * the default rate limits: words typed where a playlist goes get a plain answer and a way to the
 * search page (not the API's list of forms naming a file); the search button lines up with its
 * box; `/spotify` without Sign in with Spotify offers the ways that work instead of a link to
 * itself; empty job and run lists say so; error pages have a heading in words; the
 * why-this-song charts' labels read at 10.5 px or more. Nothing scrolls sideways. Screenshots
 * land in `examples/server/.artifacts/browser/pages-*.png`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withBrowser } from './support/browser.js';

/** The box of the first element `selector` matches. */
async function box(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await page.locator(selector).first().boundingBox();
  expect(found, selector).not.toBeNull();
  return found!;
}

describe('the pages as a person meets them, in a real browser', () => {
  it.for([1280, 390])('at %i px: plain answers, ways forward, aligned controls', { timeout: 240_000 }, async (width, ctx) => {
    await withBrowser(ctx, { name: 'pages', width, asAdmin: true }, async ({ page, url, look }) => {
      // Words where a playlist goes: what was wrong, in a sentence, and the search for those words.
      await page.goto(`${url}/recommend`);
      await page.fill('textarea[name=playlist]', 'jazz song');
      await page.click('form.recommend button');
      const problem = (await page.textContent('main .problems'))!;
      expect(problem).toContain('“jazz song” is not a playlist link, a playlist number or a list of track ids');
      expect(problem).not.toContain('playlists.json');
      expect(problem).not.toContain('Accepted forms');
      // The problem list stands apart from the "Playlist" label under it.
      const problems = await box(page, 'main .problems');
      const label = await box(page, 'form.recommend label');
      expect(label.y - (problems.y + problems.height), 'space between the problems and the label').toBeGreaterThanOrEqual(8);
      await look('1-recommend-words');
      await page.click('#try-search a');
      expect(page.url()).toBe(`${url}/search?q=jazz%20song`);
      expect(await page.locator('#hits li').count()).toBeGreaterThan(0);

      // A one-song playlist built on the search page gets recommendations, and "why this song":
      // every label of the small feature charts reads at 10.5 px or more.
      await page.locator('#hits li form[action="/search/add"] button').first().click();
      await page.click('text=Get recommendations');
      // One song is a playlist too: its bare 22-character id was read as a Spotify playlist id
      // ("this server has no Spotify access configured").
      expect(await page.locator('main .problems').count(), (await page.textContent('main'))!).toBe(0);
      expect(await page.textContent('main dl')).toContain('your tracks — 1 track with features');
      const sizes: number[] = await page.evaluate(`[...document.querySelectorAll('svg.why-chart')].flatMap((svg) =>
        [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a))`);
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.min(...sizes), 'smallest why-this-song label in px').toBeGreaterThanOrEqual(10.5);
      await look('1b-results');
      await page.goto(`${url}/search?q=jazz%20song`);

      // The search button stands level with the search box.
      const input = await box(page, 'form.search input[name=q]');
      const button = await box(page, 'form.search button');
      expect(Math.abs(input.y + input.height - (button.y + button.height)), 'bottom of the box vs the button').toBeLessThanOrEqual(1);
      await look('2-search');

      // Spotify is not set up: the page offers the ways that work, and no link back to itself.
      await page.goto(`${url}/spotify`);
      expect(await page.locator('main a[href="/spotify"]').count()).toBe(0);
      expect(await page.locator('main a[href="/search"]').count()).toBe(1);
      expect(await page.locator('main a[href="/recommend"]').count()).toBe(1);
      expect(await page.locator('main .problems').count()).toBe(0);
      await look('3-spotify-off');

      // Empty lists say so, rather than a table of headers alone.
      await page.goto(`${url}/admin/retrain`);
      expect(await page.textContent('#no-jobs')).toContain('No jobs yet');
      expect(await page.locator('table.jobs').count()).toBe(0);
      await look('4-retrain-empty');
      await page.goto(`${url}/admin/scheduler`);
      expect(await page.textContent('#no-runs')).toContain('No runs yet');
      expect(await page.locator('table.runs').count()).toBe(0);
      await look('5-scheduler-empty');

      // An error page's heading is in words.
      expect((await page.goto(`${url}/admin/nowhere`))!.status()).toBe(404);
      expect(await page.textContent('main h1')).toBe('Not found');
      await look('6-not-found');
    });
  });
});
