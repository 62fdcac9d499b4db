/**
 * Issue 13, problem 2: when the pipeline's config.yaml names no genres, they come from the data,
 * and the server's params check could not count `GaussianMixture.n_components`; an old 10-entry
 * list was saved and failed only when a retrain ran. The server now counts against the genres the
 * data gives, the way the pipeline's load does, and refuses the save naming the key.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, testApps } from './support/test-app.js';
import { TEST_GENRES } from './support/catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'msr-params-genres-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The test pipeline's config.yaml without its genre list: the data's four genres are used. */
function genreLessConfig(): string {
  const file = join(dir, 'config.yaml');
  const text = readFileSync(join(inject('serverPipelineTemplate'), 'inputs', 'config.yaml'), 'utf8');
  writeFileSync(file, text.replace(/ {2}genres:\n( {4}- .*\n)+/m, '  min_recordings: 1\n'));
  expect(readFileSync(file, 'utf8')).not.toMatch(/^\s+genres:/m);
  return file;
}

const app = testApps();

describe('params checked against the genres of the data (config.yaml names none)', () => {
  it('refuses an n_components list of the wrong length at save, naming the key, over the API and the form', async () => {
    const t = await app({ config: { paths: { pipelineConfig: genreLessConfig() } } });
    const admin = new Client(t.app);
    expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
    const { params } = await jsonOf(await admin.request('/api/admin/params'));
    expect(params.GaussianMixture.n_components).toHaveLength(TEST_GENRES.length);

    // The original's ten entries: the data has four genres.
    const ten = { ...params, GaussianMixture: { ...params.GaussianMixture, n_components: Array(10).fill(3) } };
    const put = await admin.json('/api/admin/params', ten, 'PUT');
    expect(put.status).toBe(400);
    const issue = (await jsonOf(put)).error.issues[0];
    expect(issue.path).toEqual(['GaussianMixture', 'n_components']);
    expect(issue.message).toMatch(/^lists 10 component counts but the data gives \(genres with ≥ 1 recordings\) 4 genres \(classical, edm, jazz, rock\); give one per genre/);
    expect((await jsonOf(await admin.request('/api/admin/params'))).params).toEqual(params); // nothing written

    const form = await admin.form('/admin/params', { 'GaussianMixture.n_components': '3, 3, 3, 3, 3, 3, 3, 3, 3, 3' });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('Clusters per genre lists 10 component counts but the data gives (genres with ≥ 1 recordings) 4 genres');

    const four = await admin.json('/api/admin/params', { ...params, GaussianMixture: { ...params.GaussianMixture, n_components: [2, 3, 4, 5] } }, 'PUT');
    expect(four.status).toBe(200);
  });

  it('refuses to start on an old params file whose n_components lists the original ten, naming the file and the key', async () => {
    const old = join(dir, 'old-params.yaml');
    writeFileSync(old, 'GradientBoostingClassifier: {learning_rate: 0.1, max_depth: 3, n_estimators: 20}\nGaussianMixture: {covariance_type: spherical, n_components: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], random_state: 42}\n');
    const error = await app({ config: { paths: { pipelineConfig: genreLessConfig(), params: old } } }).catch((e: unknown) => e);
    // The pipeline's own load, before any stage runs: a ConfigError with the file, key and reason.
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_INVALID_CONFIG' });
    expect((error as Error).message).toMatch(/old-params\.yaml.*GaussianMixture\.n_components.*lists 10 component counts but the data gives/s);
  });
});
