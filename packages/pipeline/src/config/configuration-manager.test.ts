import { ConfigError, InvalidArgumentError } from '@msr/core';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSongsBase } from '../songs/songs-base.js';
import { ConfigurationManager } from './configuration-manager.js';
import { defaultConfigDir } from './default-config-dir.js';
import { redactTracking, trackingConfigFromEnv } from './tracking-config.js';
import { clusteringStage } from '../stages/clustering-stage.js';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';
import { dataTransformationStage } from '../stages/data-transformation-stage.js';
import { dataValidationStage } from '../stages/data-validation-stage.js';
import { modelAssemblyStage } from '../stages/model-assembly-stage.js';
import { modelEvaluationStage } from '../stages/model-evaluation-stage.js';
import { modelTrainerStage } from '../stages/model-trainer-stage.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-config-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const FIXTURE = fileURLToPath(new URL('../../../../fixtures/dataset.zip', import.meta.url));
const FIXTURE_GENRES = ['alternative', 'ambient', 'classical', 'country', 'edm', 'hip-hop', 'jazz', 'k-pop', 'latin', 'pop', 'r-n-b', 'rock'];
const SHIPPED_CONFIG = (): Promise<string> => readFile(join(defaultConfigDir(), 'config.yaml'), 'utf8');
/** The shipped config.yaml with a genre list, as the original's (and its users') files have. */
const withGenreList = async (genres: readonly string[]): Promise<string> => (await SHIPPED_CONFIG()).replace(/^ {2}min_recordings: .*$/m, `  genres: [${genres.join(', ')}]`);

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
    const manager = await ConfigurationManager.load({ rootDir: root, sourceUrl: FIXTURE });
    const ingestion = manager.config(dataIngestionStage);
    expect(ingestion).toMatchObject({ rootDir: join(root, 'data/raw'), sourceUrl: FIXTURE, songsBasePath: join(root, 'data/raw/song_df.csv') });
    expect(ingestion.quarantine).toEqual({ policy: 'quarantine', maxInvalidShare: 0.01, file: join(root, 'data/quarantine.csv'), summaryFile: join(root, 'data/quarantine.json') });
    // The shipped config.yaml names no genres: the fixture's with ≥ 30 recordings, sorted.
    expect(ingestion.genres).toEqual(FIXTURE_GENRES);
    expect(manager.genreSelection).toMatchObject({ from: 'data', minRecordings: 30, leftOut: [{ genre: 'metal', recordings: 11, reason: '11 recordings, fewer than min_recordings 30' }] });
    expect(manager.config(dataValidationStage)).toMatchObject({ statusFile: join(root, 'data/status.txt'), targetColumn: 'genre', columns: { uri: 'str', tempo: 'float64' } });
    const transformation = manager.config(dataTransformationStage);
    expect(transformation).toMatchObject({ xTrainPath: join(root, 'data/processed/X_train.csv'), catalogPathPrefix: join(root, 'data/to_rec/to_rec_'), split: { testSize: 0.2, randomState: 42, stratify: true } });
    expect(manager.config(modelTrainerStage)).toMatchObject({ modelPath: join(root, 'models/model.json'), params: { learningRate: 0.1, maxDepth: 5, maxLeafNodes: 31, l2Regularization: 1, minSamplesLeaf: 20, nEstimators: 100, randomState: 42 } });
    expect(manager.config(modelEvaluationStage)).toMatchObject({ experimentName: 'music_clf', metricsPath: join(root, 'metrics/metrics.json') });
    const clustering = manager.config(clusteringStage);
    expect(clustering.params).toEqual({ covarianceType: 'spherical', nComponents: Array(12).fill(3), randomState: 42 });
    expect(manager.config(modelAssemblyStage).clusteringExperiments.slice(0, 2)).toEqual(['clst_0_alternative', 'clst_1_ambient']);
    expect(manager.getTrackingConfig().uri).toBe(`file://${join(root, 'mlruns')}`);
    expect(manager.param('GaussianMixture.default_n_components')).toBe(3);
    expect(manager.param('GaussianMixture.nope')).toBeUndefined();
    for (const dir of ['data/raw', 'data/processed', 'data/to_rec', 'models', 'metrics', 'models_best']) {
      expect((await stat(join(root, dir))).isDirectory()).toBe(true);
    }
  });

  it('takes the tracking URI and credentials from options, never from a literal', async () => {
    const tracking = trackingConfigFromEnv({ MLFLOW_TRACKING_URI: 'https://dagshub.com/me/repo.mlflow', MLFLOW_TRACKING_USERNAME: 'me', MLFLOW_TRACKING_PASSWORD: 's3cret' });
    expect(tracking).toEqual({ uri: 'https://dagshub.com/me/repo.mlflow', username: 'me', password: 's3cret' });
    expect(trackingConfigFromEnv({})).toBeUndefined();
    const manager = await ConfigurationManager.load({ rootDir: root, sourceUrl: FIXTURE, tracking: tracking!, createDirectories: false });
    expect(manager.config(modelEvaluationStage).tracking).toEqual(tracking);
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
    // Neither can be surveyed for genres (no network, no file): the load still succeeds and the
    // ingestion stage reports the dataset's problem when it runs.
    const offline = async (): Promise<Response> => {
      throw new TypeError('fetch failed (offline)');
    };
    const url = await ConfigurationManager.load({ rootDir: root, sourceUrl: 'https://example.org/d.zip', fetch: offline, createDirectories: false });
    expect(url.config(dataIngestionStage).sourceUrl).toBe('https://example.org/d.zip');
    expect(url.genreSelection.deferred).toBeInstanceOf(Error);
    const path = await ConfigurationManager.load({ rootDir: root, sourceUrl: 'in/d.csv', createDirectories: false });
    expect(path.config(dataIngestionStage).sourceUrl).toBe(join(root, 'in/d.csv'));
    expect(path.genreSelection).toMatchObject({ from: 'data', genres: [], deferred: { code: 'ERR_NO_DATASET' } });
  });

  it('refuses a relative root', async () => {
    await expect(ConfigurationManager.load({ rootDir: 'relative/dir' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("keeps a config.yaml with a genre list and one n_components per genre working, without reading the data", async () => {
    const config = join(root, 'config.yaml');
    await writeFile(config, await withGenreList(['rock', 'jazz']));
    const params = join(root, 'params.yaml');
    await writeFile(params, 'GaussianMixture: {covariance_type: spherical, n_components: [2, 4], random_state: 42}\nGradientBoostingClassifier: {learning_rate: 0.008, max_depth: 5, n_estimators: 250}\n');
    // The source does not exist: a configured list never needs it at load.
    const manager = await ConfigurationManager.load({ rootDir: root, files: { config, params }, sourceUrl: 'absent.csv', createDirectories: false });
    expect(manager.genreSelection).toEqual({ from: 'config', genres: ['rock', 'jazz'] });
    expect(manager.config(clusteringStage).params.nComponents).toEqual([2, 4]);
    // A list whose length differs is still refused, as before.
    const three = join(root, 'three.yaml');
    await writeFile(three, await withGenreList(['rock', 'jazz', 'pop']));
    const error = await errorOf(ConfigurationManager.load({ rootDir: root, files: { config: three, params }, createDirectories: false }));
    expect(error.issues[0]).toMatchObject({ file: params, path: ['GaussianMixture', 'n_components'], code: 'length_mismatch' });
  });

  it('lets --genres replace the list, and names the genres when n_components does not fit them', async () => {
    const config = join(root, 'config.yaml');
    await writeFile(config, await withGenreList(['rock', 'jazz']));
    const manager = await ConfigurationManager.load({ rootDir: root, files: { config }, genres: ['pop', 'edm', 'jazz'], createDirectories: false });
    expect(manager.genreSelection).toEqual({ from: 'option', genres: ['pop', 'edm', 'jazz'] });
    expect(manager.config(clusteringStage).params.nComponents).toEqual([3, 3, 3]);
    const params = join(root, 'params.yaml');
    await writeFile(params, 'GaussianMixture: {covariance_type: spherical, n_components: [2, 4], random_state: 42}\nGradientBoostingClassifier: {learning_rate: 0.008, max_depth: 5, n_estimators: 250}\n');
    const error = await errorOf(ConfigurationManager.load({ rootDir: root, files: { config, params }, genres: ['pop', 'edm', 'jazz'], createDirectories: false }));
    expect(error.issues[0]!.message).toBe('lists 2 component counts but --genres names 3 genres (pop, edm, jazz); give one per genre in that order, or remove n_components so each genre gets default_n_components');
    await expect(ConfigurationManager.load({ rootDir: root, files: { config }, genres: ['pop', 'pop'], createDirectories: false })).rejects.toMatchObject({ code: 'ERR_INVALID_GENRES' });
  });

  it('chooses the genres from the data with min_recordings, and a component count per genre from default_n_components or n_components_range', async () => {
    const config = join(root, 'config.yaml');
    await writeFile(config, (await SHIPPED_CONFIG()).replace(/min_recordings: 30/, 'min_recordings: 600'));
    const params = join(root, 'params.yaml');
    await writeFile(params, 'GaussianMixture: {covariance_type: spherical, default_n_components: 5, random_state: 42}\nGradientBoostingClassifier: {learning_rate: 0.008, max_depth: 5, n_estimators: 250}\n');
    const manager = await ConfigurationManager.load({ rootDir: root, files: { config, params }, sourceUrl: FIXTURE, createDirectories: false });
    expect(manager.genres).toEqual(['alternative', 'classical', 'country', 'edm', 'hip-hop', 'latin', 'pop', 'r-n-b', 'rock']);
    expect(manager.genreSelection.leftOut!.map((l) => l.genre)).toEqual(['ambient', 'jazz', 'k-pop', 'metal']);
    expect(manager.genreSelection.leftOut![1]).toEqual({ genre: 'jazz', recordings: 572, reason: '572 recordings, fewer than min_recordings 600' });
    expect(manager.config(clusteringStage).params.nComponents).toEqual(Array(9).fill(5));
    await writeFile(params, 'GaussianMixture: {covariance_type: spherical, n_components_range: [2, 4], random_state: 42}\nGradientBoostingClassifier: {learning_rate: 0.008, max_depth: 5, n_estimators: 250}\n');
    const ranged = await ConfigurationManager.load({ rootDir: root, files: { config, params }, sourceUrl: FIXTURE, createDirectories: false });
    expect(ranged.config(clusteringStage).params.nComponentsRange).toEqual([2, 4]);
  });

  it("surveys the songs base while the ingestion keeps it (retraining mode), with the base's own columns; the dataset when rebuilding", async () => {
    const songs = ['jazz', 'rock'].flatMap((genre, g) => Array.from({ length: 30 }, (_, i) => ({ uri: `${genre}${i}`, genre, key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: i / 30, tempo: 100 + g })));
    await mkdir(join(root, 'data/raw'), { recursive: true });
    await writeFile(join(root, 'data/raw/song_df.csv'), formatSongsBase(songs));
    // Not <root>/schema.yaml: that one is read without --schema, by the loads below too.
    const schema = join(root, 'spotify-id-schema.yaml');
    await writeFile(schema, `${await readFile(join(defaultConfigDir(), 'schema.yaml'), 'utf8')}\nSOURCE_COLUMNS:\n  uri: spotify_id\n`);
    const manager = await ConfigurationManager.load({ rootDir: root, files: { schema }, sourceUrl: 'gone.csv', createDirectories: false });
    expect(manager.genreSelection).toMatchObject({ from: 'data', genres: ['jazz', 'rock'], file: join(root, 'data/raw/song_df.csv') });
    // The base is what trains while the ingestion keeps it, even beside another dataset…
    const kept = await ConfigurationManager.load({ rootDir: root, sourceUrl: FIXTURE, createDirectories: false });
    expect(kept.genres).toEqual(['jazz', 'rock']);
    // …and rebuilding the base (msr rebuild-base) reads the dataset.
    const rebuilt = await ConfigurationManager.load({ rootDir: root, sourceUrl: FIXTURE, rebuildSongsBase: true, createDirectories: false });
    expect(rebuilt.genres).toEqual(FIXTURE_GENRES);
  });
});
