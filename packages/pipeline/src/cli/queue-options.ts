import type { ParseArgsConfig } from 'node:util';
import type { PipelineOptions } from '../pipeline/run-pipeline.js';
import { PipelineQueue, type QueueRunOptions } from '../runner-bullmq/pipeline-queue.js';
import type { CliIo } from './cli-io.js';
import type { ParsedArgs } from './commands.js';
import { artifactStoreFromArgs } from './worker-command.js';

/** The options that send a command's run to the `msr worker`s of a Redis. */
export const QUEUE_OPTIONS = {
  redis: { type: 'string' },
  artifacts: { type: 'string' },
  prefix: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines for {@link QUEUE_OPTIONS}. */
export const QUEUE_HELP = `  --redis <url>       run on the msr workers of this Redis instead of in this process
  --artifacts <dir|mlflow>  their artifact store (as given to msr worker; default: MSR_ARTIFACTS)
  --prefix <p>        their queue prefix (default msr)`;

/**
 * With `--redis`, connects a {@link PipelineQueue}, runs `body` on it and closes it; otherwise
 * returns `undefined` and the command runs in-process.
 */
export async function onQueue<T>(args: ParsedArgs, io: CliIo, body: (queue: PipelineQueue) => Promise<T>): Promise<T | undefined> {
  const v = args.values;
  if (typeof v.redis !== 'string') return undefined;
  const artifacts = v.artifacts ?? io.env['MSR_ARTIFACTS'];
  const queue = await PipelineQueue.connect({
    redis: v.redis,
    // Reading the status needs no artifact store; running does, and says so.
    ...(artifacts !== undefined ? { artifacts: artifactStoreFromArgs(artifacts, io) } : {}),
    ...(typeof v.prefix === 'string' ? { prefix: v.prefix } : {}),
  });
  try {
    return await body(queue);
  } finally {
    await queue.close();
  }
}

/** The queue's run options from the in-process ones: tracking is the MLFLOW_* server, or off. */
export function queueRunOptions(options: PipelineOptions, signal: AbortSignal | undefined): QueueRunOptions {
  return {
    rootDir: options.rootDir,
    tracking: options.tracking ?? null,
    ...(options.files ? { files: options.files } : {}),
    ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(signal ? { signal } : {}),
    // One retry rule for both runners (decision 0901): `--retry` reaches the workers too.
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.stageRetries ? { stageRetries: options.stageRetries } : {}),
  };
}
