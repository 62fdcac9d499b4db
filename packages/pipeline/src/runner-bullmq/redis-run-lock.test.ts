import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { LockHeldError } from '../dag/run-lock.js';
import { loadQueueModules, redisOptions } from './load-bullmq.js';
import { RedisRunLock, readRedisLockHolder } from './redis-run-lock.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';

const redis = testRedis();
const holder = (runId: string) => ({ runId, pid: 1, host: 'h', startedAt: 0 });

describe.skipIf(!redis.url)(`RedisRunLock on a real Redis${skipNote(redis.skipReason)}`, () => {
  let client: Redis;
  beforeAll(async () => {
    client = (await loadQueueModules()).connect(redisOptions(redis.url!));
  });
  afterAll(async () => {
    await client?.quit();
  });

  it('admits one run; names the holder to the others; lets the same run re-take it; frees it on release', async () => {
    const key = `lock-test:${Date.now()}`;
    const a = await RedisRunLock.acquire(client, { key, holder: holder('run-a') });
    const refused = await RedisRunLock.acquire(client, { key, holder: holder('run-b') }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockHeldError);
    expect((refused as LockHeldError).holder?.runId).toBe('run-a');
    expect((refused as LockHeldError).message).toContain('run run-a');
    const again = await RedisRunLock.acquire(client, { key, holder: holder('run-a') });
    expect(await readRedisLockHolder(client, key)).toMatchObject({ runId: 'run-a' });
    await again.release();
    await a.release();
    expect(await readRedisLockHolder(client, key)).toBeNull();
    const b = await RedisRunLock.acquire(client, { key, holder: holder('run-b') });
    await b.release();
  });

  it('expires when its holder stops renewing; the old holder learns it lost the lock', async () => {
    const key = `lock-test:${Date.now()}:ttl`;
    const lost: string[] = [];
    const a = await RedisRunLock.acquire(client, { key, holder: holder('run-a'), ttlMs: 200, renewMs: 60_000, onLost: (r) => lost.push(r) });
    await new Promise((r) => setTimeout(r, 300));
    const b = await RedisRunLock.acquire(client, { key, holder: holder('run-b'), ttlMs: 5_000 });
    expect(await a.renew()).toBe(false);
    expect(lost).toHaveLength(1);
    // Releasing a lost lock does not free the new holder's.
    await a.release();
    expect(await readRedisLockHolder(client, key)).toMatchObject({ runId: 'run-b' });
    expect(await b.renew()).toBe(true);
    await b.release();
  });
});
