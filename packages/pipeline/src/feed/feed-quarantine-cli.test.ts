/**
 * Issue 18 for the feed: rows of the drop folder (or of any feed source) that cannot join the
 * songs base are written to a quarantine file with their file, line, column, code and reason, as
 * the ingestion does for the dataset — through `msr feed`, where a user meets it.
 */
import type { Song } from '@msr/core';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cli-io.js';
import { main } from '../cli/main.js';
import { parseCsv } from '../csv/parse-csv.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runFeed } from './run-feed.js';

let fixture: PipelineRoot;
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

const io = (): CliIo => ({ stdout: { write: () => {} }, stderr: { write: () => {} }, env: {}, cwd: fixture.root });
/** `msr status`'s output. */
const status = async (args: string[]): Promise<string> => {
  let out = '';
  expect(await main(['status', ...args], { ...io(), stdout: { write: (s: string) => void (out += s) } })).toBe(0);
  return out;
};
const HEADER = 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo';
const id = (i: number): string => `NEW${String(i).padStart(19, '0')}`;

describe('msr feed quarantines the rows it cannot use', () => {
  it('writes them to data/quarantine-feed.csv with file, line, column, code and reason, and adds the valid ones', async () => {
    const q = ['--config', fixture.config, '--params', fixture.quickParams, '-q'];
    expect(await main(['run', ...q], io())).toBe(0);
    expect(await status(q)).toContain('feed quarantine: no feed yet');
    await mkdir(join(fixture.root, 'data/new'), { recursive: true });
    await writeFile(
      join(fixture.root, 'data/new/batch.csv'),
      [HEADER, `${id(1)},jazz,1,0.1,0.2,0.3,0,-7,0.05,0.5,100`, `${id(2)},jazz,1,0.1,0.2,2,0,-7,0.05,0.5,100`, `short,rock,1,0.1,0.2,0.3,0,-7,0.05,0.5,100`].join('\n') + '\n',
    );
    expect(await main(['feed', ...q], io())).toBe(0);

    const { header, rows } = parseCsv(await readFile(join(fixture.root, 'data/quarantine-feed.csv'), 'utf8'));
    expect(header).toEqual(['_source', '_line', '_column', '_code', '_reason', 'uri']);
    expect(rows).toHaveLength(2);
    // Rows the CSV reader refuses carry their column too (the admin monitoring page lists it).
    expect(rows).toContainEqual(['batch.csv', '3', 'energy', 'invalid_row', expect.stringMatching(/^energy: Too big.*\("2"\)$/), '']);
    expect(rows).toContainEqual(['batch.csv', '4', 'uri', 'invalid_row', expect.stringMatching(/^uri: Invalid track id "short"/), '']);
    const base = parseCsv(await readFile(join(fixture.root, 'data/raw/song_df.csv'), 'utf8')).rows.map((r) => r[0]);
    expect(base).toContain(id(1));
    expect(base).not.toContain(id(2));
    // msr status counts them per code, with the file relative to the root, as it does the ingestion's.
    expect(await status(q)).toContain('feed quarantine: 2 rows in data/quarantine-feed.csv — invalid_row 2');
    expect(JSON.parse(await status([...q, '--json'])).feedQuarantine).toEqual({ file: 'data/quarantine-feed.csv', rows: 2, counts: { invalid_row: 2 } });

    // Fixed rows come back on the next feed, and the quarantine then describes that feed.
    await writeFile(join(fixture.root, 'data/new/batch.csv'), [HEADER, `${id(2)},jazz,1,0.1,0.2,0.3,0,-7,0.05,0.5,100`].join('\n') + '\n');
    expect(await main(['feed', ...q], io())).toBe(0);
    expect(parseCsv(await readFile(join(fixture.root, 'data/quarantine-feed.csv'), 'utf8')).rows).toEqual([]);
    expect(await status(q)).toContain('feed quarantine: 0 rows in data/quarantine-feed.csv\n');
    expect(parseCsv(await readFile(join(fixture.root, 'data/raw/song_df.csv'), 'utf8')).rows.map((r) => r[0])).toContain(id(2));
  });
});

describe('runFeed quarantines what any source sends', () => {
  it('names the field, the code and the uri of a song that fails the song schema', async () => {
    const options = { rootDir: fixture.root, files: { config: fixture.config, params: fixture.quickParams } };
    const song = { uri: id(5), genre: 'jazz', key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110 };
    await runFeed({ ...options, source: { collect: async () => ({ songs: [] }) } });
    const result = await runFeed({ ...options, source: { collect: async () => ({ songs: [song, { ...song, uri: id(6), tempo: -1 }, { ...song, uri: id(7), valence: undefined } as unknown as Song] }) } });
    expect(result.dropped.invalid).toEqual([
      { uri: id(6), reason: expect.stringMatching(/^tempo: /) },
      { uri: id(7), reason: expect.stringMatching(/^valence: /) },
    ]);
    const { rows } = parseCsv(await readFile(join(fixture.root, 'data/quarantine-feed.csv'), 'utf8'));
    expect(rows).toEqual([
      ['', '', 'tempo', 'out_of_range', expect.stringMatching(/^tempo: /), id(6)],
      ['', '', 'valence', 'missing_value', expect.stringMatching(/^valence: /), id(7)],
    ]);
  });
});
