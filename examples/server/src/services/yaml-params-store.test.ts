import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paramsFileSchema, type ParamsFile } from '@msr/core';
import { ParamsFileError, YamlParamsStore, zodParamsValidator } from './yaml-params-store.js';

const DEFAULT_MODEL_PARAMS: ParamsFile = {
  GradientBoostingClassifier: { learning_rate: 0.008, max_depth: 5, n_estimators: 250 },
  GaussianMixture: { covariance_type: 'spherical', n_components: [3, 3, 3], random_state: 42 },
};

let dir: string;
let path: string;
let store: YamlParamsStore<unknown>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msr-params-'));
  path = join(dir, 'params.yaml');
  store = new YamlParamsStore({ path, validate: zodParamsValidator(paramsFileSchema), defaults: DEFAULT_MODEL_PARAMS });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('YamlParamsStore', () => {
  it('reads the defaults until the file exists, then the file', async () => {
    expect(await store.read()).toEqual(DEFAULT_MODEL_PARAMS);
    writeFileSync(path, 'GradientBoostingClassifier: {learning_rate: 0.1, max_depth: 3, n_estimators: 10}\nGaussianMixture: {covariance_type: full, n_components: [2], random_state: 1}\n');
    expect(await store.read()).toMatchObject({ GradientBoostingClassifier: { learning_rate: 0.1 }, GaussianMixture: { n_components: [2] } });
  });

  it('writes YAML atomically (creating its folder) and leaves no temporary file', async () => {
    const next = { ...DEFAULT_MODEL_PARAMS, GradientBoostingClassifier: { learning_rate: 0.02, max_depth: 4, n_estimators: 100 } };
    await store.write(next);
    expect(readFileSync(path, 'utf8')).toContain('learning_rate: 0.02');
    expect(readdirSync(dir)).toEqual(['params.yaml']);
    expect(await store.read()).toEqual(next);
    const nested = new YamlParamsStore({ path: join(dir, 'a', 'b', 'params.yaml'), validate: zodParamsValidator(paramsFileSchema), defaults: DEFAULT_MODEL_PARAMS });
    await nested.write(next);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['params.yaml']);
  });

  it('refuses invalid values with issues per key and does not touch the file', async () => {
    await store.write(DEFAULT_MODEL_PARAMS);
    const before = readFileSync(path, 'utf8');
    await expect(store.write({ ...DEFAULT_MODEL_PARAMS, GaussianMixture: { ...DEFAULT_MODEL_PARAMS.GaussianMixture, covariance_type: 'round' } })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: ['GaussianMixture', 'covariance_type'] }],
    });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('reports a broken file as a server fault naming the file and key', async () => {
    writeFileSync(path, 'GradientBoostingClassifier: [oops');
    await expect(store.read()).rejects.toBeInstanceOf(ParamsFileError);
    writeFileSync(path, 'GradientBoostingClassifier: {learning_rate: 0, max_depth: 3, n_estimators: 10}\nGaussianMixture: {covariance_type: full, n_components: [2], random_state: 1}\n');
    await expect(store.read()).rejects.toThrow(`${path}: GradientBoostingClassifier.learning_rate:`);
  });
});
