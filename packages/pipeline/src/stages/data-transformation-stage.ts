import { z } from 'zod';
import { configPath, genreListSchema } from '../config/config-keys.js';
import type { DataTransformationConfig } from '../config/stage-configs.js';
import { DataTransformation, labelsPathOf } from './data-transformation.js';
import { dataValidationStage } from './data-validation-stage.js';
import { defineStage, stageOptions } from './stage.js';

/** The catalog files a transformation writes, one per genre in training order. */
export function catalogPaths(config: Pick<DataTransformationConfig, 'catalogPathPrefix' | 'genres'>): string[] {
  return config.genres.map((_g, i) => `${config.catalogPathPrefix}${i}.csv`);
}

/** `data_transformation`: the validated base → train/test split by recording, labels, per-genre catalogs. */
export const dataTransformationStage = defineStage({
  name: 'data_transformation',
  summary: 'split by recording → X/y train/test, labels.json, genre catalogs',
  sections: {
    data_transformation: {
      root_dir: configPath,
      data_path: configPath,
      reco_dir: configPath,
      /**
       * The genres to train on. Without it, every genre of the dataset with at least
       * `min_recordings` recordings (distinct feature vectors) is used.
       */
      genres: genreListSchema.optional(),
      /** Least recordings a genre needs to be chosen from the data. msr extension. @default 30 */
      min_recordings: z.number().int('must be an integer').min(1, 'must be at least 1').optional(),
    },
    // The files it writes, named where the original named them: beside the stages that read them.
    model_trainer: {
      X_train_path: configPath,
      X_test_path: configPath,
      y_train_path: configPath,
      y_test_path: configPath,
    },
    unsmodel_fit: {
      features_path_prefix: configPath,
      genres_path: configPath,
    },
  },
  configure: (own, ctx): DataTransformationConfig => {
    const validation = ctx.config(dataValidationStage);
    const t = own.model_trainer;
    return {
      rootDir: ctx.path(own.data_transformation.root_dir),
      songsBasePath: ctx.path(own.data_transformation.data_path),
      validation: { statusFile: validation.statusFile, reportFile: validation.reportFile },
      recoDir: ctx.path(own.data_transformation.reco_dir),
      genres: ctx.genres,
      targetColumn: ctx.schema.TARGET_COLUMN.name,
      xTrainPath: ctx.path(t.X_train_path),
      xTestPath: ctx.path(t.X_test_path),
      yTrainPath: ctx.path(t.y_train_path),
      yTestPath: ctx.path(t.y_test_path),
      catalogPathPrefix: ctx.path(own.unsmodel_fit.features_path_prefix),
      genresPath: ctx.path(own.unsmodel_fit.genres_path),
      split: { ...ctx.settings.split },
    };
  },
  directories: (c) => [c.rootDir, c.recoDir],
  deps: (c) => [c.songsBasePath, c.validation.statusFile, c.validation.reportFile],
  outs: (c) => [c.xTrainPath, c.xTestPath, c.yTrainPath, c.yTestPath, labelsPathOf(c), c.genresPath, ...catalogPaths(c)],
  settings: (c) => ({ genres: c.genres, split: c.split, targetColumn: c.targetColumn }),
  run: (c, _env, ctx) => new DataTransformation(c).run(stageOptions(ctx)),
});
