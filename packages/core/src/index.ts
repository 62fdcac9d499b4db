/**
 * `@msr/core` — the pure heart of msr: the typed data model, config and dataset schemas,
 * the models (gradient boosting, Gaussian mixture, scalers), metrics and `recommend()`.
 *
 * It does no I/O and imports nothing from `node:`, so it runs in browsers, edge workers and
 * Node alike.
 *
 * Subpaths for smaller imports: `@msr/core/recommend` (load a bundle, recommend: the browser
 * path) and `@msr/core/models` (the models and their JSON forms).
 *
 * @module
 */
export * from './recommend/index.js';
export * from './models/index.js';
export * from './data/genres.js';
export * from './random/prng.js';
export * from './data/song.js';
export * from './data/song-metadata.js';
export * from './data/kaggle-track.js';
export * from './data/playlist.js';
export * from './config/params-file.js';
export * from './config/params-section.js';
export * from './data/column-type.js';
export * from './config/config-issue.js';
export * from './preprocessing/train-test-split.js';
export * from './preprocessing/recording-groups.js';
export type { Label, Labels } from './metrics/label-set.js';
export * from './metrics/accuracy-score.js';
export * from './metrics/confusion-matrix.js';
export * from './metrics/precision-recall-fscore.js';
export * from './metrics/classification-report.js';
export * from './metrics/silhouette-score.js';
export * from './metrics/calinski-harabasz-score.js';
export * from './metrics/davies-bouldin-score.js';
export * from './encoding/base64-floats.js';
export * from './recommend/evaluate-recommender.js';
export * from './search/search-catalog.js';
export * from './search/search-error.js';
export * from './search/normalize-text.js';
export * from './search/find-song.js';
