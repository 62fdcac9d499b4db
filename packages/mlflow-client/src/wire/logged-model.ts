import { z } from 'zod';
import { double, int64, keyValues, pageToken } from './common.js';

/** Status of an MLflow 3.x logged model. */
export type LoggedModelStatus = 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED' | 'LOGGED_MODEL_STATUS_UNSPECIFIED';

/** An MLflow 3.x logged model (`/mlflow/logged-models`). */
export interface LoggedModel {
  /** `m-<hex>`. */
  readonly modelId: string;
  readonly experimentId: string;
  readonly name: string;
  /** Root of the model's files, e.g. `mlflow-artifacts:/1/models/m-…/artifacts`. */
  readonly artifactUri: string;
  readonly status: LoggedModelStatus;
  readonly modelType: string;
  readonly sourceRunId: string | undefined;
  readonly creationTimestamp: number | undefined;
  readonly lastUpdatedTimestamp: number | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  /** Latest value per metric key. */
  readonly metrics: Readonly<Record<string, number>>;
}

const status = z
  .string()
  .transform((s): LoggedModelStatus =>
    s === 'LOGGED_MODEL_READY' || s === 'LOGGED_MODEL_PENDING' || s === 'LOGGED_MODEL_UPLOAD_FAILED' ? s : 'LOGGED_MODEL_STATUS_UNSPECIFIED',
  );

export const loggedModelSchema = z
  .object({
    info: z.object({
      model_id: z.string(),
      experiment_id: z.string(),
      name: z.string().optional().default(''),
      artifact_uri: z.string().optional().default(''),
      status: status.optional().default('LOGGED_MODEL_STATUS_UNSPECIFIED'),
      model_type: z.string().optional().default(''),
      source_run_id: z.string().optional(),
      creation_timestamp_ms: int64.optional(),
      last_updated_timestamp_ms: int64.optional(),
      tags: keyValues,
    }),
    data: z
      .object({
        params: keyValues,
        metrics: z.array(z.object({ key: z.string(), value: double })).optional().default([]),
      })
      .optional(),
  })
  .transform(
    (w): LoggedModel => ({
      modelId: w.info.model_id,
      experimentId: w.info.experiment_id,
      name: w.info.name,
      artifactUri: w.info.artifact_uri,
      status: w.info.status,
      modelType: w.info.model_type,
      sourceRunId: w.info.source_run_id || undefined,
      creationTimestamp: w.info.creation_timestamp_ms,
      lastUpdatedTimestamp: w.info.last_updated_timestamp_ms,
      tags: w.info.tags,
      params: w.data?.params ?? {},
      metrics: Object.fromEntries((w.data?.metrics ?? []).map((m) => [m.key, m.value])),
    }),
  );

export const loggedModelResponse = z.object({ model: loggedModelSchema }).transform((w) => w.model);
export const searchLoggedModelsResponse = z
  .object({ models: z.array(loggedModelSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ items: w.models, nextPageToken: w.next_page_token }));
