import type { RetrainKind } from './retrain-job.js';

/** Parent → worker: run one job. */
export interface RetrainStartMessage {
  type: 'start';
  jobId: string;
  kind: RetrainKind;
  params: unknown;
}

/** Worker → parent messages. */
export type RetrainWorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'succeeded'; result: unknown }
  | { type: 'failed'; message: string };

/** Checks the shape of a message from a worker, which is another program and not trusted. */
export function isRetrainWorkerMessage(value: unknown): value is RetrainWorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m['type']) {
    case 'progress':
      return typeof m['fraction'] === 'number' && Number.isFinite(m['fraction']) && typeof m['message'] === 'string';
    case 'succeeded':
      return 'result' in m;
    case 'failed':
      return typeof m['message'] === 'string';
    default:
      return false;
  }
}

/** What a worker body receives. */
export interface RetrainWorkerInput {
  jobId: string;
  /** What to run. */
  kind: RetrainKind;
  params: unknown;
}

/** Reports progress: `fraction` from 0 to 1 and a short message. */
export type ReportProgress = (fraction: number, message: string) => void;

/**
 * The worker side: call this at the top of a retrain script with the job body. It waits for
 * the parent's start message, runs the body, reports its result or error, then disconnects so
 * the process can exit.
 *
 * @example
 * ```ts
 * runRetrainWorker(async ({ params }, progress) => {
 *   progress(0.1, 'loading data');
 *   return { version: await train(params) };
 * });
 * ```
 */
export function runRetrainWorker(body: (input: RetrainWorkerInput, progress: ReportProgress) => Promise<unknown>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('runRetrainWorker: this process was not started with an IPC channel (use child_process.fork)');
  // The server died (or closed the channel): nobody will record the result, so stop rather than
  // train on alone; the run lock of a dead process is taken over by the next run.
  let finished = false;
  process.once('disconnect', () => {
    if (!finished) process.exit(3);
  });
  process.once('message', (raw: unknown) => {
    const message = raw as Partial<RetrainStartMessage>;
    if (message.type !== 'start' || typeof message.jobId !== 'string') {
      send({ type: 'failed', message: 'worker received no start message' } satisfies RetrainWorkerMessage, () => process.disconnect());
      return;
    }
    const progress: ReportProgress = (fraction, text) => {
      send({ type: 'progress', fraction: Math.min(1, Math.max(0, fraction)), message: text } satisfies RetrainWorkerMessage);
    };
    const kind: RetrainKind = message.kind === 'feed' ? 'feed' : 'retrain';
    const end = (last: RetrainWorkerMessage): void => {
      finished = true;
      send(last, () => process.disconnect());
    };
    body({ jobId: message.jobId, kind, params: message.params }, progress).then(
      (result) => end({ type: 'succeeded', result: result ?? null }),
      (error: unknown) => end({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
