/**
 * The admin monitoring chart read in Debian's Chromium at 1280 and 390 px: the chart is a
 * drawing scaled to the page's width, so on a phone its type would shrink to under 5 px. Every
 * text the chart shows must render at 10.5 px or more, its time labels must not overlap, its
 * legend must be readable (under the chart), the plot must fill the page's width (no empty
 * legend column beside it), and nothing scrolls sideways. Screenshots land in
 * `examples/server/.artifacts/browser/`.
 */
import { describe, expect, it } from 'vitest';
import { withBrowser } from './support/browser.js';
import { trackId } from './support/catalog.js';

/** What the page shows of the chart's texts: each visible one's rendered size and box, and the legend's; where the plot and the drawing end. */
interface ChartTexts {
  texts: { text: string; px: number; box: { x: number; y: number; width: number; height: number }; tick: boolean }[];
  legend: { text: string; px: number }[];
  /** Right edges in px: the plot's frame, the drawing, the page's content column. */
  right: { plot: number; svg: number; main: number };
}

describe('the monitoring chart in a real browser', () => {
  it.for([1280, 768, 390])('at %i px: every chart text renders at 10.5 px or more, time labels apart, the legend readable', { timeout: 240_000 }, async (width, ctx) => {
    await withBrowser(ctx, { name: 'monitoring-chart', width, asAdmin: true }, async ({ page, url, look }) => {
      // Requests of two genres put dots, a rolling mean and two legend entries on the chart.
      for (const genre of ['rock', 'jazz', 'rock']) {
        const res = await page.request.post(`${url}/api/recommend`, { headers: { origin: url }, data: { playlist: { uris: [1, 2, 3].map((i) => trackId(genre, i)) }, count: 5 } });
        expect(res.status(), await res.text()).toBe(200);
      }
      await page.goto(`${url}/admin/monitoring?range=1h`);
      expect(await page.locator('#chart svg circle.point').count()).toBe(3);
      await look('page');

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
        const edge = (el) => el.getBoundingClientRect().right;
        const main = document.querySelector('main');
        const right = { plot: edge(svg.querySelector('rect')), svg: edge(svg), main: edge(main) - parseFloat(getComputedStyle(main).paddingRight) };
        return { texts, legend, right };
      })()`);
      expect(read.texts.length).toBeGreaterThan(5);
      for (const t of read.texts) expect(t.px, `"${t.text}" at ${width} px`).toBeGreaterThanOrEqual(10.5);
      const ticks = read.texts.filter((t) => t.tick).sort((a, b) => a.box.x - b.box.x);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.box.x, `"${ticks[i]!.text}" overlaps "${ticks[i - 1]!.text}"`).toBeGreaterThanOrEqual(ticks[i - 1]!.box.x + ticks[i - 1]!.box.width);
      // Every genre and the rolling mean are named readably: in the drawing, or under it.
      const named = [...read.texts.map((t) => t.text), ...read.legend.filter((l) => l.px >= 10.5).map((l) => l.text)];
      for (const entry of ['rolling mean', 'jazz', 'rock']) expect(named, entry).toContain(entry);
      // The plot uses the page's width: no empty legend column beside it (it took 60 px of a
      // phone's 342), and the drawing reaches the content column's edge as the tables below do.
      expect(read.right.svg - read.right.plot, `space right of the plot at ${width} px`).toBeLessThanOrEqual(24);
      expect(read.right.main - read.right.svg, `space right of the drawing at ${width} px`).toBeLessThanOrEqual(1);
    });
  });

  it.for([1280, 390])('at %i px: an empty range says so clear of the threshold label', { timeout: 240_000 }, async (width, ctx) => {
    await withBrowser(ctx, { name: 'monitoring-chart-empty', width, asAdmin: true }, async ({ page, url, look }) => {
      await page.goto(`${url}/admin/monitoring?range=1h`);
      expect(await page.locator('#chart svg circle.point').count()).toBe(0);
      await look('empty');
      const boxes: { note: DOMRectLike; label: DOMRectLike } = await page.evaluate(`(() => {
        const svg = document.querySelector('#chart svg.chart');
        const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
        const note = [...svg.querySelectorAll('text')].find((el) => el.textContent === 'no requests in this range');
        return { note: box(note), label: box(svg.querySelector('text.threshold-label')) };
      })()`);
      const apart = (a: DOMRectLike, b: DOMRectLike): boolean => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(boxes.note.width).toBeGreaterThan(0);
      expect(apart(boxes.note, boxes.label), `"no requests" ${JSON.stringify(boxes.note)} overlaps the threshold label ${JSON.stringify(boxes.label)} at ${width} px`).toBe(true);
    });
  });
});

interface DOMRectLike {
  x: number;
  y: number;
  width: number;
  height: number;
}
