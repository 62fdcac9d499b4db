/**
 * The params page walked in a real browser (Debian Chromium), at 1280 and 390 px wide (issue 15,
 * item 5): a refused save shows each problem beside its field, in words, and no "Saved."; a good
 * save says "Saved." once; nothing overflows sideways. Screenshots land in `.artifacts/browser/`.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config/config.js';
import { MemoryLogger } from '../src/logging/logger.js';
import { startServer } from '../src/start-server.js';
import { freePort, waitForStatus } from './support/free-port.js';
import { testPipelineConfig } from './support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = fileURLToPath(new URL('../.artifacts/browser/', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN = { username: 'root', password: 'Adm1n-password' };

/** How far the page is wider than the window (0: no horizontal scrolling). */
const overflow = async (page: Page): Promise<number> => Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));

describe('the params page in a real browser', () => {
  for (const width of [1280, 390]) it(`at ${width} px: problems beside their fields, "Saved." only after a save, no sideways overflow`, async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env['MSR_CI'] === '1') throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium; the browser test may not be skipped in CI`);
      ctx.skip(`${CHROMIUM} is not installed (apt-get install chromium, or run .ci/run): browser test skipped`);
    }
    mkdirSync(ARTEFACTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'msr-params-browser-'));
    const config = loadServerConfig({
      base: testPipelineConfig(dir),
      overrides: { port: await freePort(), database: { url: `file:${join(dir, 'server.db')}` }, admin: ADMIN, scheduler: { enabled: false } },
    });
    copyFileSync(join(dir, 'inputs', 'params.yaml'), config.paths.params);
    const server = await startServer(config, { logger: new MemoryLogger(), cwd: dir });
    let context: BrowserContext | undefined;
    const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTEFACTS, `params-${width}-${name}.png`), fullPage: true });
    try {
      await waitForStatus(`${server.url}/readyz`, 200);
      context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width, height: 900 } });
      const page = context.pages()[0] ?? (await context.newPage());
      const url = server.url;
      await page.goto(`${url}/login`);
      await page.fill('input[name=username]', ADMIN.username);
      await page.fill('input[name=password]', ADMIN.password);
      await page.click('form[action="/login"] button');
      await page.goto(`${url}/admin/params?saved=1`);
      expect(await page.locator('.notice').count()).toBe(0);
      expect(await page.textContent('label[for="param-GradientBoostingClassifier-max_depth"]')).toBe('Max depth GradientBoostingClassifier.max_depth');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, '1-form');

      // A refused save: the browser's own number check is what a person meets first; past it
      // (a fraction typed where the step allows none is sent without the browser's check here), the server's words.
      await page.fill('input[name="GradientBoostingClassifier.max_depth"]', '2.5');
      await page.fill('input[name="GradientBoostingClassifier.n_estimators"]', '20000');
      await page.$eval('form.params', (form) => form.setAttribute('novalidate', ''));
      await page.click('form.params button');
      expect(await page.locator('.notice').count()).toBe(0);
      expect(await page.textContent('#param-GradientBoostingClassifier-max_depth-error')).toBe('Max depth must be a whole number');
      expect(await page.textContent('#param-GradientBoostingClassifier-n_estimators-error')).toBe('Boosting rounds must be at most 10000');
      // Beside the field: the message sits between the field's label and its input.
      const [label, error, input] = await Promise.all(
        ['label[for="param-GradientBoostingClassifier-max_depth"]', '#param-GradientBoostingClassifier-max_depth-error', '#param-GradientBoostingClassifier-max_depth'].map(async (s) => (await page.locator(s).boundingBox())!),
      );
      expect(label!.y).toBeLessThan(error!.y);
      expect(error!.y).toBeLessThan(input!.y);
      expect(await page.inputValue('#param-GradientBoostingClassifier-max_depth')).toBe('2.5');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, '2-refused');

      await page.fill('input[name="GradientBoostingClassifier.max_depth"]', '4');
      await page.fill('input[name="GradientBoostingClassifier.n_estimators"]', '25');
      await page.selectOption('select[name="GaussianMixture.covariance_type"]', 'diag');
      await page.click('form.params button');
      expect(await page.textContent('.notice')).toBe('Saved.');
      expect(await page.locator('.field-error').count()).toBe(0);
      expect(await page.inputValue('#param-GradientBoostingClassifier-max_depth')).toBe('4');
      await shot(page, '3-saved');
      await page.reload();
      expect(await page.locator('.notice').count()).toBe(0);
    } finally {
      await context?.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
