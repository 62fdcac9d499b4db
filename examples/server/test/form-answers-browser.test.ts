/**
 * The answers a person gets back from the forms, in Debian's Chromium at 1280 and 390 px on the
 * real server: a bare id in the recommend box says how it was read; a rate-limited recommend
 * keeps what was typed; a monitoring range it cannot read keeps the page, with the error beside
 * the field; an unknown address says so in words. Nothing scrolls sideways. Screenshots land in
 * `examples/server/.artifacts/browser/form-answers-*.png`.
 */
import { describe, expect, it } from 'vitest';
import { withBrowser } from './support/browser.js';
import { trackId } from './support/catalog.js';

describe('what the forms answer, in a real browser', () => {
  it.for([1280, 390])('at %i px', { timeout: 240_000 }, async (width, ctx) => {
    await withBrowser(ctx, { name: 'form-answers', width, asAdmin: true, overrides: { rateLimits: { recommendPerMinute: 1 } } }, async ({ page, url, look }) => {
      // A bare id of a catalog song: read as that song, and the page says so.
      const id = trackId('jazz', 3);
      await page.goto(`${url}/recommend`);
      await page.fill('textarea[name=playlist]', id);
      await page.click('form.recommend button');
      expect(await page.textContent('main h1')).toBe('Recommendations');
      expect(await page.textContent('#read-as')).toBe(`“${id}” is a song in this server's catalog, so it was read as one track. For a Spotify playlist with that id, paste its link instead.`);
      expect(await page.isVisible('#read-as')).toBe(true);
      await look('1-bare-id');

      // The second recommendation in the minute is refused: the form comes back with the text.
      const typed = `${trackId('rock', 1)} ${trackId('rock', 2)}`;
      await page.goto(`${url}/recommend`);
      await page.fill('textarea[name=playlist]', typed);
      await page.selectOption('select[name=count]', '15');
      const refused = page.waitForResponse((r) => r.url() === `${url}/recommend` && r.request().method() === 'POST');
      await page.click('form.recommend button');
      expect((await refused).status()).toBe(429);
      expect(await page.textContent('main .problems')).toMatch(/^too many requests \(recommend: 1 per minute\); try again in \d+ s$/);
      expect(await page.inputValue('textarea[name=playlist]')).toBe(typed);
      expect(await page.inputValue('select[name=count]')).toBe('15');
      await look('2-rate-limited');

      // A range it cannot read: the monitoring page, the error beside From, the typed text kept.
      expect((await page.goto(`${url}/admin/monitoring`))!.status()).toBe(200);
      await page.fill('input[name=from]', 'last tuesday');
      await page.click('form.inline-form button');
      expect(await page.textContent('main h1')).toBe('Monitoring');
      expect(await page.inputValue('input[name=from]')).toBe('last tuesday');
      expect(await page.getAttribute('input[name=from]', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#range-from-error')).toContain('From is not a date and time');
      expect(await page.isVisible('#chart svg')).toBe(true);
      expect(await page.isVisible('#data-quality')).toBe(true);
      await look('3-monitoring-bad-range');

      // An address the site does not have.
      expect((await page.goto(`${url}/recommendations/old-link`))!.status()).toBe(404);
      expect(await page.textContent('main .problems')).toBe('There is no page at /recommendations/old-link. The address may be mistyped, or the page has moved.');
      await page.click('#not-found-ways >> text=get recommendations');
      expect(page.url()).toBe(`${url}/recommend`);
      await page.goBack();
      await look('4-not-found');
    });
  });
});
