/**
 * Issue 12, the feed and the songs base at the CLI: what a user of `msr run --force`,
 * `msr feed` and `msr rebuild-base` meets.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { captureIo } from './__fixtures__/capture-io.js';
import { main } from './main.js';
import { formatCsv } from '../csv/format-csv.js';
import { parseCsv } from '../csv/parse-csv.js';

let fixture: PipelineRoot;
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

function io() {
  return captureIo({ env: {}, cwd: fixture.root });
}

const HEADER = 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo';
/** The base's rows in HEADER's layout: the base also carries the songs' names, after the features. */
const baseRows = async (): Promise<string[]> => parseCsv(await readFile(base(), 'utf8')).rows.map((r) => r.slice(0, 11).join(','));
/** A row for the base itself: HEADER's cells, then empty name cells (names are optional). */
const baseRow = async (line: string): Promise<string> => line + ','.repeat(parseCsv(await readFile(base(), 'utf8')).header.length - 11);
const row = (id: string, genre: string): string => `${id},${genre},1,0.1,0.2,0.3,0,-7,0.05,0.5,100`;
const newId = (i: number): string => `NEW${String(i).padStart(19, '0')}`;
const base = (): string => join(fixture.root, 'data/raw/song_df.csv');
const uris = async (): Promise<string[]> => parseCsv(await readFile(base(), 'utf8')).rows.map((r) => r[0]!);

describe('msr run --force and msr rebuild-base (issue 12 bug 2)', () => {
  it('msr run --force recomputes without throwing away fed songs', async () => {
    const q = ['--config', fixture.config, '--params', fixture.quickParams, '-q'];
    expect(await main(['run', ...q], io())).toBe(0);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    await writeFile(join(fixture.root, 'data/new/batch.csv'), [HEADER, row(newId(1), 'jazz'), row(newId(2), 'rock')].join('\n') + '\n');
    expect(await main(['feed', ...q], io())).toBe(0);
    expect(await uris()).toContain(newId(1));

    const forced = io();
    expect(await main(['run', '--force', ...q, '--json'], forced)).toBe(0);
    expect(JSON.parse(forced.out()).ran).toContain('model_trainer');
    expect(await uris()).toEqual(expect.arrayContaining([newId(1), newId(2)]));
    expect(await uris()).toHaveLength(302);
  });

  it('an ingested cell that overflows to Infinity is named by row, line and column with why, under --on-invalid fail', async () => {
    const table = parseCsv(await readFile(fixture.dataset, 'utf8'));
    table.rows[5]![table.header.indexOf('tempo')] = '1e999';
    await writeFile(fixture.dataset, formatCsv(table.header, table.rows));
    const strict = io();
    expect(await main(['rebuild-base', '--on-invalid', 'fail', '--config', fixture.config, '-q'], strict)).toBe(2);
    expect(strict.err()).toContain(`${fixture.dataset}: has 1 invalid row (policy fail; set data_validation.policy: quarantine to set them aside):\n  row 6 (line 7): tempo 1e999 is too large for a number (it overflows to Infinity)`);
    expect(strict.err()).not.toContain('received Infinity');
  });

  it('msr rebuild-base archives the current base, then rebuilds it from the dataset', async () => {
    const q = ['--config', fixture.config, '-q'];
    expect(await main(['stage', 'data_ingestion', ...q], io())).toBe(0);
    await writeFile(base(), `${(await readFile(base(), 'utf8')).trimEnd()}\n${await baseRow(row(newId(7), 'jazz'))}\n`);
    const before = await readFile(base(), 'utf8');
    const rebuilt = io();
    expect(await main(['rebuild-base', '--config', fixture.config, '--json'], rebuilt)).toBe(0);
    const result = JSON.parse(rebuilt.out());
    expect(result).toMatchObject({ ok: true, songsBefore: 301, songsAfter: 300, archivedTo: expect.stringMatching(/archive\/song_df_.*\.csv$/) });
    expect(await readFile(result.archivedTo, 'utf8')).toBe(before);
    expect(await uris()).not.toContain(newId(7));
    expect(await readdir(join(fixture.root, 'data/raw/archive'))).toHaveLength(1);

    const status = io();
    expect(await main(['status', '--config', fixture.config, '--json'], status)).toBe(0);
    expect(JSON.parse(status.out()).runs[0]).toMatchObject({ kind: 'rebuild-base', status: 'succeeded', rebuild: { songsBefore: 301, songsAfter: 300 } });
  });
});

