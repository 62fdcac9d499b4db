/**
 * Vitest global setup: one real Redis (Debian's `redis-server`) for the BullMQ runner's tests,
 * provided as `redis.url`. Without the binary, or when it will not start, the tests skip with
 * the reason; with `MSR_CI=1` that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { findRedisServer, startRedis } from './redis/start-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { readonly url?: string; readonly bin?: string; readonly skipReason?: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const skip = (reason: string): (() => Promise<void>) => {
    if (process.env['MSR_CI'] === '1') throw new Error(`MSR_CI=1: the Redis tests cannot be skipped: ${reason}`);
    process.stderr.write(`[redis] skipping the Redis tests: ${reason}\n`);
    project.provide('redis', { skipReason: reason });
    return async () => {};
  };
  const bin = await findRedisServer();
  if (!bin) return skip('no redis-server found (apt-get install redis-server, or set MSR_REDIS_SERVER)');
  try {
    const server = await startRedis(bin);
    project.provide('redis', { url: server.url, bin });
    return () => server.stop();
  } catch (error) {
    return skip(`redis-server could not start: ${(error as Error).message}`);
  }
}
