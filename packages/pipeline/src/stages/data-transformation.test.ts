import { SEED_GENRES } from '@msr/core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationManager } from '../config/configuration-manager.js';
import { parseCsv } from '../csv/parse-csv.js';
import { DataValidationError } from '../errors/data-validation-error.js';
import { kaggleCsv, kaggleRows } from './__fixtures__/kaggle-csv.js';
import { DataIngestion } from './data-ingestion.js';
import { DataTransformation } from './data-transformation.js';
import { DataValidation } from './data-validation.js';
import { dataIngestionStage } from './data-ingestion-stage.js';
import { dataTransformationStage } from './data-transformation-stage.js';
import { dataValidationStage } from './data-validation-stage.js';

let root: string;
let manager: ConfigurationManager;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-transform-'));
  // The ten genres of the original's config.yaml (the shipped one lets the data choose).
  manager = await ConfigurationManager.load({ rootDir: root, genres: [...SEED_GENRES] });
  const genres = manager.config(dataIngestionStage).genres;
  // Unequal genre sizes, to see stratification.
  const rows = genres.flatMap((g, i) => kaggleRows([g], 20 + 10 * i, i + 1));
  await writeFile(join(root, 'dataset.csv'), kaggleCsv(rows));
  await new DataIngestion({ ...manager.config(dataIngestionStage), sourceUrl: join(root, 'dataset.csv') }).run();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DataTransformation', () => {
  it('refuses a base that was not validated', async () => {
    await expect(new DataTransformation(manager.config(dataTransformationStage)).run()).rejects.toBeInstanceOf(DataValidationError);
  });

  it('writes a seeded stratified split, encoded labels, catalogs in config order and genres.txt', async () => {
    await new DataValidation(manager.config(dataValidationStage)).run();
    const config = manager.config(dataTransformationStage);
    const result = await new DataTransformation(config).run();
    expect(result.classes).toEqual([...config.genres].sort());
    const total = config.genres.reduce((n, _g, i) => n + 20 + 10 * i, 0);
    expect(result.trainSize + result.testSize).toBe(total);
    const yTest = parseCsv(await readFile(config.yTestPath, 'utf8'));
    expect(yTest.header).toEqual(['genre']);
    // Each genre keeps its share in the test set (to within one song).
    const counts = new Map<string, number>();
    for (const [code] of yTest.rows) counts.set(code!, (counts.get(code!) ?? 0) + 1);
    config.genres.forEach((genre, i) => expect(Math.abs(counts.get(String(result.classes.indexOf(genre)))! - (20 + 10 * i) * 0.2)).toBeLessThanOrEqual(1));
    expect(result.testSize).toBe(Math.ceil(total * 0.2));
    expect(parseCsv(await readFile(config.xTrainPath, 'utf8')).header).toHaveLength(9);
    expect(await readFile(config.genresPath, 'utf8')).toBe(`${config.genres.join('\n')}\n`);
    const catalog3 = parseCsv(await readFile(`${config.catalogPathPrefix}3.csv`, 'utf8'));
    expect(catalog3.rows.length).toBeGreaterThan(0);
    expect(catalog3.rows.every((r) => r[1] === config.genres[3])).toBe(true);
    expect(result.catalogs[3]).toEqual({ genre: config.genres[3], path: `${config.catalogPathPrefix}3.csv`, songs: 50 });

    // Same seed, same split, byte for byte.
    const before = await readFile(config.xTestPath, 'utf8');
    await new DataTransformation(config).run();
    expect(await readFile(config.xTestPath, 'utf8')).toBe(before);
  });

  it('splits by recording: a re-release (same features, another id) never sits on the other side of its twin', async () => {
    const genres = manager.config(dataIngestionStage).genres;
    const rows = genres.flatMap((g, i) => kaggleRows([g], 20, i + 1));
    // Every song re-released once under a new id and album: a third of the rows are twins, as in Kaggle.
    const twins = rows.filter((_r, i) => i % 2 === 0).map((r, i) => ({ ...r, track_id: `${r.track_id.slice(0, 16)}twin${String(i).padStart(2, '0')}`, album_name: 'Best of' }));
    await writeFile(join(root, 'dataset.csv'), kaggleCsv([...rows, ...twins]));
    await new DataIngestion({ ...manager.config(dataIngestionStage), sourceUrl: join(root, 'dataset.csv') }).run({ force: true });
    await new DataValidation(manager.config(dataValidationStage)).run();
    const config = manager.config(dataTransformationStage);
    const result = await new DataTransformation(config).run();
    expect(result.trainSize + result.testSize).toBe(rows.length + twins.length);
    expect(result.recordings).toBe(rows.length);
    const key = (r: string[]) => r.join(',');
    const train = new Set(parseCsv(await readFile(config.xTrainPath, 'utf8')).rows.map(key));
    const test = parseCsv(await readFile(config.xTestPath, 'utf8')).rows.map(key);
    expect(test.filter((r) => train.has(r))).toEqual([]);
    expect(test.length).toBeGreaterThan(0);
  });

  it('refuses, naming the genre and its counts, a genre with fewer than two recordings', async () => {
    const genres = manager.config(dataIngestionStage).genres;
    const rows = genres.flatMap((g, i) => kaggleRows([g], i === 2 ? 1 : 20, i + 1));
    // The lone song of genre 2 released three times: three rows, one recording.
    const lone = rows.find((r) => r.track_genre === genres[2])!;
    const copies = [1, 2].map((n) => ({ ...lone, track_id: `${lone.track_id.slice(0, 20)}c${n}` }));
    await writeFile(join(root, 'dataset.csv'), kaggleCsv([...rows, ...copies]));
    await new DataIngestion({ ...manager.config(dataIngestionStage), sourceUrl: join(root, 'dataset.csv') }).run({ force: true });
    await new DataValidation(manager.config(dataValidationStage)).run();
    const config = manager.config(dataTransformationStage);
    const failure = new DataTransformation(config).run();
    await expect(failure).rejects.toMatchObject({ name: 'DatasetError', code: 'ERR_SPLIT_CLASS_TOO_SMALL' });
    await expect(failure).rejects.toThrow(`genre "${genres[2]}" has 1 recording (3 songs); each genre needs at least 2 recordings`);
  });
});