describe('msr feed from a drop folder (issue 12 bugs 3 and 4)', () => {
  const q = (): string[] => ['--config', fixture.config, '-q'];

  it("adds a genre's new songs even when the folder starts with more known songs than --per-genre", async () => {
    expect(await main(['stage', 'data_ingestion', ...q()], io())).toBe(0);
    const lines = await baseRows();
    const knownJazz = lines.filter((l) => l.split(',')[1] === 'jazz');
    expect(knownJazz).toHaveLength(30);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    // 25 known jazz songs first (more than --per-genre 20), then 5 new ones.
    await writeFile(join(fixture.root, 'data/new/a.csv'), [HEADER, ...knownJazz.slice(0, 25), ...[1, 2, 3, 4, 5].map((i) => row(newId(i), 'jazz'))].join('\n') + '\n');
    const fed = io();
    expect(await main(['feed', '--per-genre', '20', ...q(), '--json'], fed)).toBe(0);
    const result = JSON.parse(fed.out());
    expect(result).toMatchObject({ ok: true, added: 5, dropped: { duplicates: 25 } });
    expect(await uris()).toEqual(expect.arrayContaining([1, 2, 3, 4, 5].map(newId)));
  });

  it('takes at most --per-genre new songs per genre per run, and the rest on the next run', async () => {
    expect(await main(['stage', 'data_ingestion', ...q()], io())).toBe(0);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    await writeFile(join(fixture.root, 'data/new/a.csv'), [HEADER, ...Array.from({ length: 5 }, (_, i) => row(newId(i), 'rock'))].join('\n') + '\n');
    const first = io();
    expect(await main(['feed', '--per-genre', '3', ...q(), '--json'], first)).toBe(0);
    expect(JSON.parse(first.out())).toMatchObject({ added: 3, deferred: 2 });
    const second = io();
    expect(await main(['feed', '--per-genre', '3', ...q(), '--json'], second)).toBe(0);
    expect(JSON.parse(second.out())).toMatchObject({ added: 2, deferred: 0, dropped: { duplicates: 3 } });
  });

  it('counts a song the folder holds twice past --per-genre once: what it says waits is what the next run adds', async () => {
    expect(await main(['stage', 'data_ingestion', ...q()], io())).toBe(0);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    // Songs 3 and 4 are past the limit of 2, and both are in the folder twice (a re-exported file).
    const rows = [0, 1, 2, 3].map((i) => row(newId(i), 'rock'));
    await writeFile(join(fixture.root, 'data/new/a.csv'), [HEADER, ...rows].join('\n') + '\n');
    await writeFile(join(fixture.root, 'data/new/b.csv'), [HEADER, ...rows.slice(2)].join('\n') + '\n');
    const first = io();
    expect(await main(['feed', '--per-genre', '2', ...q()], first)).toBe(0);
    expect(first.out()).toContain('fed: +2 songs (2 known, 0 of other genres, 0 invalid; 2 more next run (--per-genre 2))');
    const second = io();
    expect(await main(['feed', '--per-genre', '2', ...q(), '--json'], second)).toBe(0);
    expect(JSON.parse(second.out())).toMatchObject({ added: 2, deferred: 0, dropped: { duplicates: 4 } });
  });

  it('counts known songs, songs of other genres and invalid rows', async () => {
    expect(await main(['stage', 'data_ingestion', ...q()], io())).toBe(0);
    const known = (await baseRows()).slice(0, 3);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    await writeFile(
      join(fixture.root, 'data/new/batch.csv'),
      [HEADER, ...known, row(newId(1), 'jazz'), row(newId(2), 'rock'), row(newId(3), 'polka'), row('short', 'rock'), `${newId(4)},pop,1,0.1,0.2,7,0,-7,0.05,0.5,100`].join('\n') + '\n',
    );
    const fed = io();
    expect(await main(['feed', '--config', fixture.config], fed)).toBe(0);
    expect(fed.out()).toContain('fed: +2 songs (3 known, 1 of other genres, 2 invalid)');
    expect(fed.out()).toMatch(/batch\.csv:8: uri: Invalid track id "short"/);
  });

  it('a cell that overflows to Infinity is refused naming the file, the line, the column and why, not zod\'s "received Infinity"', async () => {
    expect(await main(['stage', 'data_ingestion', ...q()], io())).toBe(0);
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    const overflowing = `${newId(5)},jazz,1,0.1,0.2,0.3,0,-7,0.05,0.5,1e999`;
    const underflowing = `${newId(6)},rock,1,0.1,0.2,0.3,0,-1e400,0.05,0.5,100`;
    await writeFile(join(fixture.root, 'data/new/big.csv'), [HEADER, row(newId(4), 'jazz'), overflowing, underflowing].join('\n') + '\n');
    const fed = io();
    expect(await main(['feed', '--config', fixture.config], fed)).toBe(0);
    expect(fed.out()).toContain('fed: +1 songs');
    expect(fed.out()).toContain('big.csv:3: tempo: is too large for a number (it overflows to Infinity) ("1e999")');
    expect(fed.out()).toContain('big.csv:4: loudness: is too large for a number (it overflows to -Infinity) ("-1e400")');
    expect(fed.out()).not.toContain('received Infinity');
  });

  it('a missing drop folder is a typed error naming it, exit 2', async () => {
    expect(await main(['stage', 'data_ingestion', ...q()], io())).toBe(0);
    const a = io();
    expect(await main(['feed', '--drop-folder', 'nowhere', '--config', fixture.config], a)).toBe(2);
    expect(a.err()).toContain(`drop folder ${join(fixture.root, 'nowhere')} does not exist`);
    const b = io();
    expect(await main(['feed', '--config', fixture.config, '--json'], b)).toBe(2);
    expect(JSON.parse(b.out())).toMatchObject({ ok: false, error: { code: 'ERR_STAGE_FAILED', cause: { code: 'ERR_DROP_FOLDER_MISSING', message: expect.stringContaining(join(fixture.root, 'data/new')) } } });
  });
});

