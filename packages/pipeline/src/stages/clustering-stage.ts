import { join } from 'node:path';
import { dirname } from 'node:path';
import { configPath } from '../config/config-keys.js';
import { clusteringParams } from '../config/model-params.js';
import type { ClusteringConfig } from '../config/stage-configs.js';
import { ClusteringFit } from './clustering-fit.js';
import { labelsPathOf } from './data-transformation.js';
import { catalogPaths, dataTransformationStage } from './data-transformation-stage.js';
import { defineStage, modelsOf, trackedOptions, trackerOf, trackingSetting } from './stage.js';

/** The clustering models a clustering stage writes, one per genre. */
export function clustererPaths(c: Pick<ClusteringConfig, 'genres' | 'modelDir' | 'modelNamePrefix'>): string[] {
  return c.genres.map((_g, i) => join(c.modelDir, `${c.modelNamePrefix}${i}.json`));
}

/** The clustering metrics files, one per genre. */
export function clusteringMetricsPaths(c: Pick<ClusteringConfig, 'genres' | 'metricsPathPrefix'>): string[] {
  return c.genres.map((_g, i) => `${c.metricsPathPrefix}${i}.json`);
}

/** `clustering` (the original's `unsmodel_fit`): per genre a Gaussian mixture over its catalog. */
export const clusteringStage = defineStage({
  name: 'clustering',
  summary: 'a Gaussian mixture per genre → umodel_<i>.json, runs in clst_<i>_<genre>',
  sections: {
    unsmodel_fit: {
      root_dir: configPath,
      model_dir: configPath,
      model_name_prefix: configPath,
      metrics_path_prefix: configPath,
    },
  },
  params: ['GaussianMixture'],
  models: true,
  configure: (own, ctx): ClusteringConfig => {
    const c = own.unsmodel_fit;
    const transformation = ctx.config(dataTransformationStage);
    return {
      rootDir: ctx.path(c.root_dir),
      catalogPathPrefix: transformation.catalogPathPrefix,
      genresPath: transformation.genresPath,
      labelsPath: labelsPathOf(transformation),
      scalerPath: join(ctx.path(c.model_dir), 'scaler.json'),
      modelDir: ctx.path(c.model_dir),
      modelNamePrefix: c.model_name_prefix,
      metricsPathPrefix: ctx.path(c.metrics_path_prefix),
      genres: ctx.genres,
      params: clusteringParams(ctx.params, ctx.genres),
      experimentPrefix: 'clst_',
      tracking: { ...ctx.settings.tracking },
    };
  },
  directories: (c) => [c.rootDir, c.modelDir, dirname(c.metricsPathPrefix + 'x')],
  deps: (c, env) => [c.genresPath, c.labelsPath, ...catalogPaths(env.config(dataTransformationStage))],
  outs: (c) => [c.scalerPath, ...clustererPaths(c), ...clusteringMetricsPaths(c)],
  settings: (c, env) => ({ experimentPrefix: c.experimentPrefix, genres: c.genres, ...trackingSetting(c.tracking, env) }),
  run: (c, env, ctx) => new ClusteringFit(c, { models: modelsOf(env), ...trackerOf(env) }).run(trackedOptions(env, ctx)),
});
