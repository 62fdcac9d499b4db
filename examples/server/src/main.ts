/**
 * The server's one process entry. Configuration from the environment (and `MSR_CONFIG`), log
 * lines on stdout (JSON by default), graceful shutdown on SIGINT/SIGTERM. With no model yet it
 * listens at once and trains the first one in the background (`/readyz` answers 503 until it is
 * loaded; a failed first training is retried).
 *
 *   node --conditions=@msr/source --import tsx examples/server/src/main.ts
 *
 * `--quickstart` (`npm start`, see `quickstart.ts`) starts on embedded defaults under the
 * repository (fixtures, `data/`), trains first in this process, and prints the URL, the admin's
 * credentials and a sample recommendation.
 *
 *   npm start        # = node --conditions=@msr/source --import tsx examples/server/src/main.ts --quickstart
 */
import { readFileSync } from 'node:fs';
import { loadServerConfig } from './config/config.js';
import { configuredSecrets, redactingLogger, secretRedactor } from './http/redact-secrets.js';
import { createJsonLogger, createTextLogger } from './logging/logger.js';
import { closeOnSignals, exitOnStartupFailure } from './process-signals.js';
import { QUICKSTART_DEFAULTS, trainBeforeListening, welcomeLines } from './quickstart.js';
import { startServer } from './start-server.js';

const quickstart = process.argv.slice(2).includes('--quickstart');
try {
  const config = loadServerConfig({ env: process.env, readFile: (path) => readFileSync(path, 'utf8'), ...(quickstart ? { base: QUICKSTART_DEFAULTS } : {}) });
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const written = config.log.format === 'text' ? createTextLogger(write, { level: config.log.level }) : createJsonLogger(write, { level: config.log.level });
  // No configured secret in the log, from the quickstart's first training on (startServer does the same for its own).
  const logger = redactingLogger(written, secretRedactor(configuredSecrets(config, process.env)));
  if (quickstart) await trainBeforeListening(config, logger);
  const server = await startServer(config, { logger });
  closeOnSignals(server, logger);
  if (quickstart) write(await welcomeLines(server, config, logger));
} catch (error) {
  exitOnStartupFailure(error);
}
