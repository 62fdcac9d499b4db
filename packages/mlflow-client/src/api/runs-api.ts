import { normalizeBatch } from '../batching/normalize-batch.js';
import { DEFAULT_BATCH_LIMITS, splitBatch, type BatchChunk, type BatchLimits, type LogBatchInput } from '../batching/split-batch.js';
import { ENDPOINTS } from '../http/endpoints.js';
import type { Reconciled, Transport } from '../http/transport.js';
import { validateKey, validateMetricPoint, validateParamValue, validateRunId, validateTagValue } from '../validation/validate.js';
import { toKeyValues, type Page, type ViewType } from '../wire/common.js';
import {
  emptyResponse,
  metricHistoryResponse,
  runResponse,
  searchRunsResponse,
  type DatasetInput,
  type Metric,
  type Run,
  type RunStatus,
} from '../wire/run.js';
import { collectPages, paginate } from '../wire/paginate.js';
import type { CallOptions } from './experiments-api.js';

/** Options of {@link RunsApi.create}. */
export interface CreateRunOptions extends CallOptions {
  readonly experimentId: string;
  /** Shown in the UI; MLflow picks a name when omitted. */
  readonly runName?: string;
  /** ms since the epoch. @default now */
  readonly startTime?: number;
  readonly tags?: Readonly<Record<string, string>>;
  readonly userId?: string;
}

/** Options of {@link RunsApi.search}. */
export interface SearchRunsOptions extends CallOptions {
  readonly experimentIds: readonly string[];
  /** MLflow filter, e.g. `metrics.accuracy > 0.8 and params.max_depth = '5'`. */
  readonly filter?: string;
  /** e.g. `['metrics.accuracy DESC']`. */
  readonly orderBy?: readonly string[];
  /** Page size (MLflow caps it at 50,000). @default 1000 */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** @default 'ACTIVE_ONLY' */
  readonly viewType?: ViewType;
}

/** Runs, their metrics, params and tags: `/mlflow/runs/*`, `/mlflow/metrics/*`. */
export class RunsApi {
  readonly #t: Transport;
  readonly #limits: BatchLimits;

  constructor(transport: Transport, limits: BatchLimits = DEFAULT_BATCH_LIMITS) {
    this.#t = transport;
    this.#limits = limits;
  }

  /** Creates a run in RUNNING state. Not retried after an ambiguous failure (it would create a second run). */
  async create(options: CreateRunOptions): Promise<Run> {
    for (const [key, value] of Object.entries(options.tags ?? {})) {
      validateKey(`tags.${key}`, key);
      validateTagValue(`tags.${key}`, value);
    }
    const body = {
      experiment_id: options.experimentId,
      run_name: options.runName,
      start_time: options.startTime ?? this.#t.options.now(),
      user_id: options.userId,
      tags: toKeyValues(options.tags),
    };
    return this.#t.json(ENDPOINTS.createRun, { body: { json: body }, signal: options.signal }, runResponse);
  }

  /** Gets a run with its latest metrics, params and tags. */
  async get(runId: string, options: CallOptions = {}): Promise<Run> {
    validateRunId('runId', runId);
    return this.#t.json(ENDPOINTS.getRun, { query: { run_id: runId }, signal: options.signal }, runResponse);
  }

  /** Updates a run's status, end time or name. */
  async update(
    runId: string,
    changes: { readonly status?: RunStatus; readonly endTime?: number; readonly runName?: string },
    options: CallOptions = {},
  ): Promise<void> {
    validateRunId('runId', runId);
    const body = { run_id: runId, run_uuid: runId, status: changes.status, end_time: changes.endTime, run_name: changes.runName };
    await this.#t.json(ENDPOINTS.updateRun, { body: { json: body }, signal: options.signal }, emptyResponse);
  }

  /** Ends a run: sets its status (FINISHED by default) and end time (now by default). */
  async end(runId: string, status: RunStatus = 'FINISHED', endTime = this.#t.options.now(), options: CallOptions = {}): Promise<void> {
    await this.update(runId, { status, endTime }, options);
  }

