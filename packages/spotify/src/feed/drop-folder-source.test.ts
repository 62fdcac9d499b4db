import { mkdtemp, readFile, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@msr/core';
import { datasetFeaturesProvider } from '../features/dataset-features-provider.js';
import { fakeCatalog } from '../testing/index.js';
import { collectNewSongs } from './collect-new-songs.js';
import { dropFolderSource, type DropFolderIssue } from './drop-folder-source.js';

const catalog = fakeCatalog(['pop', 'jazz'], 6, 5);
const [pop, jazz] = [catalog.filter((t) => t.genre === 'pop'), catalog.filter((t) => t.genre === 'jazz')];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-drop-'));
  // Songs-base layout with features.
  const base = ['uri,genre,name,artist,' + FEATURE_NAMES.join(','), ...pop.slice(0, 4).map((t) => [t.id, 'pop', t.name, t.artist, ...FEATURE_NAMES.map((f) => t.features![f])].join(','))];
  base.push(`short,pop,x,y,${FEATURE_NAMES.map(() => 0).join(',')}`);
  await writeFile(join(dir, 'a-songs.csv'), base.join('\n'));
  // Kaggle layout without features: they come from a provider.
  await writeFile(join(dir, 'b-kaggle.csv'), ['track_id,track_name,artists,track_genre', ...jazz.slice(0, 3).map((t) => `${t.id},"${t.name}","${t.artist};Guest",jazz`)].join('\n'));
  await writeFile(join(dir, 'c-broken.csv'), 'uri,name\nabc,def\n');
  await writeFile(join(dir, 'notes.txt'), 'ignored');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dropFolderSource', () => {
  it('feeds rows of the asked genre from every CSV, with or without features, reporting bad files once', async () => {
    const issues: DropFolderIssue[] = [];
    const reads: string[] = [];
    const source = dropFolderSource({ dir, onIssue: (i) => issues.push(i), fs: { readFile: async (p) => (reads.push(p), readFile(p, 'utf8')) } });
    const result = await collectNewSongs({
      genres: ['pop', 'jazz'],
      source,
      features: datasetFeaturesProvider(jazz.map((t) => ({ uri: t.id, ...t.features! }))),
      knownIds: [pop[0]!.id],
    });
    expect(result.songs.map((s) => s.uri)).toEqual([...pop.slice(1, 4), ...jazz.slice(0, 3)].map((t) => t.id));
    expect(result.songs[3]).toEqual({ uri: jazz[0]!.id, genre: 'jazz', name: jazz[0]!.name, artist: jazz[0]!.artist, ...jazz[0]!.features });
    expect(result.provenance.get(pop[1]!.id)).toBe('drop-folder');
    expect(result.provenance.get(jazz[0]!.id)).toBe('dataset');
    expect(issues).toHaveLength(2);
    expect(issues[0]!.rejected).toEqual([{ line: 6, reason: expect.stringMatching(/^uri: Invalid track id "short"/), column: 'uri' }]);
    expect(issues[1]!.error?.message).toMatch(/c-broken\.csv \(header\): no genre column/);
    // Each file was read once although two genres were asked.
    expect(reads.map((p) => p.split('/').pop())).toEqual(['a-songs.csv', 'b-kaggle.csv', 'c-broken.csv']);

    // A changed file is read again.
    await writeFile(join(dir, 'b-kaggle.csv'), `track_id,track_genre\n${jazz[5]!.id},jazz\n`);
    await utimes(join(dir, 'b-kaggle.csv'), new Date(), new Date(Date.now() + 5000));
    const again = await source.fetchTracks('jazz', { limit: 10 });
    expect(again.map((t) => t.id)).toEqual([jazz[5]!.id]);
    expect(reads.filter((p) => p.endsWith('b-kaggle.csv'))).toHaveLength(2);
  });

  it('reports a folder that cannot be listed as a failure of the genre', async () => {
    const result = await collectNewSongs({ genres: ['pop'], source: dropFolderSource({ dir: join(dir, 'missing') }) });
    expect(result.genres[0]!.error?.message).toMatch(/missing \(folder\): cannot be listed/);
  });

  it('skips known ids before the per-genre limit, so new songs behind known ones are still fed (issue 12)', async () => {
    const source = dropFolderSource({ dir });
    // The folder holds pop 0–3; with 0–2 known and a limit of 1, the 4th is the one to feed.
    const result = await collectNewSongs({ genres: ['pop'], source, knownIds: pop.slice(0, 3).map((t) => t.id), perGenre: 1 });
    expect(result.songs.map((s) => s.uri)).toEqual([pop[3]!.id]);
    const scan = await source.scan();
    expect(scan.rows.filter((r) => r.genre === 'pop')).toHaveLength(4);
    expect(scan.rejected).toEqual([expect.objectContaining({ file: join(dir, 'a-songs.csv'), line: 6 })]);
    expect(scan.unusable).toHaveLength(1);
  });
});
