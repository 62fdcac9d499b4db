import type { Logger } from './logging/logger.js';

/**
 * Shuts `server` down gracefully on the first SIGINT or SIGTERM and exits (0 when the shutdown
 * went well); a second signal exits at once. For process entry scripts only.
 */
export function closeOnSignals(server: { close(): Promise<void> }, logger: Logger): void {
  let signals = 0;
  const shutdown = (signal: string): void => {
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
}