  /** Marks a run deleted (restorable). */
  async delete(runId: string, options: CallOptions = {}): Promise<void> {
    validateRunId('runId', runId);
    await this.#t.json(ENDPOINTS.deleteRun, { body: { json: { run_id: runId } }, signal: options.signal }, emptyResponse);
  }

  /** Restores a deleted run. */
  async restore(runId: string, options: CallOptions = {}): Promise<void> {
    validateRunId('runId', runId);
    await this.#t.json(ENDPOINTS.restoreRun, { body: { json: { run_id: runId } }, signal: options.signal }, emptyResponse);
  }

  /** One page of runs. */
  async search(options: SearchRunsOptions): Promise<Page<Run>> {
    const body = {
      experiment_ids: options.experimentIds,
      filter: options.filter,
      order_by: options.orderBy,
      max_results: options.maxResults ?? 1000,
      page_token: options.pageToken,
      run_view_type: options.viewType ?? 'ACTIVE_ONLY',
    };
    return this.#t.json(ENDPOINTS.searchRuns, { body: { json: body }, signal: options.signal }, searchRunsResponse);
  }

  /**
   * Every matching run, fetching page after page as the loop asks for more.
   * @example
   * ```ts
   * for await (const run of client.runs.searchAll({ experimentIds: ['1'], orderBy: ['metrics.accuracy DESC'] })) {
   *   console.log(run.info.runId, run.data.metrics['accuracy']);
   * }
   * ```
   */
  searchAll(options: Omit<SearchRunsOptions, 'pageToken'>): AsyncGenerator<Run> {
    return paginate((pageToken) => this.search({ ...options, ...(pageToken ? { pageToken } : {}) }));
  }

  /** Sets a tag on a run (idempotent, retried). */
  async setTag(runId: string, key: string, value: string, options: CallOptions = {}): Promise<void> {
    validateRunId('runId', runId);
    validateKey('key', key);
    validateTagValue('value', value);
    await this.#t.json(ENDPOINTS.setTag, { body: { json: { run_id: runId, key, value } }, signal: options.signal }, emptyResponse);
  }

  /** Deletes a tag of a run. */
  async deleteTag(runId: string, key: string, options: CallOptions = {}): Promise<void> {
    validateRunId('runId', runId);
    validateKey('key', key);
    await this.#t.json(ENDPOINTS.deleteTag, { body: { json: { run_id: runId, key } }, signal: options.signal }, emptyResponse);
  }

  /** Logs a param. Params are write-once: logging another value for a key fails with `INVALID_PARAMETER_VALUE`. */
  async logParam(runId: string, key: string, value: string, options: CallOptions = {}): Promise<void> {
    validateRunId('runId', runId);
    validateKey('key', key);
    validateParamValue('value', value);
    await this.#t.json(ENDPOINTS.logParam, { body: { json: { run_id: runId, key, value } }, signal: options.signal }, emptyResponse);
  }