describe('defaults a user expects (issue 12 bug 10)', () => {
  it('reads params.yaml at the root without --params', async () => {
    await writeFile(join(fixture.root, 'params.yaml'), await readFile(fixture.quickParams, 'utf8'));
    const status = io();
    expect(await main(['status', '--config', fixture.config, '--json'], status)).toBe(0);
    expect(JSON.parse(status.out()).files.params).toBe(join(fixture.root, 'params.yaml'));
    const text = io();
    expect(await main(['status', '--config', fixture.config], text)).toBe(0);
    expect(text.out()).toContain(`params:    ${join(fixture.root, 'params.yaml')}`);
    // And it is used: a broken root params.yaml is reported by name.
    await writeFile(join(fixture.root, 'params.yaml'), 'GaussianMixture: [\n');
    const broken = io();
    expect(await main(['run', '--config', fixture.config], broken)).toBe(2);
    expect(broken.err()).toContain(`${join(fixture.root, 'params.yaml')}:`);
  });

  it('msr recommend 12 without a playlists file says to pass --playlists', async () => {
    expect(await main(['run', '--config', fixture.config, '--params', fixture.quickParams, '-q'], io())).toBe(0);
    const a = io();
    expect(await main(['recommend', '12', '--config', fixture.config, '--params', fixture.quickParams], a)).toBe(2);
    expect(a.err()).toContain(`there is none at ${join(fixture.root, 'data/raw/playlists.json')}`);
    expect(a.err()).toContain('--playlists <file>');
  });
});

