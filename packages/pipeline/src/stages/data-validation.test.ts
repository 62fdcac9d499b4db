import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataValidationConfig } from '../config/stage-configs.js';
import { DataValidationError } from '../errors/data-validation-error.js';
import { assertValidated, DataValidation } from './data-validation.js';

let root: string;
let config: DataValidationConfig;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-validate-'));
  config = {
    rootDir: join(root, 'data'),
    songsBasePath: join(root, 'song_df.csv'),
    statusFile: join(root, 'data/status.txt'),
    reportFile: join(root, 'data/validation_report.json'),
    columns: { uri: 'str', genre: 'str', key: 'float64', acousticness: 'float64', danceability: 'float64', energy: 'float64', instrumentalness: 'float64', loudness: 'float64', speechiness: 'float64', valence: 'float64', tempo: 'float64' },
    targetColumn: 'genre',
    genres: ['jazz', 'rock'],
  };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const HEADER = 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo';
const row = (uri: string, genre: string, over: Partial<Record<string, string>> = {}): string =>
  [uri, genre, over.key ?? '5', over.acousticness ?? '0.1', over.danceability ?? '0.5', over.energy ?? '0.7', over.instrumentalness ?? '0', over.loudness ?? '-6.5', over.speechiness ?? '0.05', over.valence ?? '0.4', over.tempo ?? '120'].join(',');

describe('DataValidation', () => {
  it('accepts a clean base, writes the original status line, and later stages accept it', async () => {
    await writeFile(config.songsBasePath, [HEADER, row('a', 'jazz'), row('b', 'rock')].join('\n') + '\n');
    const result = await new DataValidation(config, { clock: () => 42 }).run();
    expect(result.valid).toBe(true);
    expect(await readFile(config.statusFile, 'utf8')).toBe('Validation status: True\n');
    expect(result.report).toMatchObject({ valid: true, rows: 2, issues: [], counts: {}, at: 42 });
    await expect(assertValidated(config.songsBasePath, config)).resolves.toMatchObject({ valid: true });
  });

  it('reports wrong types, ranges, NaN/Infinity, duplicates, unknown and empty genres with row numbers', async () => {
    await writeFile(
      config.songsBasePath,
      [
        HEADER,
        row('a', 'jazz', { danceability: '1.5' }),
        row('b', 'jazz', { key: '3.5', tempo: '0' }),
        row('c', 'jazz', { energy: 'NaN', valence: 'Infinity' }),
        row('a', 'polka', { loudness: 'loud' }),
        row('d', 'jazz', { speechiness: '' }),
      ].join('\n') + '\n',
    );
    const result = await new DataValidation(config).run();
    expect(result.valid).toBe(false);
    expect(await readFile(config.statusFile, 'utf8')).toBe('Validation status: False\n');
    const issues = result.report.issues.map((i) => `${i.row ?? '-'} ${i.column} ${i.code}`);
    expect(issues).toEqual([
      '1 danceability out_of_range',
      '2 key out_of_range',
      '2 tempo out_of_range',
      '3 energy wrong_type',
      '3 valence wrong_type',
      '4 loudness wrong_type',
      '4 uri duplicate_uri',
      '4 genre unknown_genre',
      '5 speechiness missing_value',
      '- genre empty_genre',
    ]);
    expect(result.report.issues[6]).toMatchObject({ line: 5, message: 'uri a already appears in row 1' });
    expect(result.report.issues.at(-1)!.message).toBe('the configured genre "rock" has no songs');
    expect(JSON.parse(await readFile(config.reportFile, 'utf8'))).toEqual(result.report);

    const refused = await assertValidated(config.songsBasePath, config).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataValidationError);
    expect((refused as DataValidationError).report).toEqual(result.report);
    expect((refused as DataValidationError).message).toContain('row 1 (line 2) danceability: 1.5 is out of range');
  });

  it('reports missing and extra columns, and malformed CSV as an issue', async () => {
    await writeFile(config.songsBasePath, 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,bpm\na,jazz,1,0,0,0,0,-5,0,0,120\n');
    const columns = await new DataValidation(config).run();
    expect(columns.report.issues.map((i) => i.message)).toEqual(['the column "tempo" declared in schema.yaml is missing', 'the column "bpm" is not declared in schema.yaml', 'the configured genre "rock" has no songs']);

    await writeFile(config.songsBasePath, `${HEADER}\n${row('a', 'jazz')}\n"b,jazz,1\n`);
    const csv = await new DataValidation(config).run();
    expect(csv.report.issues).toEqual([expect.objectContaining({ code: 'csv_syntax', line: 3, row: 2 })]);
  });

  it('refuses a base that changed after validation, or was never validated', async () => {
    await expect(assertValidated(config.songsBasePath, config)).rejects.toThrow('has not been validated');
    await writeFile(config.songsBasePath, `${HEADER}\n${row('a', 'jazz')}\n${row('b', 'rock')}\n`);
    await new DataValidation(config).run();
    await writeFile(config.songsBasePath, `${HEADER}\n${row('a', 'jazz')}\n${row('b', 'rock')}\n${row('c', 'rock')}\n`);
    await expect(assertValidated(config.songsBasePath, config)).rejects.toThrow('changed since it was validated');
  });
});
