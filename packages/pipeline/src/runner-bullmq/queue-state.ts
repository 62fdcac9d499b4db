import type { Redis } from 'ioredis';
import type { LockedStage } from '../dag/lock-file.js';
import { PipelineError } from '../errors/pipeline-error.js';

/**
 * The shared `msr.lock` of a queue-run pipeline, kept in Redis: each stage's last successful run
 * and the current content hash of every file below the root, with root-relative paths (the
 * files themselves are in the artifact store, by hash). Only the holder of the run lock
 * writes it.
 */
export interface QueueState {
  schema: 'msr.queue-state/1';
  /** Root-relative path → SHA-256 of the file's current content. */
  files: Record<string, string>;
  /** Stage name → its last successful run, with root-relative paths. */
  stages: Record<string, LockedStage>;
}

// Written only while this run holds the run lock: a run that lost it cannot clobber the next one's state.
const WRITE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], ARGV[2])
return 1`;

/** Reads the state; an absent key is an empty state (every stage runs). */
export async function readQueueState(redis: Redis, key: string): Promise<QueueState> {
  const text = await redis.get(key);
  if (text === null) return { schema: 'msr.queue-state/1', files: {}, stages: {} };
  const parsed = JSON.parse(text) as Partial<QueueState>;
  if (parsed.schema !== 'msr.queue-state/1' || typeof parsed.files !== 'object' || typeof parsed.stages !== 'object') {
    throw new PipelineError('ERR_QUEUE_STATE', `redis ${key}: not an msr.queue-state/1 value`);
  }
  return parsed as QueueState;
}

/**
 * Writes the state if `runId` still holds the run lock at `lockKey`.
 * @throws {@link PipelineError} `ERR_LOCK_LOST` when it does not.
 */
export async function writeQueueState(redis: Redis, key: string, lockKey: string, runId: string, state: QueueState): Promise<void> {
  const ok = await redis.eval(WRITE, 2, lockKey, key, runId, JSON.stringify(state));
  if (ok !== 1) throw new PipelineError('ERR_LOCK_LOST', `run ${runId} no longer holds ${lockKey}; its results were not recorded`);
}
