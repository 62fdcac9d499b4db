/**
 * A temporary pipeline root for tests: a generated Kaggle-format dataset for the ten default
 * genres and a copy of the shipped config.yaml whose `source_URL` points at it and which lists
 * those genres.
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
  /**
   * A params.yaml with fewer, larger boosting steps (`n_estimators: 20`, `learning_rate: 0.1`)
   * than the original's 250 × 0.008, so tests that train stay quick; same code path.
   */
  quickParams: string;
}

export async function pipelineRoot(perGenre = 30): Promise<PipelineRoot> {
  const root = await mkdtemp(join(tmpdir(), 'msr-pipeline-'));
  const dataset = join(root, 'dataset.csv');
  await writeFile(dataset, kaggleCsv(kaggleRows(SEED_GENRES, perGenre)));
  const config = join(root, 'config.yaml');
  const text = await readFile(join(defaultConfigDir(), 'config.yaml'), 'utf8');
  // A config.yaml that lists its genres, as the original's did (the shipped one lets the data choose).
  await writeFile(config, text.replace(/source_URL: .*/, `source_URL: ${dataset}`).replace(/^ {2}min_recordings: .*$/m, `  genres:\n${SEED_GENRES.map((g) => `    - ${g}`).join('\n')}`));
  const quickParams = join(root, 'quick-params.yaml');
  const params = await readFile(join(defaultConfigDir(), 'params.yaml'), 'utf8');
  await writeFile(quickParams, params.replace(/n_estimators: \d+/, 'n_estimators: 20').replace(/learning_rate: [\d.]+/, 'learning_rate: 0.1'));
  return { root, config, dataset, quickParams };
}
