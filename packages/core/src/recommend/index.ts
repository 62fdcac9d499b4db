/**
 * `@msr/core/recommend` — the browser path: load a bundle with `RecommenderModel.fromJSON` and
 * call `recommend()`. Nothing here parses YAML or fits a model's config, so a web page that
 * imports only this subpath ships under 40 kB gzipped (`npm run bench:bundle`).
 *
 * @example
 * ```ts
 * import { RecommenderModel, recommend } from '@msr/core/recommend';
 *
 * const model = RecommenderModel.fromJSON(await (await fetch('/model.json')).json());
 * const { genre, recommendations } = recommend([{ uri: 'spotify:track:…', features }], model, { count: 10 });
 * ```
 *
 * @module
 */
export * from '../data/features.js';
export * from '../data/track-id.js';
export type { SongMetadata } from '../data/song-metadata.js';
export * from '../errors/msr-error.js';
export * from '../errors/error-codes.js';
export * from './recommend-error.js';
export * from './playlist-input.js';
export * from './recommend.js';
export * from './genre-top-up.js';
export * from './recommender-model.js';
export * from './recommender-model-json.js';
export * from './cosine.js';
export * from './catalog-index.js';
export * from './catalog-metadata.js';
