/**
 * `@msr/core` — the pure heart of msr: the typed data model, config and dataset schemas,
 * the models (gradient boosting, Gaussian mixture, scalers), metrics and `recommend()`.
 *
 * It does no I/O and imports nothing from `node:`, so it runs in browsers, edge workers and
 * Node alike.
 *
 * @module
 */
export * from './data/features.js';
export * from './data/genres.js';
export * from './errors/msr-error.js';
export * from './random/prng.js';
export * from './data/song.js';
export * from './data/kaggle-track.js';
export * from './data/playlist.js';
export * from './config/config-file.js';
export * from './config/params-file.js';
export * from './config/schema-file.js';
export * from './config/config-issue.js';
export { parseYamlFile } from './config/parse-yaml.js';
export * from './config/config-set.js';
