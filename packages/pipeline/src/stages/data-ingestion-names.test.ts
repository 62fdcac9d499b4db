import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SONG_METADATA_COLUMN_NAMES, SONG_METADATA_COLUMNS } from '@msr/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataIngestionConfig, DataValidationConfig } from '../config/stage-configs.js';
import { optionalSourceColumns, sourceColumns } from '../dataset/column-mapping.js';
import { readSongsBase } from '../songs/songs-base.js';
import { kaggleCsv, kaggleRows } from './__fixtures__/kaggle-csv.js';
import { DataIngestion } from './data-ingestion.js';
import { DataValidation } from './data-validation.js';

const GENRES = ['jazz', 'pop', 'rock'];
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-names-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The ingestion config a default `schema.yaml` gives (every optional column kept). */
const ingestion = (file: string): DataIngestionConfig => ({
  rootDir: join(root, 'data'),
  sourceUrl: file,
  localDataFile: join(root, 'data/dataset.zip'),
  unzipDir: join(root, 'data'),
  songsBasePath: join(root, 'data/song_df.csv'),
  genres: GENRES,
  sourceColumns: sourceColumns('genre'),
  optionalColumns: optionalSourceColumns(SONG_METADATA_COLUMN_NAMES),
  quarantine: { policy: 'quarantine', maxInvalidShare: 0.1, file: join(root, 'data/quarantine.csv'), summaryFile: join(root, 'data/quarantine.json') },
});
const validation = (): DataValidationConfig => ({
  rootDir: join(root, 'data'),
  songsBasePath: join(root, 'data/song_df.csv'),
  statusFile: join(root, 'data/status.txt'),
  reportFile: join(root, 'data/report.json'),
  columns: { uri: 'str', genre: 'str', key: 'float64', acousticness: 'float64', danceability: 'float64', energy: 'float64', instrumentalness: 'float64', loudness: 'float64', speechiness: 'float64', valence: 'float64', tempo: 'float64' },
  optionalColumns: Object.fromEntries(SONG_METADATA_COLUMN_NAMES.map((c) => [c, SONG_METADATA_COLUMNS[c].type])),
  targetColumn: 'genre',
  genres: GENRES,
});

describe('ingestion keeps the optional name columns', () => {
  it('keeps title, artists, album, popularity, duration and explicit from a Kaggle dataset; validation accepts them', async () => {
    const rows = kaggleRows(GENRES, 10);
    rows[0]!.track_name = '<script>alert("x")</script>, live';
    rows[1]!.album_name = ''; // unknown, not invalid
    rows[2]!.popularity = 'lots'; // invalid: the row is set aside, named
    await writeFile(join(root, 'k.csv'), kaggleCsv(rows));
    const result = await new DataIngestion(ingestion(join(root, 'k.csv'))).run();
    expect(result).toMatchObject({ status: 'written', kept: 29 });
    if (result.status !== 'written') throw new Error('not written');
    expect(result.mapping.used).toMatchObject({ name: 'track_name', artist: 'artists', album: 'album_name', popularity: 'popularity', duration_ms: 'duration_ms', explicit: 'explicit' });
    expect(result.mapping.ignored).toEqual(['(unnamed index)', 'mode', 'liveness', 'time_signature']);
    expect(result.quarantined).toMatchObject({ quarantined: 1, counts: { wrong_type: 1 } });
    const text = await readFile(join(root, 'data/song_df.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo,name,artist,album,popularity,duration_ms,explicit');
    const songs = await readSongsBase(join(root, 'data/song_df.csv'));
    const first = songs.find((s) => s.uri === rows[0]!.track_id)!;
    expect(first).toMatchObject({ name: '<script>alert("x")</script>, live', artist: rows[0]!.artists, album: rows[0]!.album_name, popularity: Number(rows[0]!.popularity), durationMs: Number(rows[0]!.duration_ms), explicit: rows[0]!.explicit === 'True' });
    expect(songs.find((s) => s.uri === rows[1]!.track_id)!.album).toBeUndefined();
    expect((await new DataValidation(validation()).run()).valid).toBe(true);
  });

  it('still works on a dataset without them, and the songs base is what it was before names', async () => {
    const rows = kaggleRows(GENRES, 10);
    const strip = ['artists', 'album_name', 'track_name', 'popularity', 'duration_ms', 'explicit'];
    const csv = kaggleCsv(rows)
      .trimEnd()
      .split('\n')
      .map((line) => {
        const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
        return cells.filter((_, i) => !strip.includes(kaggleCsv([]).trimEnd().split(',')[i]!)).join(',');
      })
      .join('\n');
    await writeFile(join(root, 'plain.csv'), `${csv}\n`);
    const result = await new DataIngestion(ingestion(join(root, 'plain.csv'))).run();
    expect(result).toMatchObject({ status: 'written', kept: 30, mapping: { absentOptional: SONG_METADATA_COLUMN_NAMES } });
    expect((await readFile(join(root, 'data/song_df.csv'), 'utf8')).split('\n')[0]).toBe('uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo');
    expect((await new DataValidation(validation()).run()).valid).toBe(true);
  });

  it('validation names a bad value in an optional column, and still refuses an undeclared column', async () => {
    await writeFile(join(root, 'k.csv'), kaggleCsv(kaggleRows(GENRES, 4)));
    await new DataIngestion(ingestion(join(root, 'k.csv'))).run();
    const path = join(root, 'data/song_df.csv');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace(/,(True|False)$/, ',maybe');
    await writeFile(path, lines.join('\n'));
    const report = (await new DataValidation(validation()).run()).report;
    expect(report.issues).toEqual([expect.objectContaining({ row: 1, column: 'explicit', code: 'wrong_type' })]);
    const { optionalColumns: _dropped, ...withoutOptional } = validation();
    expect((await new DataValidation(withoutOptional).run()).report.issues.map((i) => i.code)).toContain('extra_column');
  });
});
