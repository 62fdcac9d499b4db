/**
 * `@msr/io/fs` — atomic file writes (temp file beside the target, fsync, rename) for everything
 * msr stores: the pipeline's data and lock files, the MLflow local store. Node only.
 *
 * @module
 */
export * from './atomic-write.js';
