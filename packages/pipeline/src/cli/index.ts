/**
 * `@msr/pipeline/cli` — the `msr` command as a library: {@link main} with injected I/O (what
 * `bin/msr.js` calls), the command table, `msr init`'s starter files, `msr worker`'s options,
 * and the progress renderer the commands print with. For scripts, `@msr/pipeline` is the API;
 * this subpath is for embedding or extending the command line.
 *
 * @example
 * ```ts
 * import { main } from '@msr/pipeline/cli';
 *
 * process.exitCode = await main(['--help'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 * ```
 *
 * @module
 */
export * from './cli-io.js';
export * from './progress-renderer.js';
export * from './commands.js';
// After commands.js: init-command imports it back, so loading init-command first would reach
// COMMANDS while initCommand is still uninitialised (a ReferenceError at import).
export { initCommand, starterConfig, starterParams } from './init-command.js';
export * from './main.js';
export * from './interrupted-error.js';
export { workerCommand, artifactStoreFromArgs } from './worker-command.js';
