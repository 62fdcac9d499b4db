import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceFileError } from '../errors/input-errors.js';
import { fakeFeatures, fakeIds } from '../testing/index.js';
import { csvFeaturesProvider, datasetFeaturesProvider } from './dataset-features-provider.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SHARED_CSV = process.env.MSR_TRACKS_CSV ?? resolve(repoRoot, '../shared/data/spotify-tracks-9-genres.csv');
const [A, B, C] = fakeIds(3, 7) as [string, string, string];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('datasetFeaturesProvider', () => {
  it('answers from rows in memory, keeping only the nine features', async () => {
    const fa = fakeFeatures(1);
    const provider = datasetFeaturesProvider([{ uri: A, ...fa, genre: 'pop' } as never, { uri: `spotify:track:${B}`, ...fakeFeatures(2) }, { uri: 'broken', ...fa }]);
    const result = await provider.getFeatures([A, B, C, 'nope']);
    expect(result.features.get(A)).toEqual(fa);
    expect(Object.keys(result.features.get(A)!)).toHaveLength(9);
    expect(result.features.has(B)).toBe(true);
    expect(result.notFound).toEqual([C]);
    expect(result.invalid.map((e) => e.input)).toEqual(['nope']);
    expect(provider.name).toBe('dataset');
  });
});

describe('csvFeaturesProvider', () => {
  it('reads a Kaggle-layout CSV (quoted fields, index column), rejecting bad rows by line', async () => {
    const f = fakeFeatures(3);
    const path = join(dir, 'kaggle.csv');
    const header = ',track_id,artists,track_name,track_genre,danceability,energy,key,loudness,speechiness,acousticness,instrumentalness,valence,tempo';
    const row = (i: number, id: string, over: Partial<Record<string, string>> = {}) =>
      [i, id, '"Artist, The;Other"', '"Song ""quoted"""', 'pop', ...['danceability', 'energy', 'key', 'loudness', 'speechiness', 'acousticness', 'instrumentalness', 'valence', 'tempo'].map((k) => over[k] ?? String(f[k as keyof typeof f]))].join(',');
    await writeFile(path, [header, row(0, A), row(1, B, { tempo: 'fast' }), row(2, 'short'), ''].join('\n'));
    const rejected: { line: number; reason: string }[] = [];
    const provider = csvFeaturesProvider({ path, onRejectedRows: (rows) => rejected.push(...rows) });
    const result = await provider.getFeatures([A, B]);
    expect(result.features.get(A)).toEqual(f);
    expect(result.notFound).toEqual([B]);
    expect(rejected).toEqual([
      { line: 3, reason: 'tempo: is not a number ("fast")', column: 'tempo' },
      { line: 4, reason: expect.stringMatching(/^track_id: Invalid track id "short"/), column: 'track_id' },
    ]);
  });

  it('reports an unreadable file or missing columns as a failed lookup, then retries the file', async () => {
    const path = join(dir, 'later.csv');
    const provider = csvFeaturesProvider({ path });
    const missing = await provider.getFeatures([A]);
    expect(missing.failed[0]!.error).toBeInstanceOf(SourceFileError);
    expect(missing.failed[0]!.error.message).toMatch(/later\.csv \(file\): cannot be read/);
    await writeFile(path, `uri,genre,energy\n${A},pop,0.5\n`);
    const partial = await provider.getFeatures([A]);
    expect(partial.failed[0]!.error.message).toMatch(/has some feature columns but not key, acousticness/);
    await writeFile(path, `uri,genre\n${A},pop\n`);
    const none = await provider.getFeatures([A]);
    expect(none.failed[0]!.error.message).toMatch(/\(header\): no feature columns/);
  });

  const hasShared = existsSync(SHARED_CSV);
  it.skipIf(!hasShared)(`looks up real tracks in the shared 9-genre dataset${hasShared ? '' : ` (skipped: ${SHARED_CSV} is absent)`}`, async () => {
    const text = await readFile(SHARED_CSV, 'utf8');
    const lines = text.trim().split(/\r?\n/);
    const header = lines[0]!.split(',');
    const sample = [1, 2000, lines.length - 1].map((i) => Object.fromEntries(lines[i]!.split(',').map((v, j) => [header[j], v])));
    const provider = csvFeaturesProvider({ path: SHARED_CSV });
    const result = await provider.getFeatures(sample.map((r) => r.uri!));
    expect(result.failed).toEqual([]);
    for (const r of sample) {
      const f = result.features.get(r.uri!);
      expect(f, r.uri).toBeDefined();
      expect(f!.tempo).toBeCloseTo(Number(r.tempo), 6);
      expect(f!.key).toBe(Number(r.key));
    }
  });
});
