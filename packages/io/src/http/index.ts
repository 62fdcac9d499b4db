/**
 * `@msr/io/http` — what msr's HTTP clients (`@msr/mlflow-client`, `@msr/spotify`) share below
 * their own retry rules: the `Retry-After` parser, exponential backoff, a cancellable wait, the
 * injected `fetch` type and the request target errors name. No `node:` imports.
 *
 * @example
 * ```ts
 * import { abortableSleep, backoffDelay, parseRetryAfter } from '@msr/io/http';
 *
 * const wait = parseRetryAfter(response.headers.get('retry-after'), Date.now()) ?? backoffDelay(attempt, { baseMs: 500, maxMs: 30_000 });
 * await abortableSleep(wait, signal);
 * ```
 *
 * @module
 */
export * from './abortable-sleep.js';
export * from './backoff.js';
export * from './fetch-like.js';
export * from './request-target.js';
export * from './retry-after.js';
