/**
 * The params page as an admin meets it (issue 15, item 5; issue 13): every field's label,
 * bounds and help come from the models' declarations; an error is said beside its field in
 * words; "Saved." shows only after a save that succeeded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, makeTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: Client;
beforeEach(async () => {
  t = await makeTestApp();
  admin = new Client(t.app);
  expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
});
afterEach(async () => {
  await t.close();
});

const page = async (path = '/admin/params'): Promise<string> => (await admin.request(path)).text();

describe('the params page', () => {
  it('says "Saved." only after a save that succeeded, once', async () => {
    expect(await page('/admin/params?saved=1')).not.toContain('Saved.');
    const refused = await admin.form('/admin/params', { 'GradientBoostingClassifier.max_depth': '100' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).not.toContain('Saved.');
    expect(await page()).not.toContain('Saved.');

    const saved = await admin.form('/admin/params', { 'GradientBoostingClassifier.max_depth': '4' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/params');
    expect(await page()).toContain('<p class="notice" role="status">Saved.</p>');
    expect(await page()).not.toContain('Saved.'); // a reload does not say it again
  });

  it('says each problem beside its field, for a person, and keeps what was typed', async () => {
    const res = await admin.form('/admin/params', { 'GradientBoostingClassifier.max_depth': 'deep', 'GradientBoostingClassifier.learning_rate': '0', 'GaussianMixture.n_components': '3, 3, 2000, 3' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="param-GradientBoostingClassifier-max_depth-error">Max depth must be a whole number</p>');
    expect(html).toContain('<p class="field-error" id="param-GradientBoostingClassifier-learning_rate-error">Learning rate must be greater than 0</p>');
    expect(html).toContain("Shrinks every tree&#39;s contribution. (more than 0, to 10)");
    expect(html).toContain('<p class="field-error" id="param-GaussianMixture-n_components-error">Clusters per genre: entry 3 must be at most 1000</p>');
    expect(html).toContain('name="GradientBoostingClassifier.max_depth" value="deep" id=');
    expect(html).toContain('aria-describedby="param-GradientBoostingClassifier-max_depth-error param-GradientBoostingClassifier-max_depth-hint" aria-invalid="true"');
    // A fraction for a whole number says the same.
    const half = await admin.form('/admin/params', { 'GradientBoostingClassifier.n_estimators': '2.5' });
    expect(await half.text()).toContain('>Boosting rounds must be a whole number</p>');
  });

  it('offers every declared hyper-parameter, with its input type, and an empty one keeps the model default', async () => {
    const html = await page();
    // Not in the file, declared by the model: an empty field with its label, bounds and help.
    expect(html).toMatch(/<span class="param-label">Subsample<\/span> <code>GradientBoostingClassifier.subsample<\/code>/);
    expect(html).toContain('name="GradientBoostingClassifier.subsample" value="" type="number" max="1" step="any"');
    expect(html).toContain('Share of rows drawn for each round; below 1 is stochastic boosting. (more than 0, to 1) Empty: 1.');
    expect(html).toContain('name="GaussianMixture.tol"');
    // A choice is a list to pick from.
    expect(html).toMatch(/<select name="GaussianMixture.covariance_type"[^>]*><option value="full">full<\/option><option value="tied">tied<\/option><option value="diag">diag<\/option><option value="spherical" selected="">spherical<\/option><\/select>/);

    expect((await admin.form('/admin/params', { 'GradientBoostingClassifier.subsample': '0.5', 'GaussianMixture.covariance_type': 'diag' })).status).toBe(303);
    let { params } = await jsonOf(await admin.request('/api/admin/params'));
    expect(params.GradientBoostingClassifier.subsample).toBe(0.5);
    expect(params.GaussianMixture.covariance_type).toBe('diag');
    expect((await admin.form('/admin/params', { 'GradientBoostingClassifier.subsample': '' })).status).toBe(303);
    ({ params } = await jsonOf(await admin.request('/api/admin/params')));
    expect(params.GradientBoostingClassifier).not.toHaveProperty('subsample');
    // A required key left empty is refused, in words.
    const empty = await admin.form('/admin/params', { 'GradientBoostingClassifier.max_depth': '' });
    expect(await empty.text()).toContain('>Max depth must be a whole number</p>');
  });
});
