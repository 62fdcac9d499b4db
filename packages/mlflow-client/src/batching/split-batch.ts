import { encodeJson } from '../http/transport.js';
import type { Metric } from '../wire/run.js';

/** A batch of things to log on one run. */
export interface LogBatchInput {
  /** Metric points; `timestamp` defaults to now, `step` to 0. */
  readonly metrics?: readonly MetricInput[];
  /** Params: a record (`{ lr: '0.1' }`) or a list. Values are strings; numbers are turned into strings. */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  /** Tags, as a record. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A metric point to log. */
export interface MetricInput {
  readonly key: string;
  readonly value: number;
  /** ms since the epoch. @default now */
  readonly timestamp?: number;
  /** @default 0 */
  readonly step?: number;
  /**
   * MLflow 3.x: the logged model (`m-…`) the point is also recorded for, so the model carries
   * its metrics. Ignored by 2.x servers and the local store. @default none
   */
  readonly modelId?: string;
}

/** A validated metric point as sent: {@link Metric} plus the wire's optional `model_id`. */
export type BatchMetric = Metric & { readonly model_id?: string };

/** One request's worth of a batch, in wire order. */
export interface BatchChunk {
  readonly metrics: BatchMetric[];
  readonly params: { key: string; value: string }[];
  readonly tags: { key: string; value: string }[];
}

/** The server's limits on one `runs/log-batch` request. */
export interface BatchLimits {
  /** @default 1000 */
  readonly maxMetrics: number;
  /** @default 100 */
  readonly maxParams: number;
  /** @default 100 */
  readonly maxTags: number;
  /** Metrics, params and tags together. @default 1000 */
  readonly maxEntities: number;
  /** Bytes of the JSON body. @default 1000000 */
  readonly maxBytes: number;
}

/** MLflow's documented limits of `runs/log-batch`. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxMetrics: 1000,
  maxParams: 100,
  maxTags: 100,
  maxEntities: 1000,
  maxBytes: 1_000_000,
};

// Room for `{"run_id":"<up to 256 chars>","metrics":[],"params":[],"tags":[]}`.
const ENVELOPE_BYTES = 400;

/**
 * Splits a batch into chunks that each fit the server's limits, keeping the order of entries
 * (params first, then tags, then metrics, as MLflow's Python client does).
 */
export function splitBatch(
  batch: { readonly metrics: readonly BatchMetric[]; readonly params: readonly { key: string; value: string }[]; readonly tags: readonly { key: string; value: string }[] },
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): BatchChunk[] {
  const chunks: BatchChunk[] = [];
  let current: BatchChunk = { metrics: [], params: [], tags: [] };
  let bytes = ENVELOPE_BYTES;
  const count = () => current.metrics.length + current.params.length + current.tags.length;
  const flush = () => {
    if (count() > 0) chunks.push(current);
    current = { metrics: [], params: [], tags: [] };
    bytes = ENVELOPE_BYTES;
  };
  const add = <K extends keyof BatchChunk>(kind: K, entry: BatchChunk[K][number], max: number) => {
    const size = Buffer.byteLength(encodeJson(entry), 'utf8') + 1;
    if (current[kind].length >= max || count() >= limits.maxEntities || bytes + size > limits.maxBytes) flush();
    (current[kind] as BatchChunk[K][number][]).push(entry);
    bytes += size;
  };
  for (const p of batch.params) add('params', p, limits.maxParams);
  for (const t of batch.tags) add('tags', t, limits.maxTags);
  for (const m of batch.metrics) add('metrics', m, limits.maxMetrics);
  flush();
  return chunks;
}
