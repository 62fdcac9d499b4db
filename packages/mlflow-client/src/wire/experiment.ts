import { z } from 'zod';
import { int64, keyValues, pageToken, type LifecycleStage } from './common.js';

/** An MLflow experiment. */
export interface Experiment {
  readonly experimentId: string;
  readonly name: string;
  /** Root of the experiment's artifacts, e.g. `mlflow-artifacts:/1` or `file:///…/mlruns/1`. */
  readonly artifactLocation: string;
  readonly lifecycleStage: LifecycleStage;
  /** Creation time, ms since the epoch, when the server reports it. */
  readonly creationTime: number | undefined;
  /** Last update time, ms since the epoch, when the server reports it. */
  readonly lastUpdateTime: number | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

const lifecycle = z.string().transform((s): LifecycleStage => (s === 'deleted' ? 'deleted' : 'active'));

/** Wire schema of an experiment. */
export const experimentSchema = z
  .object({
    experiment_id: z.string(),
    name: z.string(),
    artifact_location: z.string().optional().default(''),
    lifecycle_stage: lifecycle.optional().default('active'),
    creation_time: int64.optional(),
    last_update_time: int64.optional(),
    tags: keyValues,
  })
  .transform(
    (w): Experiment => ({
      experimentId: w.experiment_id,
      name: w.name,
      artifactLocation: w.artifact_location,
      lifecycleStage: w.lifecycle_stage,
      creationTime: w.creation_time,
      lastUpdateTime: w.last_update_time,
      tags: w.tags,
    }),
  );

export const getExperimentResponse = z.object({ experiment: experimentSchema }).transform((w) => w.experiment);
export const createExperimentResponse = z.object({ experiment_id: z.string() }).transform((w) => w.experiment_id);
export const searchExperimentsResponse = z
  .object({ experiments: z.array(experimentSchema).optional().default([]), next_page_token: pageToken })
  .transform((w) => ({ items: w.experiments, nextPageToken: w.next_page_token }));