describe('msr params diff and msr metrics diff (issue 12, DVC)', () => {
  it('names the changed params since the last run, and how the metrics moved between runs', async () => {
    const params = join(fixture.root, 'params.yaml');
    await writeFile(params, await readFile(fixture.quickParams, 'utf8'));
    const q = ['--config', fixture.config];
    const first = io();
    expect(await main(['run', ...q, '--json'], first)).toBe(0);
    const firstId = JSON.parse(first.out()).runId as string;
    const none = io();
    expect(await main(['params', 'diff', ...q], none)).toBe(0);
    expect(none.out()).toContain('no params changed');

    await writeFile(params, (await readFile(params, 'utf8')).replace('learning_rate: 0.1', 'learning_rate: 0.3'));
    const changed = io();
    expect(await main(['params', 'diff', ...q], changed)).toBe(0);
    expect(changed.out()).toMatch(/GradientBoostingClassifier\.learning_rate +0\.1 → 0\.3/);
    const dry = io();
    expect(await main(['repro', '--dry', ...q], dry)).toBe(0);
    expect(dry.out()).toContain('param changed: GradientBoostingClassifier.learning_rate 0.1 → 0.3');

    const second = io();
    expect(await main(['run', ...q, '--json'], second)).toBe(0);
    const secondId = JSON.parse(second.out()).runId as string;
    const metrics = io();
    expect(await main(['metrics', 'diff', firstId.slice(0, 8), secondId.slice(0, 8), ...q, '--json'], metrics)).toBe(0);
    const diff = JSON.parse(metrics.out());
    expect(diff.from).toBe(`run ${firstId.slice(0, 8)}`);
    // The clustering did not change (its params did not); the classifier was retrained.
    expect(diff.metrics.map((m: { key: string }) => m.key)).not.toContain('silhouette.jazz');
    expect(diff.metrics, JSON.stringify(diff)).toContainEqual(expect.objectContaining({ key: 'predict_time_ms' }));
    const all = io();
    expect(await main(['metrics', 'diff', firstId.slice(0, 8), ...q, '--all'], all)).toBe(0);
    expect(all.out()).toMatch(/^silhouette\.jazz +-?\d\.\d{4} → -?\d\.\d{4} +\(\+0\.0000\)$/m);
    const champion = io();
    expect(await main(['metrics', 'diff', '--champion', ...q, '--all', '--json'], champion)).toBe(0);
    const vsChampion = JSON.parse(champion.out());
    expect(vsChampion).toMatchObject({ from: 'champion', to: 'workspace' });
    // The champion's accuracy and every genre's silhouette come from the served bundle.
    expect(vsChampion.metrics.find((m: { key: string }) => m.key === 'accuracy').before).toEqual(expect.any(Number));
    expect(vsChampion.metrics.filter((m: { key: string }) => m.key.startsWith('silhouette.'))).toHaveLength(10);
    const bad = io();
    expect(await main(['metrics', 'diff', 'zzzz', ...q], bad)).toBe(2);
    expect(bad.err()).toContain('zzzz: no recorded run');
  });
});

describe('the run cache (issue 12, DVC)', () => {
  it('setting a param back restores the earlier model instead of retraining', async () => {
    const params = join(fixture.root, 'params.yaml');
    await writeFile(params, await readFile(fixture.quickParams, 'utf8'));
    const q = ['--config', fixture.config, '--json'];
    expect(await main(['run', ...q], io())).toBe(0);
    const model = await readFile(join(fixture.root, 'models/model.json'), 'utf8');
    await writeFile(params, (await readFile(params, 'utf8')).replace('learning_rate: 0.1', 'learning_rate: 0.3'));
    const changed = io();
    expect(await main(['run', ...q], changed)).toBe(0);
    expect(JSON.parse(changed.out()).ran).toContain('model_trainer');
    expect(await readFile(join(fixture.root, 'models/model.json'), 'utf8')).not.toBe(model);

    await writeFile(params, (await readFile(params, 'utf8')).replace('learning_rate: 0.3', 'learning_rate: 0.1'));
    const back = io();
    expect(await main(['run', ...q], back)).toBe(0);
    const result = JSON.parse(back.out());
    expect(result.ran).not.toContain('model_trainer');
    expect(result.stages.find((s: { name: string }) => s.name === 'model_trainer').reasons[0]).toMatch(/^restored from the run cache \(param changed: GradientBoostingClassifier\.learning_rate 0\.3 → 0\.1\)/);
    expect(await readFile(join(fixture.root, 'models/model.json'), 'utf8')).toBe(model);
    // The served bundle is assembled (and registered) again from the restored model.
    expect(result.ran).toContain('model_assembly');
    const status = io();
    expect(await main(['status', ...q], status)).toBe(0);
    expect(JSON.parse(status.out()).stages.every((s: { state: string }) => s.state === 'up-to-date')).toBe(true);
  });
});
