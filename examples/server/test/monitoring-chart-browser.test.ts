/**
 * The admin monitoring chart read in Debian's Chromium at 1280 and 390 px: the chart is an
 * 800-unit drawing scaled to the page's width, so on a phone its type would shrink to under
 * 5 px. Every text the chart shows must render at 10.5 px or more, its time labels must not
 * overlap, its legend must be readable (under the chart on a phone), and nothing scrolls
 * sideways. Screenshots land in `examples/server/.artifacts/browser/`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ServerHandle } from '../src/start-server.js';
import { BROWSER_ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, expectFitsViewport, logIn, requireChromium, startRealServer } from './support/browser.js';
import { trackId } from './support/catalog.js';
import { ADMIN } from './support/test-app.js';

/** What the page shows of the chart's texts: each visible one's rendered size and box, and the legend's. */
interface ChartTexts {
  texts: { text: string; px: number; box: { x: number; y: number; width: number; height: number }; tick: boolean }[];
  legend: { text: string; px: number }[];
}

describe('the monitoring chart in a real browser', () => {
  it.for([1280, 390])('at %i px: every chart text renders at 10.5 px or more, time labels apart, the legend readable', { timeout: 240_000 }, async (width, ctx) => {
    requireChromium((reason) => ctx.skip(reason));
    const dir = mkdtempSync(join(tmpdir(), 'msr-monitoring-chart-'));
    let server: ServerHandle | undefined;
    let context: BrowserContext | undefined;
    try {
      server = await startRealServer(dir);
      const url = server.url;
      context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width, height: 900 } });
      const page = context.pages()[0] ?? (await context.newPage());
      await logIn(page, url, ADMIN.username, ADMIN.password);
      // Requests of two genres put dots, a rolling mean and two legend entries on the chart.
      for (const genre of ['rock', 'jazz', 'rock']) {
        const res = await page.request.post(`${url}/api/recommend`, { headers: { origin: url }, data: { playlist: { uris: [1, 2, 3].map((i) => trackId(genre, i)) }, count: 5 } });
        expect(res.status(), await res.text()).toBe(200);
      }
      await page.goto(`${url}/admin/monitoring?range=1h`);
      expect(await page.locator('#chart svg circle.point').count()).toBe(3);
      await page.screenshot({ path: join(BROWSER_ARTEFACTS, `monitoring-chart-${width}.png`), fullPage: true });
      await expectFitsViewport(page, `monitoring at ${width} px`);

      // In the page (no DOM types in the test): rendered size = the font size in drawing units × the drawing's scale.
      const read: ChartTexts = await page.evaluate(`(() => {
        const svg = document.querySelector('#chart svg.chart');
        const scale = svg.getScreenCTM().a;
        const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none';
        const texts = [...svg.querySelectorAll('text')].filter(shown).map((el) => {
          const r = el.getBoundingClientRect();
          return { text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize) * scale, box: { x: r.x, y: r.y, width: r.width, height: r.height }, tick: el.classList.contains('tick-x') };
        });
        const caption = document.querySelector('#chart figcaption');
        const legend = caption && shown(caption) ? [...caption.querySelectorAll('span')].map((el) => ({ text: el.textContent.trim(), px: parseFloat(getComputedStyle(el).fontSize) })) : [];
        return { texts, legend };
      })()`);
      expect(read.texts.length).toBeGreaterThan(5);
      for (const t of read.texts) expect(t.px, `"${t.text}" at ${width} px`).toBeGreaterThanOrEqual(10.5);
      const ticks = read.texts.filter((t) => t.tick).sort((a, b) => a.box.x - b.box.x);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.box.x, `"${ticks[i]!.text}" overlaps "${ticks[i - 1]!.text}"`).toBeGreaterThanOrEqual(ticks[i - 1]!.box.x + ticks[i - 1]!.box.width);
      // Every genre and the rolling mean are named readably: in the drawing, or under it.
      const named = [...read.texts.map((t) => t.text), ...read.legend.filter((l) => l.px >= 10.5).map((l) => l.text)];
      for (const entry of ['rolling mean', 'jazz', 'rock']) expect(named, entry).toContain(entry);
    } finally {
      await context?.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
