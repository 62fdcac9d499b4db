import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configPath } from '../config/config-keys.js';
import { optionalColumns } from '../config/schema-file.js';
import type { DataIngestionConfig } from '../config/stage-configs.js';
import { optionalSourceColumns, sourceColumns } from '../dataset/column-mapping.js';
import { DEFAULT_MAX_INVALID_SHARE, VALIDATION_POLICIES } from '../dataset/quarantine.js';
import { z } from 'zod';
import { DataIngestion } from './data-ingestion.js';
import { defineStage, trackedOptions } from './stage.js';

/** Whether a source is a URL (`http:`, `https:`, `file:`, …) rather than a path. */
export function isSourceUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** `data_ingestion`: the dataset → the songs base (and the quarantine of its invalid rows). */
export const dataIngestionStage = defineStage({
  name: 'data_ingestion',
  summary: 'the dataset (CSV, zip or URL) → the songs base; invalid rows set aside',
  sections: {
    data_ingestion: {
      root_dir: configPath,
      /** A URL (http/https/file) or a local path of the dataset CSV or zip. */
      source_URL: configPath,
      local_data_file: configPath,
      unzip_dir: configPath,
    },
    // The songs base it writes, and what happens to invalid rows: the original kept these under
    // data_validation.
    data_validation: {
      /** The songs base (the original's name for it). */
      unzip_dir: configPath,
      /**
       * What to do with invalid rows of the dataset: `quarantine` sets them aside in
       * `quarantine_file` (with row, line, column and reason) and goes on while they are at most
       * `max_invalid_share` of the rows; `fail` refuses the dataset. msr extension. @default quarantine
       */
      policy: z.enum(VALIDATION_POLICIES).optional(),
      /** The largest share of invalid rows a run accepts under `quarantine`. msr extension. @default 0.01 */
      max_invalid_share: z.number().min(0, 'must not be negative').max(1, 'must be at most 1').optional(),
      /** Where invalid rows are set aside (CSV). msr extension. @default data/quarantine.csv */
      quarantine_file: configPath.optional(),
    },
  },
  configure: (own, ctx): DataIngestionConfig => {
    const { settings, schema } = ctx;
    const source = settings.sourceUrl ?? own.data_ingestion.source_URL;
    const v = own.data_validation;
    const quarantineFile = ctx.path(v.quarantine_file ?? 'data/quarantine.csv');
    const config: DataIngestionConfig = {
      rootDir: ctx.path(own.data_ingestion.root_dir),
      sourceUrl: isSourceUrl(source) ? source : ctx.path(source),
      localDataFile: ctx.path(own.data_ingestion.local_data_file),
      unzipDir: ctx.path(own.data_ingestion.unzip_dir),
      songsBasePath: ctx.path(v.unzip_dir),
      genres: ctx.genres,
      selection: ctx.genreSelection,
      sourceColumns: sourceColumns(schema.TARGET_COLUMN.name, schema.SOURCE_COLUMNS),
      optionalColumns: optionalSourceColumns(optionalColumns(schema), schema.SOURCE_COLUMNS),
      targetColumn: schema.TARGET_COLUMN.name,
      columnTypes: { ...schema.COLUMNS },
      quarantine: {
        policy: settings.validationPolicy ?? v.policy ?? 'quarantine',
        maxInvalidShare: v.max_invalid_share ?? DEFAULT_MAX_INVALID_SHARE,
        file: quarantineFile,
        summaryFile: join(dirname(quarantineFile), `${basename(quarantineFile, extname(quarantineFile))}.json`),
      },
    };
    if (settings.download.expectedSize !== undefined) config.expectedSize = settings.download.expectedSize;
    if (settings.download.expectedSha256 !== undefined) config.expectedSha256 = settings.download.expectedSha256.toLowerCase();
    return config;
  },
  directories: (c) => [c.rootDir, c.unzipDir],
  deps: (c) => (/^https?:\/\//i.test(c.sourceUrl) ? [] : [c.sourceUrl.startsWith('file:') ? fileURLToPath(c.sourceUrl) : c.sourceUrl]),
  outs: (c) => [c.songsBasePath],
  settings: (c) => ({ sourceUrl: c.sourceUrl, genres: c.genres, expectedSha256: c.expectedSha256 ?? null, expectedSize: c.expectedSize ?? null, sourceColumns: c.sourceColumns ?? null, quarantine: c.quarantine ?? null }),
  // The base holds fed songs its inputs do not describe: never "restore" an earlier one.
  cache: false,
  // Like the original, an existing songs base is kept: it may hold fed songs. Forcing the stage
  // recomputes (nothing to do when the base exists); replacing the base is `rebuildSongsBase`,
  // which archives it first (issue 12 bug 2: `msr run --force` used to throw fed songs away).
  run: (c, env, ctx) =>
    new DataIngestion(c, { ...(env.fetch ? { fetch: env.fetch } : {}), ...(env.tracker ? { tracker: env.tracker } : {}), ...(env.clock ? { clock: env.clock } : {}) }).run({ ...trackedOptions(env, ctx), force: ctx.forced && env.rebuildBase === true }),
});
