import { dirname } from 'node:path';
import type { ModelAssemblyConfig } from '../config/stage-configs.js';
import { clustererPaths, clusteringMetricsPaths, clusteringStage } from './clustering-stage.js';
import { catalogPaths, dataTransformationStage } from './data-transformation-stage.js';
import { ModelAssembly } from './model-assembly.js';
import { modelEvaluationStage } from './model-evaluation-stage.js';
import { defineStage, modelsOf, trackedOptions, trackerOf, trackingSetting } from './stage.js';

/** `model_assembly`: the best tracked runs → the served bundle, registered as `msr-recommender@champion`. */
export const modelAssemblyStage = defineStage({
  name: 'model_assembly',
  summary: 'the best runs → models_best/recommender.json, registered @champion',
  sections: {},
  models: true,
  // It also registers the bundle and moves the alias: restoring the file alone would not.
  cache: false,
  configure: (_own, ctx): ModelAssemblyConfig => {
    const clustering = ctx.config(clusteringStage);
    return {
      bundlePath: ctx.path('models_best/recommender.json'),
      classifierExperiment: 'music_clf',
      classifierMetric: 'accuracy',
      clusteringExperiments: clustering.genres.map((genre, i) => `${clustering.experimentPrefix}${i}_${genre}`),
      clusteringMetric: 'silhouette',
      registeredModelName: 'msr-recommender',
      alias: 'champion',
      championMovePath: ctx.path('.msr/champion-move.json'),
      tracking: { ...ctx.settings.tracking },
    };
  },
  directories: (c) => [dirname(c.bundlePath)],
  deps: (_c, env) => {
    const evaluation = env.config(modelEvaluationStage);
    const clustering = env.config(clusteringStage);
    return [evaluation.modelPath, evaluation.metricsPath, evaluation.labelsPath, clustering.scalerPath, ...clustererPaths(clustering), ...clusteringMetricsPaths(clustering), ...catalogPaths(env.config(dataTransformationStage))];
  },
  outs: (c) => [c.bundlePath],
  settings: (c, env) => ({ registeredModelName: c.registeredModelName, alias: c.alias, ...trackingSetting(c.tracking, env) }),
  run: (c, env, ctx) =>
    new ModelAssembly({ assembly: c, evaluation: env.config(modelEvaluationStage), clustering: env.config(clusteringStage) }, { models: modelsOf(env), ...trackerOf(env), ...(env.clock ? { clock: env.clock } : {}) }).run(trackedOptions(env, ctx)),
});
