/**
 * The data's genres were surveyed once, at start: when config.yaml names no genres and a retrain
 * brings a new genre (the dataset grew one), the new model served it, but the admin's params still
 * counted the old genres — a per-genre `n_components` list for the new set was refused until a
 * restart. (A genre enters the songs base the retrain reads with `msr rebuild-base` on a dataset
 * that has it, say.) Over real HTTP on the server process (`src/main.ts`): after the retrain and hot swap,
 * the new genre is listed by `GET /api/admin/params` and on the params page, and a count per genre
 * of the new set is accepted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv, parseCsv } from '@msr/pipeline';
import { describe, expect, it } from 'vitest';
import { TEST_GENRES } from './support/catalog.js';
import { jsonOf } from './support/json.js';
import { ADMIN_PASSWORD, adminApi, retrainToEnd, serverProcesses } from './support/server-process.js';

const processes = serverProcesses('msr-new-genre-');

/** A workspace whose config.yaml names no genres (the data's are used), with the server's params file `params`. */
function genresFromData(params: string): { dir: string; env: Record<string, string> } {
  const { dir, env } = processes.workspace();
  const config = join(dir, 'inputs', 'config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/ {2}genres:\n( {4}- .*\n)+/m, '  min_recordings: 1\n'));
  writeFileSync(join(dir, 'server-params.yaml'), params);
  return { dir, env };
}

/**
 * Adds a fifth genre, `blues`, to the songs base the retrain reads (what `msr rebuild-base` on a
 * dataset with one more genre leaves): the jazz rows with new ids and a slower tempo (new recordings).
 */
function addBlues(songsBase: string): void {
  const { header, rows } = parseCsv(readFileSync(songsBase, 'utf8'));
  const col = (name: string): number => header.indexOf(name);
  const blues = rows
    .filter((r) => r[col('genre')] === 'jazz')
    .map((r, i) => {
      const row = [...r];
      row[col('uri')] = `blue${String(i).padStart(4, '0')}`.padEnd(22, 'X');
      row[col('genre')] = 'blues';
      row[col('tempo')] = String(Number(r[col('tempo')]) - 45);
      row[col('name')] = `blues song ${i}`;
      return row;
    });
  expect(blues.length).toBeGreaterThan(10);
  writeFileSync(songsBase, formatCsv(header, [...rows, ...blues]));
}

describe('a genre a retrain brings is offered without a restart (real HTTP)', () => {
  it('lists it in the params API and page, and accepts a count per genre of the new set', async () => {
    // One count for every genre, so the retrain runs whatever the genres.
    const { dir, env } = genresFromData('GradientBoostingClassifier: {learning_rate: 0.1, max_depth: 3, n_estimators: 20}\nGaussianMixture: {covariance_type: spherical, default_n_components: 3, random_state: 42}\n');
    const server = await processes.start(env);
    const { url } = server;
    const api = await adminApi(url);
    const before = await jsonOf(await api('/params'));

    addBlues(join(dir, 'pipeline', 'data', 'raw', 'song_df.csv'));
    const done = await retrainToEnd(api, url);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    // The retrain's model serves (the job's success includes its hot swap).
    expect((await jsonOf(await api('/models'))).serving).toBe(done.result?.bundle?.version);

    // A count per genre of the new set is accepted (it was refused: "the data gives 4 genres").
    const after = await jsonOf(await api('/params'));
    const put = await api('/params', { method: 'PUT', headers: { origin: url }, body: JSON.stringify({ ...after.params, GaussianMixture: { ...after.params.GaussianMixture, n_components: [2, 3, 3, 3, 3] } }) });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(before.genres).toEqual([...TEST_GENRES]);
    expect(after.genres).toEqual(['blues', 'classical', 'edm', 'jazz', 'rock']);
    // The form names the genres of its per-genre counts, the new one among them.
    const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const page = await (await fetch(`${url}/admin/params`, { headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! } })).text();
    expect(page).toContain('One per genre, in this order: blues, classical, edm, jazz, rock.');
  }, 240_000);

  it('counts a genre the data gained before any retrain, so a per-genre list for it can be saved (the retrain would refuse the old one)', async () => {
    // A count for each of the four genres.
    const { dir, env } = genresFromData('GradientBoostingClassifier: {learning_rate: 0.1, max_depth: 3, n_estimators: 20}\nGaussianMixture: {covariance_type: spherical, n_components: [3, 3, 3, 3], random_state: 42}\n');
    const server = await processes.start(env);
    const { url } = server;
    const api = await adminApi(url);
    const { params } = await jsonOf(await api('/params'));
    expect(params.GaussianMixture.n_components).toEqual([3, 3, 3, 3]);

    addBlues(join(dir, 'pipeline', 'data', 'raw', 'song_df.csv'));
    const put = await api('/params', { method: 'PUT', headers: { origin: url }, body: JSON.stringify({ ...params, GaussianMixture: { ...params.GaussianMixture, n_components: [2, 3, 3, 3, 3] } }) });
    expect(put.status, await put.clone().text()).toBe(200);
    const four = await api('/params', { method: 'PUT', headers: { origin: url }, body: JSON.stringify(params) });
    expect(four.status).toBe(400);
    expect((await jsonOf(four)).error.issues[0].message).toMatch(/^lists 4 component counts but the data gives \(genres with ≥ 1 recordings\) 5 genres \(blues, classical, edm, jazz, rock\)/);
  }, 120_000);
});
