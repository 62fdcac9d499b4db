/**
 * `@msr/io` — the I/O plumbing msr's packages share, one copy each: `Retry-After`, backoff,
 * cancellable waits and request targets for the HTTP clients (`@msr/io/http`, no `node:`
 * imports), and atomic file writes (`@msr/io/fs`, Node).
 *
 * @module
 */
export * from './http/index.js';
export * from './fs/index.js';
