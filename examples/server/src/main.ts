/**
 * The server's process entry for deployments: configuration from the environment (and
 * `MSR_CONFIG`), log lines on stdout (JSON by default), graceful shutdown on SIGINT/SIGTERM.
 * With no model yet it listens at once and trains the first one in the background (`/readyz`
 * answers 503 until it is loaded).
 *
 *   node --conditions=@msr/source --import tsx examples/server/src/main.ts
 */
import { readFileSync } from 'node:fs';
import { loadServerConfig } from './config/config.js';
import { createJsonLogger, createTextLogger } from './logging/logger.js';
import { closeOnSignals, exitOnStartupFailure } from './process-signals.js';
import { startServer } from './runtime.js';
import { msrSeams } from './wiring.js';

try {
  const config = loadServerConfig({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') });
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const logger = config.log.format === 'text' ? createTextLogger(write, { level: config.log.level }) : createJsonLogger(write, { level: config.log.level });
  const server = await startServer(config, { logger, seams: msrSeams() });
  closeOnSignals(server, logger);
} catch (error) {
  exitOnStartupFailure(error);
}
