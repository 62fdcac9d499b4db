/**
 * The feed's invalid rows on the admin monitoring page, in Debian's Chromium at 1280 and 390 px
 * over real HTTP: before any feed the page says so; after an admin runs the scheduled feed on a
 * dropped CSV with invalid rows, the page and `GET /api/admin/monitoring` show how many the feed
 * set aside, by problem, and the newest five with file, row, field and reason — no server paths,
 * nothing scrolls sideways. Screenshots land in `examples/server/.artifacts/browser/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_NAMES } from '@msr/core';
import { describe, expect, it, vi } from 'vitest';
import { withBrowser } from './support/browser.js';
import { makeCatalog, trackId } from './support/catalog.js';

/**
 * A CSV dropped in the feed folder: two new valid rock songs and seven invalid rows, on lines
 * 3 and 5–10 (line 1 is the header).
 */
function dropSongs(folder: string): void {
  const songs = makeCatalog(9, 99).filter((s) => s.genre === 'rock');
  const rows = songs.map((s, i) => [trackId('fedrock', i), 'rock', ...FEATURE_NAMES.map((f) => String(s.features[f]))]);
  const set = (row: number, feature: string, value: string) => {
    rows[row]![2 + FEATURE_NAMES.indexOf(feature as (typeof FEATURE_NAMES)[number])] = value;
  };
  set(1, 'energy', '7'); // line 3
  set(3, 'tempo', 'fast'); // line 5
  set(4, 'energy', '8'); // line 6
  set(5, 'danceability', ''); // line 7
  set(6, 'energy', '9'); // line 8
  set(7, 'valence', '-1'); // line 9
  set(8, 'tempo', 'slow'); // line 10
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'fed-songs.csv'), `${[['uri', 'genre', ...FEATURE_NAMES].join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
}

describe("the feed's quarantine on the admin monitoring page, in a real browser", () => {
  it.for([1280, 390])('at %i px: "no feed yet", then the count, the problems and the newest five rows with file, row, field and reason', { timeout: 240_000 }, async (width, ctx) => {
    await withBrowser(ctx, { name: 'feed-quarantine', width, asAdmin: true }, async ({ dir, page, url, look }) => {
      await page.goto(`${url}/admin/monitoring?range=1h`);
      expect(await page.textContent('#feed-quarantine')).toContain('No feed yet');
      expect((await (await page.request.get(`${url}/api/admin/monitoring?range=1h`)).json()).feedQuarantine).toBeNull();
      await look('1-no-feed');

      // The admin runs the scheduled feed from its page, and waits until the run has ended.
      dropSongs(join(dir, 'new'));
      await page.goto(`${url}/admin/scheduler`);
      await page.click('form[action="/admin/scheduler/run"] button');
      const lastRun = async () => (await (await page.request.get(`${url}/api/admin/scheduler`)).json()).runs[0];
      const run = await vi.waitUntil(async () => {
        const r = await lastRun();
        return r?.status !== 'running' && r;
      }, { timeout: 120_000, interval: 200 });
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', summary: { added: 2, retrained: false } });

      const api = await page.request.get(`${url}/api/admin/monitoring?range=1h`);
      expect(api.status()).toBe(200);
      const body = await api.text();
      const fed = JSON.parse(body).feedQuarantine;
      expect(fed.quarantined).toBe(7);
      // The CSV reader refuses every one of them (code invalid_row), naming the field.
      expect(fed.counts).toEqual([{ code: 'invalid_row', rows: 7 }]);
      // The newest first: the feed read the file top down, so lines 10, 9, 8, 7, 6.
      expect(fed.newest.map((r: { file: string; row: number; field: string }) => [r.file, r.row, r.field])).toEqual([
        ['fed-songs.csv', 10, 'tempo'],
        ['fed-songs.csv', 9, 'valence'],
        ['fed-songs.csv', 8, 'energy'],
        ['fed-songs.csv', 7, 'danceability'],
        ['fed-songs.csv', 6, 'energy'],
      ]);
      for (const r of fed.newest) expect(r.reason).toMatch(new RegExp(`^${r.field}: .+`));
      expect(Math.abs(fed.at - Date.now())).toBeLessThan(120_000);
      expect(body).not.toContain(dir);

      await page.goto(`${url}/admin/monitoring?range=1h`);
      const section = (await page.textContent('#feed-quarantine'))!;
      expect(section).toMatch(/Last feed \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\): 7 rows set aside as invalid/);
      expect(section).toContain('The newest 5 of 7:');
      // Each problem in a sentence beside its code.
      expect(await page.textContent('#feed-quarantine table.quarantine tbody td')).toBe(
        'The file reader refused the row: a cell missing, out of range or not a number (each row below names the field and why). invalid_row',
      );
      const cells = await page.$$eval('#feed-quarantine table.feed-rows tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td as { textContent: string | null }).textContent)));
      expect(cells.map((c) => c.slice(0, 3))).toEqual([
        ['fed-songs.csv', '10', 'tempo'],
        ['fed-songs.csv', '9', 'valence'],
        ['fed-songs.csv', '8', 'energy'],
        ['fed-songs.csv', '7', 'danceability'],
        ['fed-songs.csv', '6', 'energy'],
      ]);
      expect(cells.map((c) => c[3])).toEqual(fed.newest.map((r: { reason: string }) => r.reason));
      expect(await page.content()).not.toContain(dir);
      await look('2-after-feed');
    });
  });
});
