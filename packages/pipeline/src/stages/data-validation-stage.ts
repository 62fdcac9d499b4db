import { SONG_METADATA_COLUMNS } from '@msr/core';
import { dirname, join } from 'node:path';
import { configPath } from '../config/config-keys.js';
import { optionalColumns } from '../config/schema-file.js';
import type { DataValidationConfig } from '../config/stage-configs.js';
import { dataIngestionStage } from './data-ingestion-stage.js';
import { DataValidation } from './data-validation.js';
import { defineStage, stageOptions } from './stage.js';

/** `data_validation`: the songs base against `schema.yaml` → the status file and the report. */
export const dataValidationStage = defineStage({
  name: 'data_validation',
  summary: 'the songs base against schema.yaml → status.txt, validation report',
  sections: {
    data_validation: {
      root_dir: configPath,
      STATUS_FILE: configPath,
    },
  },
  configure: (own, ctx): DataValidationConfig => {
    const statusFile = ctx.path(own.data_validation.STATUS_FILE);
    const { schema } = ctx;
    return {
      rootDir: ctx.path(own.data_validation.root_dir),
      songsBasePath: ctx.config(dataIngestionStage).songsBasePath,
      statusFile,
      reportFile: join(dirname(statusFile), 'validation_report.json'),
      columns: { ...schema.COLUMNS },
      optionalColumns: Object.fromEntries(optionalColumns(schema).map((column) => [column, SONG_METADATA_COLUMNS[column].type])),
      targetColumn: schema.TARGET_COLUMN.name,
      genres: ctx.genres,
    };
  },
  directories: (c) => [c.rootDir, dirname(c.statusFile)],
  deps: (c) => [c.songsBasePath],
  outs: (c) => [c.statusFile, c.reportFile],
  settings: (c) => ({ columns: c.columns, targetColumn: c.targetColumn, genres: c.genres }),
  run: (c, env, ctx) => new DataValidation(c, env.clock ? { clock: env.clock } : {}).run(stageOptions(ctx)),
});
