/** Severity of a log record, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields attached to a log record. */
export type LogFields = Record<string, unknown>;

/**
 * The server's logger. Library code under `src/` never prints: it is handed one of these, and
 * only `main.ts` decides where records go (stdout as JSON lines).
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** One emitted log record. */
export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  msg: string;
}

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Records below this level are dropped. @default 'info' */
  level?: LogLevel;
  /** Timestamps come from here. @default () => Date.now() */
  now?: () => number;
}

/**
 * A logger that writes one JSON object per line through `write`. Errors in fields are flattened
 * to `{ name, message, code, stack }` so they survive `JSON.stringify`.
 *
 * @example
 * ```ts
 * const logger = createJsonLogger((line) => process.stdout.write(line + '\n'), { level: 'info' });
 * logger.info('listening', { port: 3000 });
 * ```
 */
export function createJsonLogger(write: (line: string) => void, options: JsonLoggerOptions = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => Date.now());
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const record: LogRecord = { time: new Date(now()).toISOString(), level, msg };
    if (fields) for (const [key, value] of Object.entries(fields)) record[key] = serialisable(value);
    write(JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/**
 * A logger for people at a terminal: `12:00:01 WARN message key=value …`, one record per line.
 * Errors print their message (and code); `debug` records show their stack too.
 *
 * @example
 * ```ts
 * const logger = createTextLogger((line) => process.stdout.write(line + '\n'));
 * logger.info('listening', { url: 'http://127.0.0.1:3000' }); // 12:00:01 INFO  listening url=http://127.0.0.1:3000
 * ```
 */
export function createTextLogger(write: (line: string) => void, options: JsonLoggerOptions = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => Date.now());
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    let line = `${new Date(now()).toISOString().slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${msg}`;
    for (const [key, value] of Object.entries(fields ?? {})) line += ` ${key}=${textOf(value, threshold <= LEVEL_ORDER.debug)}`;
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

function textOf(value: unknown, withStack: boolean): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return JSON.stringify(`${value.message}${code === undefined ? '' : ` (${String(code)})`}${withStack && value.stack ? `\n${value.stack}` : ''}`);
  }
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function serialisable(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
  }
  return value;
}

/**
 * A logger that keeps records in memory, for tests and for callers that want to inspect what
 * was logged.
 */
export class MemoryLogger implements Logger {
  /** Everything logged so far, oldest first. */
  readonly records: LogRecord[] = [];
  private readonly inner: Logger;

  constructor(level: LogLevel = 'debug') {
    this.inner = createJsonLogger((line) => this.records.push(JSON.parse(line) as LogRecord), { level });
  }

  debug(message: string, fields?: LogFields): void {
    this.inner.debug(message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.inner.info(message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.inner.warn(message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.inner.error(message, fields);
  }
}
