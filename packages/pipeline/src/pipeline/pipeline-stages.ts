import type { ConfigurationManager } from '../config/configuration-manager.js';
import type { StageDefinition } from '../dag/stage-definition.js';
import { clusteringStage } from '../stages/clustering-stage.js';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';
import { dataTransformationStage } from '../stages/data-transformation-stage.js';
import { dataValidationStage } from '../stages/data-validation-stage.js';
import { modelAssemblyStage } from '../stages/model-assembly-stage.js';
import { modelEvaluationStage } from '../stages/model-evaluation-stage.js';
import { modelTrainerStage } from '../stages/model-trainer-stage.js';
import { recommenderEvaluationStage } from '../stages/recommender-evaluation-stage.js';
import { stageNames, type AnyPipelineStage, type PipelineStageDeps, type StageEnv } from '../stages/stage.js';

export type { PipelineStageDeps } from '../stages/stage.js';

/**
 * The msr pipeline: its stages, in order. Everything else that knows the stages — the names
 * ({@link PIPELINE_STAGES}), `config.yaml`'s schema, the directories created on load, the CLI's
 * help and both runners' graphs — is derived from this list. Adding a stage is a file in
 * `stages/` and a line here.
 */
export const MSR_STAGES = [
  dataIngestionStage,
  dataValidationStage,
  dataTransformationStage,
  modelTrainerStage,
  modelEvaluationStage,
  clusteringStage,
  modelAssemblyStage,
  recommenderEvaluationStage,
] as const satisfies readonly AnyPipelineStage[];

/** The stages of the msr pipeline, in order. */
export const PIPELINE_STAGES = stageNames(MSR_STAGES);

/** The name of a pipeline stage. */
export type PipelineStageName = (typeof PIPELINE_STAGES)[number];

/**
 * The pipeline as DAG stages: each stage of the manager's list ({@link MSR_STAGES} unless it
 * was loaded with another) with its configuration, the files it reads and writes and the params
 * it uses, so the {@link DagRunner} (and the queue's workers) can order them and skip what is up
 * to date. Without `deps.models`, the stages that need a model kit are left out.
 */
export function pipelineStages(manager: ConfigurationManager, deps: PipelineStageDeps = {}): StageDefinition[] {
  const env: StageEnv = { ...deps, config: (stage) => manager.config(stage) };
  return manager.stages.filter((stage) => deps.models !== undefined || stage.models !== true).map((stage) => dagStage(stage, manager.config(stage), env));
}

/** One stage as the DAG runner sees it. */
function dagStage(stage: AnyPipelineStage, config: unknown, env: StageEnv): StageDefinition {
  const settings = stage.settings?.(config, env);
  return {
    name: stage.name,
    deps: stage.deps(config, env),
    ...(stage.params ? { params: stage.params } : {}),
    ...(settings ? { config: settings } : {}),
    outs: stage.outs(config, env),
    ...(stage.cache === undefined ? {} : { cache: stage.cache }),
    run: (context) => stage.run(config, env, context),
  };
}
