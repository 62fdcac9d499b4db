import { configPath } from '../config/config-keys.js';
import { classifierParams } from '../config/model-params.js';
import type { ModelEvaluationConfig } from '../config/stage-configs.js';
import { labelsPathOf } from './data-transformation.js';
import { dataTransformationStage } from './data-transformation-stage.js';
import { ModelEvaluation } from './model-evaluation.js';
import { defineStage, modelsOf, trackedOptions, trackerOf, trackingSetting } from './stage.js';

/** `model_evaluation`: the classifier on the test set → metrics.json and a run in `music_clf`. */
export const modelEvaluationStage = defineStage({
  name: 'model_evaluation',
  summary: 'the classifier on the test set → metrics.json, a run in music_clf',
  sections: {
    model_evaluation: {
      root_dir: configPath,
      X_test_path: configPath,
      y_test_path: configPath,
      model_path: configPath,
      metric_file_name: configPath,
    },
  },
  params: ['GradientBoostingClassifier'],
  models: true,
  configure: (own, ctx): ModelEvaluationConfig => {
    const c = own.model_evaluation;
    return {
      rootDir: ctx.path(c.root_dir),
      xTestPath: ctx.path(c.X_test_path),
      yTestPath: ctx.path(c.y_test_path),
      modelPath: ctx.path(c.model_path),
      metricsPath: ctx.path(c.metric_file_name),
      labelsPath: labelsPathOf(ctx.config(dataTransformationStage)),
      experimentName: 'music_clf',
      params: classifierParams(ctx.params),
      tracking: { ...ctx.settings.tracking },
    };
  },
  directories: (c) => [c.rootDir],
  deps: (c) => [c.modelPath, c.xTestPath, c.yTestPath, c.labelsPath],
  outs: (c) => [c.metricsPath],
  settings: (c, env) => ({ experiment: c.experimentName, ...trackingSetting(c.tracking, env) }),
  run: (c, env, ctx) => new ModelEvaluation(c, { models: modelsOf(env), ...trackerOf(env) }).run(trackedOptions(env, ctx)),
});
