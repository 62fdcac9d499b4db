import { ConfigError, InvalidArgumentError } from '@msr/core';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationManager } from './configuration-manager.js';
import { defaultConfigDir } from './default-config-dir.js';
import { redactTracking, trackingConfigFromEnv } from './tracking-config.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-config-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const errorOf = async (promise: Promise<unknown>): Promise<ConfigError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
};

describe('ConfigurationManager', () => {
  it('loads the shipped defaults into typed camelCase configs with absolute paths and creates the directories', async () => {
    const manager = await ConfigurationManager.load({ rootDir: root });
    const ingestion = manager.getDataIngestionConfig();
    expect(ingestion).toMatchObject({ rootDir: join(root, 'data/raw'), sourceUrl: join(root, 'fixtures/dataset.zip'), songsBasePath: join(root, 'data/raw/song_df.csv') });
    expect(ingestion.genres).toHaveLength(10);
    expect(manager.getDataValidationConfig()).toMatchObject({ statusFile: join(root, 'data/status.txt'), targetColumn: 'genre', columns: { uri: 'str', tempo: 'float64' } });
    const transformation = manager.getDataTransformationConfig();
    expect(transformation).toMatchObject({ xTrainPath: join(root, 'data/processed/X_train.csv'), catalogPathPrefix: join(root, 'data/to_rec/to_rec_'), split: { testSize: 0.2, randomState: 42, stratify: true } });
    expect(manager.getModelTrainerConfig()).toMatchObject({ modelPath: join(root, 'models/model.json'), params: { learningRate: 0.008, maxDepth: 5, nEstimators: 250, randomState: 42 } });
    expect(manager.getModelEvaluationConfig()).toMatchObject({ experimentName: 'music_clf', metricsPath: join(root, 'metrics/metrics.json') });
    const clustering = manager.getClusteringConfig();
    expect(clustering.params).toEqual({ covarianceType: 'spherical', nComponents: Array(10).fill(3), randomState: 42 });
    expect(manager.getModelAssemblyConfig().clusteringExperiments.slice(0, 2)).toEqual(['clst_0_alternative', 'clst_1_classical']);
    expect(manager.getTrackingConfig().uri).toBe(`file://${join(root, 'mlruns')}`);
    expect(manager.param('GaussianMixture.n_components')).toEqual(Array(10).fill(3));
    expect(manager.param('GaussianMixture.nope')).toBeUndefined();
    for (const dir of ['data/raw', 'data/processed', 'data/to_rec', 'models', 'metrics', 'models_best']) {
      expect((await stat(join(root, dir))).isDirectory()).toBe(true);
    }
  });

  it('takes the tracking URI and credentials from options, never from a literal', async () => {
    const tracking = trackingConfigFromEnv({ MLFLOW_TRACKING_URI: 'https://dagshub.com/me/repo.mlflow', MLFLOW_TRACKING_USERNAME: 'me', MLFLOW_TRACKING_PASSWORD: 's3cret' });
    expect(tracking).toEqual({ uri: 'https://dagshub.com/me/repo.mlflow', username: 'me', password: 's3cret' });
    expect(trackingConfigFromEnv({})).toBeUndefined();
    const manager = await ConfigurationManager.load({ rootDir: root, tracking: tracking!, createDirectories: false });
    expect(manager.getModelEvaluationConfig().tracking).toEqual(tracking);
    expect(redactTracking(tracking!)).toEqual({ uri: 'https://dagshub.com/me/repo.mlflow', username: 'me', password: '***' });
  });

  it('reports every problem of a malformed set with file, key path and line', async () => {
    const params = join(root, 'params.yaml');
    await writeFile(params, 'GaussianMixture:\n  covariance_type: round\n  n_components: [3]\n  random_state: 42\nGradientBoostingClassifier:\n  learning_rate: fast\n  max_depth: 5\n  n_estimators: 250\n');
    const error = await errorOf(ConfigurationManager.load({ rootDir: root, files: { params }, createDirectories: false }));
    expect(error.issues.map((i) => [i.file, i.path.join('.'), i.line])).toEqual([
      [params, 'GradientBoostingClassifier.learning_rate', 6],
      [params, 'GaussianMixture.covariance_type', 2],
    ]);
  });

  it('reports malformed YAML with its line, and a missing file by name', async () => {
    const schema = join(root, 'schema.yaml');
    await writeFile(schema, 'COLUMNS:\n  uri: str\n genre: [\n');
    const error = await errorOf(ConfigurationManager.load({ rootDir: root, files: { schema }, createDirectories: false }));
    expect(error.issues[0]).toMatchObject({ file: schema, code: 'yaml_syntax', line: expect.any(Number) });
    const missing = await errorOf(ConfigurationManager.load({ rootDir: root, files: { config: join(root, 'nope.yaml') } }));
    expect(missing.message).toContain('nope.yaml');
    expect(missing.issues[0]!.message).toBe('file not found');
  });

  it('refuses keys that name the same file differently', async () => {
    const config = join(root, 'config.yaml');
    const text = await readFile(join(defaultConfigDir(), 'config.yaml'), 'utf8');
    await writeFile(config, text.replace('  data_path: data/raw/song_df.csv', '  data_path: data/raw/other.csv'));
    const error = await errorOf(ConfigurationManager.load({ rootDir: root, files: { config }, createDirectories: false }));
    expect(error.issues).toEqual([expect.objectContaining({ path: ['data_transformation', 'data_path'], code: 'inconsistent_paths', line: expect.any(Number) })]);
    expect(error.issues[0]!.message).toContain('both are the songs base');
  });

  it('lets options replace the dataset source (a URL as is, a path resolved against the root)', async () => {
    const url = await ConfigurationManager.load({ rootDir: root, sourceUrl: 'https://example.org/d.zip', createDirectories: false });
    expect(url.getDataIngestionConfig().sourceUrl).toBe('https://example.org/d.zip');
    const path = await ConfigurationManager.load({ rootDir: root, sourceUrl: 'in/d.csv', createDirectories: false });
    expect(path.getDataIngestionConfig().sourceUrl).toBe(join(root, 'in/d.csv'));
  });

  it('refuses a relative root', async () => {
    await expect(ConfigurationManager.load({ rootDir: 'relative/dir' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