  /**
   * Logs one metric point. After an ambiguous failure the point is looked up in the metric's
   * history and sent again only if it is not there.
   */
  async logMetric(
    runId: string,
    key: string,
    value: number,
    options: CallOptions & { readonly timestamp?: number; readonly step?: number } = {},
  ): Promise<void> {
    validateRunId('runId', runId);
    const point: Metric = { key, value, timestamp: options.timestamp ?? this.#t.options.now(), step: options.step ?? 0 };
    validateMetricPoint('metric', point);
    const body = { run_id: runId, ...point };
    await this.#t.reconciled(ENDPOINTS.logMetric, { body: { json: body }, signal: options.signal }, async () => {
      const missing = await this.#missingMetrics(runId, [point], options.signal);
      return missing.length === 0 ? { done: true } : { resend: body };
    });
  }

  /**
   * Logs metrics, params and tags, split into as many `log-batch` requests as the server's
   * limits need (≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 entries, ≤ 1 MB each).
   * Everything is validated before the first request. After an ambiguous failure of a chunk,
   * what already landed is read back and only the rest is sent again: nothing is logged twice.
   * @example
   * ```ts
   * await client.runs.logBatch(runId, {
   *   params: { learning_rate: '0.008', max_depth: 5 },
   *   metrics: [{ key: 'accuracy', value: 0.91, step: 0 }],
   *   tags: { stage: 'evaluation' },
   * });
   * ```
   */
  async logBatch(runId: string, input: LogBatchInput, options: CallOptions = {}): Promise<{ requests: number }> {
    validateRunId('runId', runId);
    const chunks = splitBatch(normalizeBatch(input, this.#t.options.now), this.#limits);
    for (const chunk of chunks) {
      const body = { run_id: runId, ...chunk };
      await this.#t.reconciled(ENDPOINTS.logBatch, { body: { json: body }, signal: options.signal }, () =>
        this.#reconcileChunk(runId, chunk, options.signal),
      );
    }
    return { requests: chunks.length };
  }

  /**
   * Records datasets the run used (`runs/log-inputs`), e.g. the songs base with its digest and
   * `mlflow.data.context: training`. Not retried after an ambiguous failure.
   */
  async logInputs(runId: string, datasets: readonly DatasetInput[], options: CallOptions = {}): Promise<void> {
    validateRunId('runId', runId);
    const body = {
      run_id: runId,
      datasets: datasets.map((d) => ({
        tags: toKeyValues(d.tags),
        dataset: { name: d.name, digest: d.digest, source_type: d.sourceType, source: d.source, schema: d.schema, profile: d.profile },
      })),
    };
    await this.#t.json(ENDPOINTS.logInputs, { body: { json: body }, signal: options.signal }, emptyResponse);
  }

  /** Every point of one metric, oldest first. */
  async getMetricHistory(runId: string, key: string, options: CallOptions = {}): Promise<Metric[]> {
    validateRunId('runId', runId);
    return collectPages((pageToken) =>
      this.#t.json(
        ENDPOINTS.getMetricHistory,
        { query: { run_id: runId, metric_key: key, page_token: pageToken, max_results: 25_000 }, signal: options.signal },
        metricHistoryResponse,
      ),
    );
  }

  async #reconcileChunk(runId: string, chunk: BatchChunk, signal: AbortSignal | undefined): Promise<Reconciled> {
    const metrics = await this.#missingMetrics(runId, chunk.metrics, signal);
    let params = chunk.params;
    if (params.length > 0) {
      const logged = (await this.get(runId, signal ? { signal } : {})).data.params;
      // A param already there with the same value landed; one with another value is left in so
      // the server reports the conflict.
      params = params.filter((p) => logged[p.key] !== p.value);
    }
    if (metrics.length === 0 && params.length === 0 && chunk.tags.length === 0) return { done: true };
    if (metrics.length === 0 && params.length === 0) {
      // Only tags remain: setting them again is harmless, but if everything else landed the
      // tags (same request, applied together) landed too.
      return chunk.metrics.length + chunk.params.length > 0 ? { done: true } : { resend: { run_id: runId, metrics, params, tags: chunk.tags } };
    }
    return { resend: { run_id: runId, metrics, params, tags: chunk.tags } };
  }

  /** The points of `points` that the server's metric history does not hold yet. */
  async #missingMetrics(runId: string, points: readonly Metric[], signal: AbortSignal | undefined): Promise<Metric[]> {
    if (points.length === 0) return [];
    const seen = new Set<string>();
    for (const key of new Set(points.map((p) => p.key))) {
      for (const m of await this.getMetricHistory(runId, key, signal ? { signal } : {})) seen.add(pointId(m));
    }
    return points.filter((p) => !seen.has(pointId(p)));
  }
}

function pointId(m: Metric): string {
  return `${m.key}\u0000${m.timestamp}\u0000${m.step}\u0000${Object.is(m.value, NaN) ? 'NaN' : m.value}`;
}
