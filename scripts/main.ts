/**
 * The README's main job, on embedded defaults. For now (the pipeline has not landed yet) it
 * loads and validates the default configuration and prints what the pipeline will run with.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfigSet } from '@msr/core';

const configDir = new URL('../packages/pipeline/config/', import.meta.url);
const read = (file: string) => ({ file: `packages/pipeline/config/${file}`, text: readFileSync(new URL(file, configDir), 'utf8') });

const result = parseConfigSet({ config: read('config.yaml'), params: read('params.yaml'), schema: read('schema.yaml') });
if (!result.ok) {
  console.error(new ConfigError(result.issues).message);
  process.exit(2);
}
const { config, params } = result.value;
console.log('msr — default configuration is valid');
console.log(`  genres (${config.data_transformation.genres.length}): ${config.data_transformation.genres.join(', ')}`);
console.log(`  classifier: ${JSON.stringify(params.GradientBoostingClassifier)}`);
console.log(`  clustering: ${JSON.stringify(params.GaussianMixture)}`);
console.log(`  dataset: ${config.data_ingestion.source_URL}`);
