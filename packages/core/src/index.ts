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
