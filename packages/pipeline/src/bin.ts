#!/usr/bin/env node
/**
 * The `msr` executable: wires the real process into {@link main}.
 *
 * @module
 */
import { InterruptedError } from './cli/interrupted-error.js';
import { main } from './cli/main.js';

const controller = new AbortController();
// The first signal cancels the command (a running classifier fit is terminated, the run lock
// released) and msr exits 130 (SIGINT) or 143 (SIGTERM); a second one exits at once.
// `msr worker` stops taking jobs and lets the running ones finish.
const interrupt = (signal: 'SIGINT' | 'SIGTERM'): void => {
  if (controller.signal.aborted) process.exit(new InterruptedError(signal).exitCode);
  controller.abort(new InterruptedError(signal));
};
process.on('SIGINT', () => interrupt('SIGINT'));
process.on('SIGTERM', () => interrupt('SIGTERM'));
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal });
// Interrupted: leave now rather than wait for idle sockets or timers of the cancelled work.
if (controller.signal.aborted && process.exitCode !== 0) process.exit();
