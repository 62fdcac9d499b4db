/**
 * A temporary pipeline root for tests: a generated Kaggle-format dataset for the ten default
 * genres and a copy of the shipped config.yaml whose `source_URL` points at it.
 */
import { SEED_GENRES } from '@msr/core';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigDir } from '../../config/default-config-dir.js';
import { kaggleCsv, kaggleRows } from '../../stages/__fixtures__/kaggle-csv.js';

export interface PipelineRoot {
  root: string;
  /** The config.yaml to pass as `files.config`. */
  config: string;
  /** The dataset the config points at. */
  dataset: string;
}

export async function pipelineRoot(perGenre = 30): Promise<PipelineRoot> {
  const root = await mkdtemp(join(tmpdir(), 'msr-pipeline-'));
  const dataset = join(root, 'dataset.csv');
  await writeFile(dataset, kaggleCsv(kaggleRows(SEED_GENRES, perGenre)));
  const config = join(root, 'config.yaml');
  const text = await readFile(join(defaultConfigDir(), 'config.yaml'), 'utf8');
  await writeFile(config, text.replace(/source_URL: .*/, `source_URL: ${dataset}`));
  return { root, config, dataset };
}
