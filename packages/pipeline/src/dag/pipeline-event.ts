import type { LogLevel, ProgressUpdate } from './stage-definition.js';
import type { RunLockInfo } from './run-lock.js';

/** Fields every event carries. */
export interface EventBase {
  /** The run the event belongs to. */
  runId: string;
  /** When it happened (ms since the epoch, from the injected clock). */
  at: number;
}

/**
 * A structured event from a DAG run, for progress bars, logs and history. The library never
 * prints: callers subscribe with `onEvent`.
 */
export type PipelineEvent =
  | (EventBase & { type: 'run-start'; stages: string[] })
  | (EventBase & { type: 'lock-recovered'; previous: RunLockInfo | null; reason: string })
  | (EventBase & { type: 'stage-skip'; stage: string; reason: string })
  | (EventBase & { type: 'stage-start'; stage: string; attempt: number; reasons: string[] })
  | (EventBase & { type: 'stage-progress'; stage: string } & ProgressUpdate)
  | (EventBase & { type: 'stage-log'; stage: string; level: LogLevel; message: string; data?: Record<string, unknown> })
  | (EventBase & { type: 'stage-retry'; stage: string; attempt: number; delayMs: number; error: string })
  | (EventBase & { type: 'stage-done'; stage: string; attempts: number; durationMs: number })
  | (EventBase & { type: 'stage-fail'; stage: string; attempts: number; durationMs: number; error: string; code: string })
  | (EventBase & { type: 'run-done'; status: 'succeeded' | 'failed'; durationMs: number; ran: string[]; skipped: string[] });

/** The `type` of a {@link PipelineEvent}. */
export type PipelineEventType = PipelineEvent['type'];
