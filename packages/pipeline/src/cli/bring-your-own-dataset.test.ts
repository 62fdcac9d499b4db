/**
 * Bringing one's own dataset, at the CLI (issue 18): genres from the data, invalid rows
 * quarantined with a report, any Kaggle-shaped CSV through the column mapping, `msr init`.
 * Every run uses the shipped config.yaml/params.yaml unless it says otherwise.
 */
import { LocalTrackingStore } from '@msr/mlflow-client';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationManager } from '../config/configuration-manager.js';
import { parseCsv } from '../csv/parse-csv.js';
import { kaggleCsv, kaggleRows } from '../stages/__fixtures__/kaggle-csv.js';
import { captureIo } from './__fixtures__/capture-io.js';
import { main } from './main.js';
import { clusteringStage } from '../stages/clustering-stage.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
// Read by path, never copied: ../shared beside the repository, or MSR_SHARED_DIR.
const SHARED = join(process.env.MSR_SHARED_DIR ?? join(REPO, '../shared'), 'data/spotify-tracks-9-genres.csv');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-byod-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function io() {
  return captureIo({ env: {}, cwd: root });
}

/** A params.yaml with 20 boosting rounds of 0.1, so runs that only need to train stay quick. */
async function quickParams(extra = ''): Promise<string> {
  const path = join(root, 'quick-params.yaml');
  await writeFile(path, `GradientBoostingClassifier: {learning_rate: 0.1, max_depth: 3, n_estimators: 20}\nGaussianMixture: {covariance_type: spherical, random_state: 42${extra}}\n`);
  return path;
}

async function trackedRuns(experiment: string): Promise<{ metrics: Record<string, number>; status: string }[]> {
  const store = new LocalTrackingStore({ root: join(root, 'mlruns') });
  const found = await store.getExperimentByName(experiment);
  if (!found) return [];
  const runs = await store.searchRuns({ experimentIds: [found.experimentId] });
  return runs.items.map((r) => ({ metrics: r.data.metrics, status: r.info.status }));
}

/** 114 genres in the original Kaggle file's shape: unnamed index, quoted names with commas, explicit True/False, re-listed tracks. */
function kaggle114(perGenre: number): { text: string; genres: string[] } {
  const genres = Array.from({ length: 114 }, (_, i) => (i % 3 === 0 ? `genre-${i}` : `g${String(i).padStart(3, '0')}`));
  const rows = kaggleRows(genres, perGenre, 114);
  // A third of Kaggle's rows re-list a track under another genre with the same features.
  for (let i = 0; i < 60; i++) rows.push({ ...rows[i * 7]!, track_genre: genres[(i * 11) % genres.length]! });
  return { text: kaggleCsv(rows), genres };
}

