/**
 * `@msr/pipeline/queue` — the pipeline on a BullMQ queue (Redis): {@link PipelineQueue} schedules
 * runs and feeds, {@link startPipelineWorker} runs their stages in any number of processes, and
 * an artifact store carries stage outputs between machines. `bullmq` and `ioredis` are optional
 * peer dependencies, loaded on first use. Also exported by `@msr/pipeline`.
 *
 * Named `queue` for the API docs, as users import it (TypeDoc would name it after its folder).
 *
 * @module queue
 */
export * from './artifact-store.js';
export { QueueDependencyError } from './load-bullmq.js';
export { RemoteStageError, type SerializedError } from './queue-jobs.js';
export * from './flow-waves.js';
export type { StageFactory } from './stage-processor.js';
export * from './pipeline-worker.js';
export * from './pipeline-queue.js';
