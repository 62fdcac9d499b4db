import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue, paramsFileSchema } from '@msr/core';
import { parseConfigFile, parseConfigSet, type ConfigText } from './config-set.js';
import { parseYamlFile } from './parse-yaml.js';
import { schemaFileSchema } from './schema-file.js';

const defaults = new URL('../../config/', import.meta.url);
const read = (name: string): ConfigText => ({ file: name, text: readFileSync(new URL(name, defaults), 'utf8') });
const texts = () => ({ config: read('config.yaml'), params: read('params.yaml'), schema: read('schema.yaml') });

describe('parseConfigSet', () => {
  it('accepts the embedded default configuration with the original values', () => {
    const result = parseConfigSet(texts());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // No genre list: the pipeline takes the genres of the data, each with default_n_components.
    expect(result.value.config.data_transformation).toMatchObject({ min_recordings: 30 });
    expect(result.value.config.data_transformation.genres).toBeUndefined();
    expect(result.value.config.data_validation).toMatchObject({ policy: 'quarantine', max_invalid_share: 0.01, quarantine_file: 'data/quarantine.csv' });
    expect(result.value.params.GradientBoostingClassifier).toEqual({ learning_rate: 0.1, max_depth: 5, max_leaf_nodes: 31, l2_regularization: 1, min_samples_leaf: 20, n_estimators: 100 });
    expect(result.value.params.GaussianMixture).toEqual({ covariance_type: 'spherical', default_n_components: 3, random_state: 42 });
    expect(result.value.schema.TARGET_COLUMN.name).toBe('genre');
  });

  it('reports every problem of every file with its file, key path and line', () => {
    const set = texts();
    set.params.text = [
      'GaussianMixture:',
      '  covariance_type: sphericall', // line 2: unknown covariance type
      '  n_components: [3, 3, 3]', // line 3
      '  random_state: 42',
      'GradientBoostingClassifier:',
      '  learning_rate: -0.1', // line 6: negative
      '  max_depth: "five"', // line 7: wrong type
      '', // n_estimators missing → reported at the mapping (line 6)
    ].join('\n');
    set.config.text = set.config.text.replace('  model_name: model.json\n', '  model_name: model.json\n  model_nam: typo.json\n');
    const result = parseConfigSet(set);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byKey = Object.fromEntries(result.issues.map((i) => [`${i.file}:${i.path.join('.')}`, i]));

    expect(byKey['params.yaml:GaussianMixture.covariance_type']).toMatchObject({ line: 2, message: expect.stringContaining('unknown covariance type "sphericall"') });
    expect(byKey['params.yaml:GradientBoostingClassifier.learning_rate']).toMatchObject({ line: 6, message: 'must be greater than 0' });
    expect(byKey['params.yaml:GradientBoostingClassifier.max_depth']).toMatchObject({ line: 7, code: 'invalid_type' });
    expect(byKey['params.yaml:GradientBoostingClassifier.n_estimators']).toMatchObject({ line: 6, code: 'invalid_type' });
    expect(byKey['config.yaml:model_trainer.model_nam']).toMatchObject({ code: 'unrecognized_keys', message: 'unknown key "model_nam"' });
    expect(byKey['config.yaml:model_trainer.model_nam']!.line).toBeGreaterThan(30);
    // The length mismatch needs valid files to compare, so it is checked once params parse.
    expect(byKey['params.yaml:GaussianMixture.n_components']).toBeUndefined();
  });

  it('refuses an n_components list whose length differs from the genre list', () => {
    // The original's files: ten genres listed, one count each.
    const set = texts();
    set.config.text = set.config.text.replace('  min_recordings: 30\n', '  genres: [alternative, classical, country, edm, hip-hop, jazz, latin, pop, r-n-b, rock]\n  min_recordings: 30\n');
    set.params.text = set.params.text.replace('  default_n_components: 3\n', '  n_components: [3, 3, 4]\n');
    expect(set.params.text).toContain('n_components: [3, 3, 4]');
    const result = parseConfigSet(set);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        file: 'params.yaml',
        path: ['GaussianMixture', 'n_components'],
        line: 7, // lines 1 and 4-6 are comments
        code: 'length_mismatch',
        message: expect.stringContaining('3 component counts but config.yaml lists 10 genres'),
      }),
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const set = texts();
    set.schema.text = 'COLUMNS:\n  uri: str\n   genre: str\n  : [\n';
    const result = parseConfigSet(set);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((i) => i.file === 'schema.yaml' && i.code === 'yaml_syntax' && typeof i.line === 'number')).toBe(true);
  });

  it('formats issues and wraps them in a typed ConfigError', () => {
    const result = parseYamlFile('GaussianMixture: 3\n', 'p.yaml', paramsFileSchema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = new ConfigError(result.issues);
    expect(error.code).toBe('ERR_INVALID_CONFIG');
    expect(error.issues).toBe(result.issues);
    expect(result.issues.map(formatConfigIssue)).toContain('p.yaml:1:18 GaussianMixture: Invalid input: expected object, received number');
    expect(error.message).toContain('GradientBoostingClassifier');
  });
});

describe('parseConfigFile', () => {
  it('parses config.yaml alone, typed (what the server reads the genre list with), and refuses unknown keys with their line', () => {
    const text = read('config.yaml').text.replace('  min_recordings: 30\n', '  genres: [jazz, rock]\n');
    const result = parseConfigFile(text, 'config.yaml');
    expect(result.ok && result.value.data_transformation.genres).toEqual(['jazz', 'rock']);
    const typo = parseConfigFile(text.replace('  reco_dir:', '  reco_dri:'), 'config.yaml');
    expect(typo.ok).toBe(false);
    if (typo.ok) return;
    expect(typo.issues).toContainEqual(expect.objectContaining({ path: ['data_transformation', 'reco_dri'], code: 'unrecognized_keys', line: 26 }));
  });
});

describe('schemaFileSchema', () => {
  it('requires uri, the nine features and a target that is a column', () => {
    const result = parseYamlFile('COLUMNS:\n  uri: str\n  tempo: float64\nTARGET_COLUMN:\n  name: label\n', 'schema.yaml', schemaFileSchema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('COLUMNS.key: must declare the column "key"');
    expect(messages).toContain('TARGET_COLUMN.name: names "label", which is not one of COLUMNS');
    expect(messages.filter((m) => m.includes('must declare'))).toHaveLength(8);
  });

  it('refuses an unknown column type and names it', () => {
    const result = parseYamlFile('COLUMNS:\n  uri: string\nTARGET_COLUMN:\n  name: uri\n', 'schema.yaml', schemaFileSchema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path: ['COLUMNS', 'uri'], line: 2, message: expect.stringContaining('unknown column type "string"') });
  });
});
