/**
 * The params page walked in a real browser (Debian Chromium), at 1280 and 390 px wide (issue 15,
 * item 5): a refused save shows each problem beside its field, in words, and no "Saved."; a good
 * save says "Saved." once; nothing overflows sideways. Screenshots land in `.artifacts/browser/`.
 */
import { describe, expect, it } from 'vitest';
import { withBrowser } from './support/browser.js';

describe('the params page in a real browser', () => {
  for (const width of [1280, 390]) it(`at ${width} px: problems beside their fields, "Saved." only after a save, no sideways overflow`, async (ctx) => {
    await withBrowser(ctx, { name: 'params', width, asAdmin: true }, async ({ page, url, look }) => {
      await page.goto(`${url}/admin/params?saved=1`);
      expect(await page.locator('.notice').count()).toBe(0);
      expect(await page.textContent('label[for="param-GradientBoostingClassifier-max_depth"]')).toBe('Max depth GradientBoostingClassifier.max_depth');
      await look('1-form');

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
      await look('2-refused');

      await page.fill('input[name="GradientBoostingClassifier.max_depth"]', '4');
      await page.fill('input[name="GradientBoostingClassifier.n_estimators"]', '25');
      await page.selectOption('select[name="GaussianMixture.covariance_type"]', 'diag');
      await page.click('form.params button');
      expect(await page.textContent('.notice')).toBe('Saved.');
      expect(await page.locator('.field-error').count()).toBe(0);
      expect(await page.inputValue('#param-GradientBoostingClassifier-max_depth')).toBe('4');
      await look('3-saved');
      await page.reload();
      expect(await page.locator('.notice').count()).toBe(0);
    });
  }, 60_000);
});
