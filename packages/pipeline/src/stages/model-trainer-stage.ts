import { join } from 'node:path';
import { configPath } from '../config/config-keys.js';
import { classifierParams } from '../config/model-params.js';
import type { ModelTrainerConfig } from '../config/stage-configs.js';
import { labelsPathOf } from './data-transformation.js';
import { dataTransformationStage } from './data-transformation-stage.js';
import { ModelTrainer } from './model-trainer.js';
import { defineStage, modelsOf, stageOptions } from './stage.js';

/** `model_trainer`: the training set → the genre classifier. */
export const modelTrainerStage = defineStage({
  name: 'model_trainer',
  summary: 'X_train/y_train → the genre classifier, models/model.json',
  sections: {
    model_trainer: {
      root_dir: configPath,
      model_name: configPath,
    },
  },
  params: ['GradientBoostingClassifier'],
  models: true,
  configure: (own, ctx): ModelTrainerConfig => {
    const transformation = ctx.config(dataTransformationStage);
    return {
      rootDir: ctx.path(own.model_trainer.root_dir),
      xTrainPath: transformation.xTrainPath,
      yTrainPath: transformation.yTrainPath,
      modelPath: ctx.path(join(own.model_trainer.root_dir, own.model_trainer.model_name)),
      labelsPath: labelsPathOf(transformation),
      params: classifierParams(ctx.params),
    };
  },
  directories: (c) => [c.rootDir],
  deps: (c) => [c.xTrainPath, c.yTrainPath, c.labelsPath],
  outs: (c) => [c.modelPath],
  run: (c, env, ctx) => new ModelTrainer(c, { models: modelsOf(env), ...(env.clock ? { clock: env.clock } : {}) }).run(stageOptions(ctx)),
});
