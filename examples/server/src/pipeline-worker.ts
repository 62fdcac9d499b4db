/**
 * The retrain worker process: `ForkRetrainRunner` forks it for each job. It reads the job
 * settings from `MSR_PIPELINE_JOB` (see `adapters/pipeline-job.ts`) and the MLflow variables
 * (`MLFLOW_TRACKING_URI`…; without them the local store under the pipeline root is used), runs
 * `runPipeline` or `runFeed`, streams progress to the server and reports the result.
 */
import { trackingConfigFromEnv } from '@msr/pipeline';
import { PIPELINE_JOB_ENV, pipelineJobSettingsSchema, runPipelineJob } from './adapters/pipeline-job.js';
import { runRetrainWorker } from './services/retrain-protocol.js';

runRetrainWorker(async ({ kind, params }, progress) => {
  const raw = process.env[PIPELINE_JOB_ENV];
  if (!raw) throw new Error(`${PIPELINE_JOB_ENV} is not set: this script is started by the server's retrain runner`);
  const settings = pipelineJobSettingsSchema.parse(JSON.parse(raw));
  const tracking = trackingConfigFromEnv(process.env);
  // stdout lines become debug records of the server's log.
  const log = (message: string): void => void process.stdout.write(`${message}\n`);
  return runPipelineJob(settings, { kind, params }, { progress, log, ...(tracking ? { tracking } : {}) });
});
