import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RecommenderEvaluationConfig } from '../config/stage-configs.js';
import { dataIngestionStage } from './data-ingestion-stage.js';
import { modelAssemblyStage } from './model-assembly-stage.js';
import { modelEvaluationStage } from './model-evaluation-stage.js';
import { RecommenderEvaluation } from './recommender-evaluation.js';
import { defineStage, trackedOptions, trackerOf, trackingSetting } from './stage.js';

/**
 * `recommender_evaluation`: the recommender's evaluation on held-out recordings, after assembly
 * (`metrics/recommender.json`, experiment `msr_recommender_eval`; 100 playlists per family, seed
 * 42, primary metric recall@20 on coherent playlists).
 */
export const recommenderEvaluationStage = defineStage({
  name: 'recommender_evaluation',
  summary: 'the bundle on held-out playlists → recommender.json; gates @champion',
  sections: {},
  // It evaluates what the model stages built: without a ModelKit there is nothing to evaluate.
  models: true,
  // It gates the champion alias (it may move it back): restoring the report alone would not.
  cache: false,
  configure: (_own, ctx): RecommenderEvaluationConfig => {
    const evaluation = ctx.config(modelEvaluationStage);
    const assembly = ctx.config(modelAssemblyStage);
    return {
      bundlePath: assembly.bundlePath,
      xTestPath: evaluation.xTestPath,
      yTestPath: evaluation.yTestPath,
      labelsPath: evaluation.labelsPath,
      reportPath: join(dirname(evaluation.metricsPath), 'recommender.json'),
      playlistsPath: join(ctx.config(dataIngestionStage).unzipDir, 'playlists.json'),
      playlists: 100,
      seed: 42,
      experimentName: 'msr_recommender_eval',
      primaryMetric: { family: 'coherent', metric: 'recallAt20' },
      registeredModelName: assembly.registeredModelName,
      alias: assembly.alias,
      championMovePath: assembly.championMovePath,
      tracking: { ...ctx.settings.tracking },
    };
  },
  deps: (c) => [c.bundlePath, c.xTestPath, c.yTestPath, c.labelsPath, ...(existsSync(c.playlistsPath) ? [c.playlistsPath] : [])],
  outs: (c) => [c.reportPath],
  settings: (c, env) => ({ playlists: c.playlists, seed: c.seed, experiment: c.experimentName, primaryMetric: c.primaryMetric, ...trackingSetting(c.tracking, env) }),
  run: (c, env, ctx) => new RecommenderEvaluation(c, trackerOf(env)).run(trackedOptions(env, ctx)),
});
