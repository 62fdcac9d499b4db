/**
 * The server's process entry: configuration from the environment (and `MSR_CONFIG`), JSON log
 * lines on stdout, graceful shutdown on SIGINT/SIGTERM.
 *
 *   node --conditions=@msr/source --import tsx examples/server/src/main.ts
 */
import { readFileSync } from 'node:fs';
import { loadServerConfig } from './config/config.js';
import { createJsonLogger } from './logging/logger.js';
import { startServer } from './runtime.js';
import { standInSeams } from './wiring.js';

const config = loadServerConfig({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') });
const logger = createJsonLogger((line) => process.stdout.write(`${line}\n`), { level: config.log.level });

const server = await startServer(config, { logger, seams: standInSeams() });

let signals = 0;
const shutdown = (signal: string) => {
  if (++signals > 1) {
    logger.warn('second signal: exiting now', { signal });
    process.exit(1);
  }
  logger.info('signal received', { signal });
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('shutdown failed', { error });
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
