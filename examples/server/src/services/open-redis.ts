import type { Redis } from 'ioredis';
import { ServerError } from '../http/errors.js';

/**
 * Connects to Redis for the request path: commands fail at once while it is unreachable (no
 * offline queue, one retry), so a request never hangs on it. ioredis is imported only when a
 * Redis URL is configured.
 * @throws {@link ServerError} `ERR_REDIS` naming the URL (without its password) when it cannot connect.
 */
export async function openRedis(url: string): Promise<Redis> {
  const { Redis: Client } = await import('ioredis');
  const redis = new Client(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  redis.on('error', () => {}); // reconnects by itself; each failed command reports its own error
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new ServerError('ERR_REDIS', `cannot connect to Redis at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(cause as Error).message}`, { cause });
  }
  return redis;
}
