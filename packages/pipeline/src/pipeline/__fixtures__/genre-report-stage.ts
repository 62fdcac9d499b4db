/**
 * A stage added by a test (issue 13: adding a stage is one definition and one line in a stage
 * list): counts the songs of each genre's catalog into a JSON report. Its config.yaml section:
 * `genre_report: { root_dir: reports, report_file: reports/genres.json }`.
 */
import { readFile } from 'node:fs/promises';
import { configPath } from '../../config/config-keys.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { catalogPaths, dataTransformationStage } from '../../stages/data-transformation-stage.js';
import { defineStage } from '../../stages/stage.js';

/** The `config.yaml` section the stage declares, to append to a config file. */
export const GENRE_REPORT_SECTION = '\ngenre_report:\n  root_dir: reports\n  report_file: reports/genres.json\n';

/** The extra stage: counts the songs of each genre's catalog into a JSON report. */
export const genreReportStage = defineStage({
  name: 'genre_report',
  summary: 'the songs of each catalog, counted → reports/genres.json',
  sections: { genre_report: { root_dir: configPath, report_file: configPath } },
  params: ['GaussianMixture.random_state'],
  configure: (own, ctx) => {
    const transformation = ctx.config(dataTransformationStage);
    return { rootDir: ctx.path(own.genre_report.root_dir), reportPath: ctx.path(own.genre_report.report_file), genres: ctx.genres, catalogs: catalogPaths(transformation) };
  },
  directories: (c) => [c.rootDir],
  deps: (c) => c.catalogs,
  outs: (c) => [c.reportPath],
  run: async (c, _env, context) => {
    const counts: Record<string, number> = {};
    for (const [i, genre] of c.genres.entries()) counts[genre] = (await readFile(c.catalogs[i]!, 'utf8')).trim().split('\n').length - 1;
    await writeFileAtomic(c.reportPath, `${JSON.stringify(counts)}\n`);
    context.log('info', `${c.genres.length} genres counted`);
    return counts;
  },
});

