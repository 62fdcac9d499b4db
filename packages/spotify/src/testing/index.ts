/**
 * `@msr/spotify/testing` — a fake Spotify Web API, accounts service and ReccoBeats (one Hono
 * app) for tests of this package and of the apps built on it. Needs the optional peer
 * dependencies `hono` and `@hono/node-server`.
 *
 * @module
 */
export * from './fake-catalog.js';
export * from './fake-spotify.js';
export * from './start-fake-spotify.js';
