import { z } from 'zod';
import { double, int64, keyValues, pageToken, type LifecycleStage } from './common.js';

/** Status of a run. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** Run statuses, in MLflow's enum order (the file store writes their index + 1). */
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** Identity and lifecycle of a run. */
export interface RunInfo {
  readonly runId: string;
  readonly experimentId: string;
  readonly runName: string;
  readonly userId: string;
  readonly status: RunStatus;
  /** Start time, ms since the epoch. */
  readonly startTime: number | undefined;
  /** End time, ms since the epoch; `undefined` while running. */
  readonly endTime: number | undefined;
  /** Root of the run's artifacts, e.g. `mlflow-artifacts:/1/<run id>/artifacts`. */
  readonly artifactUri: string;
  readonly lifecycleStage: LifecycleStage;
}

/** One metric point. */
export interface Metric {
  readonly key: string;
  readonly value: number;
  /** ms since the epoch. */
  readonly timestamp: number;
  readonly step: number;
}

/** What a run logged: the latest value of each metric, its params and tags. */
export interface RunData {
  readonly metrics: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

/** A dataset a run used, as `log-inputs` records it. */
export interface DatasetInput {
  readonly name: string;
  readonly digest: string;
  readonly sourceType: string;
  readonly source: string;
  readonly schema: string | undefined;
  readonly profile: string | undefined;
  /** Input tags, e.g. `mlflow.data.context: training`. */
  readonly tags: Readonly<Record<string, string>>;
}

/** An MLflow run. */
export interface Run {
  readonly info: RunInfo;
  readonly data: RunData;
  /** Datasets logged with `log-inputs`. */
  readonly inputs: readonly DatasetInput[];
  /** Logged models this run produced (MLflow 3.x `runs/outputs`). */
  readonly modelOutputs: readonly { readonly modelId: string; readonly step: number }[];
}

const status = z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

export const metricSchema = z
  .object({ key: z.string(), value: double, timestamp: int64.optional().default(0), step: int64.optional().default(0) })
  .transform((w): Metric => w);

const runInfoSchema = z
  .object({
    run_id: z.string().optional(),
    run_uuid: z.string().optional(),
    experiment_id: z.string(),
    run_name: z.string().optional().default(''),
    user_id: z.string().optional().default(''),
    status: status.optional().default('RUNNING'),
    start_time: int64.optional(),
    end_time: int64.optional(),
    artifact_uri: z.string().optional().default(''),
    lifecycle_stage: z.string().optional().default('active'),
  })
  .refine((w) => w.run_id ?? w.run_uuid, { message: 'run_id missing' })
  .transform(
    (w): RunInfo => ({
      runId: (w.run_id ?? w.run_uuid) as string,
      experimentId: w.experiment_id,
      runName: w.run_name,
      userId: w.user_id,
      status: w.status,
      startTime: w.start_time,
      endTime: w.end_time,
      artifactUri: w.artifact_uri,
      lifecycleStage: w.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    }),
  );

const datasetInputSchema = z
  .object({
    tags: keyValues,
    dataset: z.object({
      name: z.string(),
      digest: z.string(),
      source_type: z.string(),
      source: z.string(),
      schema: z.string().optional(),
      profile: z.string().optional(),
    }),
  })
  .transform(
    (w): DatasetInput => ({
      name: w.dataset.name,
      digest: w.dataset.digest,
      sourceType: w.dataset.source_type,
      source: w.dataset.source,
      schema: w.dataset.schema,
      profile: w.dataset.profile,
      tags: w.tags,
    }),
  );

export const runSchema = z
  .object({
    info: runInfoSchema,
    data: z
      .object({
        metrics: z.array(metricSchema).optional().default([]),
        params: keyValues,
        tags: keyValues,
      })
      .optional()
      .default({ metrics: [], params: {}, tags: {} }),
    inputs: z.object({ dataset_inputs: z.array(datasetInputSchema).optional().default([]) }).optional(),
    outputs: z
      .object({ model_outputs: z.array(z.object({ model_id: z.string(), step: int64.optional().default(0) })).optional().default([]) })
      .optional(),
  })
  .transform(
    (w): Run => ({
      info: w.info,
      data: {
        metrics: Object.fromEntries(w.data.metrics.map((m) => [m.key, m.value])),
        params: w.data.params,
        tags: w.data.tags,
      },
      inputs: w.inputs?.dataset_inputs ?? [],
      modelOutputs: (w.outputs?.model_outputs ?? []).map((o) => ({ modelId: o.model_id, step: o.step })),
    }),
  );

export const runResponse = z.object({ run: runSchema }).transform((w) => w.run);
export const searchRunsResponse = z
  .object({ runs: z.array(runSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ items: w.runs, nextPageToken: w.next_page_token }));
export const metricHistoryResponse = z
  .object({ metrics: z.array(metricSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ items: w.metrics, nextPageToken: w.next_page_token }));
export const emptyResponse = z.object({}).loose();
