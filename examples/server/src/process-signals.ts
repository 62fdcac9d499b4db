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

/**
 * What a process entry does when start-up fails: an error the server raised on purpose (a
 * `code` like `ERR_CONFIG`, `ERR_DATA_DIR_READ_ONLY`) or a file-system refusal is one line on
 * stderr and exit code 2 — an operator's problem, not a crash; anything else is a bug and keeps
 * its stack.
 */
export function exitOnStartupFailure(error: unknown): never {
  const e = error as { code?: unknown; message?: unknown; path?: unknown; syscall?: unknown };
  if (typeof e?.code === 'string' && /^ERR_[A-Z_]+$/.test(e.code) && !e.code.startsWith('ERR_INVALID_ARG')) {
    process.stderr.write(`msr: ${String(e.message)} [${e.code}]\n`);
    process.exit(2);
  }
  if (typeof e?.code === 'string' && ['EACCES', 'EROFS', 'EPERM', 'ENOSPC'].includes(e.code)) {
    process.stderr.write(`msr: cannot ${String(e.syscall ?? 'write')} ${String(e.path ?? '')}: ${e.code} (read-only or full file system, or another owner); give the server a writable data folder [${e.code}]\n`);
    process.exit(2);
  }
  process.stderr.write(`msr: start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