describe('msr run with a dataset of its own', () => {
  it('trains on ../shared/data/spotify-tracks-9-genres.csv with no config edits and quarantines its one invalid row with the reason', async (ctx) => {
    if (!existsSync(SHARED)) return ctx.skip(`${SHARED} is absent (set MSR_SHARED_DIR)`);
    const run = io();
    expect(await main(['run', '--source', SHARED], run)).toBe(0);
    expect(run.err()).toContain('genres from the data (≥ 30 recordings): classical 979, country 799, edm 797, hip-hop 906, jazz 647, latin 628, pop 756, r-n-b 1030, rock 560');
    expect(run.err()).toContain('1 invalid row of 9500 (0.01%) set aside');
    expect(run.out()).toMatch(/model_assembly +ran/);
    const quarantine = parseCsv(await readFile(join(root, 'data/quarantine.csv'), 'utf8'));
    expect(quarantine.rows).toHaveLength(1);
    const row = Object.fromEntries(quarantine.header.map((h, i) => [h, quarantine.rows[0]![i]]));
    expect(row).toMatchObject({ _row: '5316', _line: '5317', _column: 'tempo', _code: 'out_of_range', uri: '63kd4m3VFxcJjPVVtbVNAu', tempo: '0.0', genre: 'jazz' });
    expect(row._reason).toBe('tempo: 0.0 is out of range (must be greater than 0 bpm (0 means no beat was detected))');
    expect(parseCsv(await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).rows).toHaveLength(9499);
    // The counts are tracked, and msr status shows them.
    expect(await trackedRuns('msr_data')).toEqual([{ status: 'FINISHED', metrics: expect.objectContaining({ rows_read: 9500, quarantined_rows: 1, quarantined_out_of_range: 1, songs: 9499 }) }]);
    const status = io();
    expect(await main(['status', '--source', SHARED], status)).toBe(0);
    expect(status.out()).toContain(`quarantine: 1 of 9500 rows (0.01%, limit 1.00%, policy quarantine) in ${join(root, 'data/quarantine.csv')} — out_of_range 1`);
  }, 180_000);

  it('trains on 20 genres of a 114-genre Kaggle-shaped file in one command, and reports the column mapping', async () => {
    const { text, genres } = kaggle114(40);
    await writeFile(join(root, 'dataset.csv'), text);
    const chosen = genres.filter((_g, i) => i % 5 === 0).slice(0, 20);
    const run = io();
    expect(await main(['run', '--source', 'dataset.csv', '--genres', chosen.join(','), '--params', await quickParams()], run)).toBe(0);
    expect(run.err()).toContain(`genres from --genres: ${chosen.join(', ')}`);
    expect(run.err()).toContain('columns: uri ← track_id, genre ← track_genre, key,');
    // The names are kept (issue 15); what no column of the songs base takes is listed as ignored.
    expect(run.err()).toContain('name ← track_name, artist ← artists, album ← album_name, popularity, duration_ms, explicit; ignored: (unnamed index), mode, liveness, time_signature');
    expect(run.out()).toMatch(/model_assembly +ran/);
    const bundle = JSON.parse(await readFile(join(root, 'models_best/recommender.json'), 'utf8')) as { genreModels?: { genre: string }[] };
    expect(JSON.stringify(bundle)).toContain(chosen[19]);
    // A genre the data lacks is refused with the data's genres listed (rebuilding the base from
    // the dataset is its own command: `msr run --force` keeps the base and its fed songs).
    const absent = io();
    expect(await main(['rebuild-base', '--source', 'dataset.csv', '--genres', 'genre-0,polka', '--params', await quickParams()], absent)).toBe(2);
    expect(absent.err()).toMatch(/has no rows of the configured genre polka; the data's genres \(rows\) are: g001 \(\d+\), g002 \(\d+\),/);
  }, 180_000);

  it('chooses the fixture genres from the data, quarantines its rows with missing features, and chooses component counts by BIC within a range', async () => {
    const run = io();
    expect(await main(['run', '--source', join(REPO, 'fixtures/dataset.zip'), '--params', await quickParams(', n_components_range: [1, 3]')], run)).toBe(0);
    expect(run.err()).toContain('left out: metal (11 recordings, fewer than min_recordings 30)');
    expect(run.err()).toMatch(/10 invalid rows of \d+ \(0\.\d+%\) set aside/);
    expect(run.err()).toMatch(/alternative: [123] components chosen by BIC \(k=1 -?\d+, k=2 -?\d+, k=3 -?\d+\)/);
    const metrics = JSON.parse(await readFile(join(root, 'metrics/uns_metrics_0.json'), 'utf8')) as { nComponents: number; bic: Record<string, number> };
    const lowest = Object.entries(metrics.bic).sort((a, b) => a[1] - b[1])[0]![0];
    expect(metrics.nComponents).toBe(Number(lowest));
  }, 180_000);

  it('fails above the invalid share, fails on any invalid row under --on-invalid fail, and brings fixed rows back on a re-run', async () => {
    const rows = kaggleRows(['jazz', 'rock'], 60);
    const good = kaggleCsv(rows);
    const bad = rows.map((r, i) => (i === 5 ? { ...r, tempo: '0' } : r));
    await writeFile(join(root, 'dataset.csv'), kaggleCsv(bad));
    const params = await quickParams();

    // 1 of 120 (0.83%) is under the default 1%: set aside, the run goes on.
    expect(await main(['run', '--source', 'dataset.csv', '--params', params, '-q'], io())).toBe(0);
    expect(parseCsv(await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).rows).toHaveLength(119);

    // Under --on-invalid fail the same row refuses the dataset, naming it; the base is kept.
    const strict = io();
    expect(await main(['rebuild-base', '--on-invalid', 'fail', '--source', 'dataset.csv', '--params', params, '-q'], strict)).toBe(2);
    expect(strict.err()).toContain('has 1 invalid row (policy fail; set data_validation.policy: quarantine to set them aside):\n  row 6 (line 7): tempo 0 is out of range');
    expect(parseCsv(await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).rows).toHaveLength(119);

    // Two more bad rows: 3 of 120 (2.5%) is above 1%: refused, all three listed in the quarantine file.
    await writeFile(join(root, 'dataset.csv'), kaggleCsv(bad.map((r, i) => (i === 7 || i === 70 ? { ...r, loudness: '-300' } : r))));
    const many = io();
    expect(await main(['rebuild-base', '--source', 'dataset.csv', '--params', params, '-q'], many)).toBe(2);
    expect(many.err()).toContain('has 3 invalid rows of 120 (2.50%), more than data_validation.max_invalid_share 1.00%');
    expect(parseCsv(await readFile(join(root, 'data/quarantine.csv'), 'utf8')).rows.map((r) => r[0])).toEqual(['6', '8', '71']);
    expect((await trackedRuns('msr_data')).map((r) => r.status).sort()).toEqual(['FAILED', 'FAILED', 'FINISHED']);

    // Fixed: every row is back and the quarantine is empty.
    await writeFile(join(root, 'dataset.csv'), good);
    expect(await main(['rebuild-base', '--source', 'dataset.csv', '--params', params, '-q'], io())).toBe(0);
    expect(await main(['run', '--source', 'dataset.csv', '--params', params, '-q'], io())).toBe(0);
    expect(parseCsv(await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).rows).toHaveLength(120);
    expect(parseCsv(await readFile(join(root, 'data/quarantine.csv'), 'utf8')).rows).toHaveLength(0);
    const status = io();
    expect(await main(['status', '--source', 'dataset.csv', '--json'], status)).toBe(0);
    expect(JSON.parse(status.out()).quarantine).toMatchObject({ quarantined: 0, rowsConsidered: 120 });
  }, 180_000);
});

describe('msr options', () => {
  it('refuses --genres and --on-invalid on the queue (its workers read config.yaml), and a bad policy', async () => {
    const queued = io();
    expect(await main(['run', '--redis', 'redis://127.0.0.1:1', '--genres', 'jazz,rock'], queued)).toBe(2);
    expect(queued.err()).toContain('--genres and --on-invalid do not apply with --redis');
    const policy = io();
    expect(await main(['run', '--on-invalid', 'skip'], policy)).toBe(2);
    expect(policy.err()).toContain('--on-invalid: expected fail or quarantine, got skip');
  });
});

describe('msr init', () => {
  it('writes a starter config.yaml and params.yaml with the genres and counts the defaults chose, which then load as they are', async () => {
    const init = io();
    const source = join(REPO, 'fixtures/dataset.zip');
    expect(await main(['init', '--source', source], init)).toBe(0);
    expect(init.out()).toContain('next: msr run --config config.yaml --params params.yaml');
    const config = await readFile(join(root, 'config.yaml'), 'utf8');
    expect(config).toContain(`source_URL: ${source}`);
    expect(config).toMatch(/genres:\n {4}- alternative # \d+ recordings\n {4}- ambient # \d+ recordings\n/);
    expect(config).toContain('# left out: metal (11 recordings, fewer than min_recordings 30)');
    const params = await readFile(join(root, 'params.yaml'), 'utf8');
    expect(params).toMatch(/n_components:\n {4}- 3 # alternative\n {4}- 3 # ambient\n/);
    const manager = await ConfigurationManager.load({ rootDir: root, files: { config: join(root, 'config.yaml'), params: join(root, 'params.yaml') }, createDirectories: false });
    expect(manager.genreSelection.from).toBe('config');
    expect(manager.genres).toEqual(['alternative', 'ambient', 'classical', 'country', 'edm', 'hip-hop', 'jazz', 'k-pop', 'latin', 'pop', 'r-n-b', 'rock']);
    expect(manager.config(clusteringStage).params.nComponents).toEqual(Array(12).fill(3));
    // It does not overwrite without --force.
    const again = io();
    expect(await main(['init', '--source', source], again)).toBe(2);
    expect(again.err()).toContain(`${join(root, 'config.yaml')} exists; pass --force to replace it`);
  });
});
