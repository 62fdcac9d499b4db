import { z } from 'zod';
import { int64, keyValues, pageToken } from './common.js';

/** A version of a registered model. */
export interface ModelVersion {
  readonly name: string;
  /** Version number, as a decimal string (`'1'`). */
  readonly version: string;
  /** Where the model's files are: `runs:/<run>/<path>`, `models:/<model id>` or a storage URI. */
  readonly source: string;
  readonly runId: string | undefined;
  /** MLflow 3.x logged model id, when the version was made from one. */
  readonly modelId: string | undefined;
  readonly status: string;
  readonly description: string;
  readonly creationTimestamp: number | undefined;
  readonly lastUpdatedTimestamp: number | undefined;
  readonly aliases: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/** A registered model. */
export interface RegisteredModel {
  readonly name: string;
  readonly description: string;
  readonly creationTimestamp: number | undefined;
  readonly lastUpdatedTimestamp: number | undefined;
  /** Alias → version. */
  readonly aliases: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Latest version per stage, as the server reports it. */
  readonly latestVersions: readonly ModelVersion[];
}

export const modelVersionSchema = z
  .object({
    name: z.string(),
    version: z.union([z.string(), z.number()]).transform(String),
    source: z.string().optional().default(''),
    run_id: z.string().optional(),
    model_id: z.string().optional(),
    status: z.string().optional().default('READY'),
    description: z.string().optional().default(''),
    creation_timestamp: int64.optional(),
    last_updated_timestamp: int64.optional(),
    aliases: z.array(z.string()).optional().default([]),
    tags: keyValues,
  })
  .transform(
    (w): ModelVersion => ({
      name: w.name,
      version: w.version,
      source: w.source,
      runId: w.run_id || undefined,
      // Servers do not echo `model_id` in every answer; a `models:/m-…` source names it too.
      modelId: w.model_id || /^models:\/(m-[0-9a-f]+)$/.exec(w.source)?.[1],
      status: w.status,
      description: w.description,
      creationTimestamp: w.creation_timestamp,
      lastUpdatedTimestamp: w.last_updated_timestamp,
      aliases: w.aliases,
      tags: w.tags,
    }),
  );

export const registeredModelSchema = z
  .object({
    name: z.string(),
    description: z.string().optional().default(''),
    creation_timestamp: int64.optional(),
    last_updated_timestamp: int64.optional(),
    aliases: z
      .array(z.object({ alias: z.string(), version: z.union([z.string(), z.number()]).transform(String) }))
      .optional()
      .default([]),
    tags: keyValues,
    latest_versions: z.array(modelVersionSchema).optional().default([]),
  })
  .transform(
    (w): RegisteredModel => ({
      name: w.name,
      description: w.description,
      creationTimestamp: w.creation_timestamp,
      lastUpdatedTimestamp: w.last_updated_timestamp,
      aliases: Object.fromEntries(w.aliases.map((a) => [a.alias, a.version])),
      tags: w.tags,
      latestVersions: w.latest_versions,
    }),
  );

export const registeredModelResponse = z.object({ registered_model: registeredModelSchema }).transform((w) => w.registered_model);
export const modelVersionResponse = z.object({ model_version: modelVersionSchema }).transform((w) => w.model_version);
export const searchRegisteredModelsResponse = z
  .object({ registered_models: z.array(registeredModelSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ items: w.registered_models, nextPageToken: w.next_page_token }));
export const searchModelVersionsResponse = z
  .object({ model_versions: z.array(modelVersionSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ items: w.model_versions, nextPageToken: w.next_page_token }));
export const downloadUriResponse = z.object({ artifact_uri: z.string() }).transform((w) => w.artifact_uri);
