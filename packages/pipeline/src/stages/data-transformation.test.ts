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

let root: string;
let manager: ConfigurationManager;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-transform-'));
  manager = await ConfigurationManager.load({ rootDir: root });
  const genres = manager.getDataIngestionConfig().genres;
  // Unequal genre sizes, to see stratification.
  const rows = genres.flatMap((g, i) => kaggleRows([g], 20 + 10 * i, i + 1));
  await writeFile(join(root, 'dataset.csv'), kaggleCsv(rows));
  await new DataIngestion({ ...manager.getDataIngestionConfig(), sourceUrl: join(root, 'dataset.csv') }).run();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DataTransformation', () => {
  it('refuses a base that was not validated', async () => {
    await expect(new DataTransformation(manager.getDataTransformationConfig()).run()).rejects.toBeInstanceOf(DataValidationError);
  });

  it('writes a seeded stratified split, encoded labels, catalogs in config order and genres.txt', async () => {
    await new DataValidation(manager.getDataValidationConfig()).run();
    const config = manager.getDataTransformationConfig();
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
});
