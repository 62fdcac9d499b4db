import type * as Bullmq from 'bullmq';
import type { RedisOptions } from 'bullmq';
import type { Redis as RedisClient, RedisOptions as IoredisOptions } from 'ioredis';
import { PipelineError } from '../errors/pipeline-error.js';

/** `bullmq` or `ioredis` is not installed: they are optional peer dependencies of `@msr/pipeline`. */
export class QueueDependencyError extends PipelineError {
  override readonly name = 'QueueDependencyError';

  constructor(cause: unknown) {
    super('ERR_QUEUE_DEPENDENCY', `the BullMQ runner needs the optional peer dependencies bullmq (^6.7) and ioredis (^5.11): npm install bullmq ioredis (${(cause as Error).message})`, { cause, badInput: true });
  }
}

/** The BullMQ module and a Redis connection factory, loaded on first use. */
export interface QueueModules {
  bullmq: typeof Bullmq;
  /** A new ioredis connection (BullMQ's blocking connections need `maxRetriesPerRequest: null`, set by {@link redisOptions}). */
  connect(options: RedisOptions): RedisClient;
}

let loaded: Promise<QueueModules> | undefined;

/**
 * Imports `bullmq` and `ioredis` the first time a queue is used, so `@msr/pipeline` works
 * without them (they are optional peer dependencies).
 * @throws {@link QueueDependencyError} when either is missing.
 */
export function loadQueueModules(): Promise<QueueModules> {
  loaded ??= (async () => {
    try {
      const [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
      const Redis = (ioredis as unknown as { Redis?: typeof RedisClient; default: typeof RedisClient }).Redis ?? ioredis.default;
      return { bullmq, connect: (options) => new Redis(options as IoredisOptions) };
    } catch (error) {
      loaded = undefined;
      throw new QueueDependencyError(error);
    }
  })();
  return loaded;
}

/**
 * The ioredis options for a `redis://[user:password@]host[:port][/db]` (or `rediss://`) URL, for
 * BullMQ to open (and close) connections of its own.
 * @throws {@link PipelineError} `ERR_INVALID_ARGUMENT` (bad input) for anything else.
 */
export function redisOptions(url: string, argument = 'redis'): RedisOptions {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || parsed.hostname === '') {
    throw new PipelineError('ERR_INVALID_ARGUMENT', `${argument}: expected a redis://host:port (or rediss://) URL, got ${JSON.stringify(url)}`, { badInput: true });
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new PipelineError('ERR_INVALID_ARGUMENT', `${argument}: the database in ${JSON.stringify(url)} must be a number`, { badInput: true });
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
