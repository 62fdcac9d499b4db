#!/usr/bin/env node
/**
 * The `msr` executable: wires the real process into {@link main}.
 *
 * @module
 */
import { main } from './cli/main.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted (SIGINT)')));
// `msr worker` stops taking jobs and lets the running ones finish; other commands cancel.
process.once('SIGTERM', () => controller.abort(new Error('terminated (SIGTERM)')));
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal });
