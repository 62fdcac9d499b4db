/**
 * Adding a stage is one definition and one line in a stage list (issue 13): the stage below is
 * defined here, in the test, and added to the list passed to `runPipeline`. Nothing else is
 * told about it — `config.yaml` accepts and checks its keys, its directory is created on load,
 * the in-process runner orders it after the stage whose files it reads and re-runs it when its
 * params key changes, and the CLI's stage help comes from the same list.
 */
import { ConfigError } from '@msr/core';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { configPath } from '../config/config-keys.js';
import { ConfigurationManager } from '../config/configuration-manager.js';
import { buildGraph } from '../dag/graph.js';
import { coreModelKit } from '../models/core-model-kit.js';
import { flowWaves } from '../runner-bullmq/flow-waves.js';
import { defineStage } from '../stages/stage.js';
import { genreReportStage } from './__fixtures__/genre-report-stage.js';
import { pipelineRoot, type PipelineRoot } from './__fixtures__/pipeline-root.js';
import { MSR_STAGES, PIPELINE_STAGES, pipelineStages } from './pipeline-stages.js';
import { runPipeline } from './run-pipeline.js';

/** The one line: the msr stages and the new one. */
const STAGES = [...MSR_STAGES, genreReportStage];

let fx: PipelineRoot;
let config: string;
beforeEach(async () => {
  fx = await pipelineRoot(30);
  config = join(fx.root, 'with-report.yaml');
  await writeFile(config, `${await readFile(fx.config, 'utf8')}\ngenre_report:\n  root_dir: reports\n  report_file: reports/genres.json\n`);
});
afterEach(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

describe('a stage added to the stage list', () => {
  it('is validated, gets its directory, runs after what it reads, is skipped when up to date and re-run when its param changes', async () => {
    const options = { rootDir: fx.root, files: { config, params: fx.quickParams }, stages: STAGES, targets: ['genre_report'] };
    const manager = await ConfigurationManager.load({ ...options, createDirectories: false });
    expect(manager.config(genreReportStage)).toMatchObject({ rootDir: join(fx.root, 'reports'), reportPath: join(fx.root, 'reports/genres.json') });
    expect(pipelineStages(manager).map((s) => s.name)).toEqual(['data_ingestion', 'data_validation', 'data_transformation', 'genre_report']);

    const first = await runPipeline(options);
    // Only what it needs: the data stages, then it (no model stage, though the kit is there).
    expect(first.ran).toEqual(['data_ingestion', 'data_validation', 'data_transformation', 'genre_report']);
    expect((await stat(join(fx.root, 'reports'))).isDirectory()).toBe(true);
    const report = JSON.parse(await readFile(join(fx.root, 'reports/genres.json'), 'utf8')) as Record<string, number>;
    expect(Object.keys(report)).toEqual(manager.genres);
    expect(Object.values(report).every((n) => n > 0)).toBe(true);
    expect(first.stages.find((s) => s.name === 'genre_report')!.result).toEqual(report);

    expect((await runPipeline(options)).skipped).toEqual(['data_ingestion', 'data_validation', 'data_transformation', 'genre_report']);

    // Its params key reaches it, and nothing upstream.
    const params = join(fx.root, 'params-7.yaml');
    await writeFile(params, (await readFile(fx.quickParams, 'utf8')).replace(/^ {2}random_state: 42$/m, '  random_state: 7'));
    expect(await readFile(params, 'utf8')).toContain('random_state: 7');
    const changed = await runPipeline({ ...options, files: { config, params } });
    expect(changed.ran).toEqual(['genre_report']);
  });

  it("has its keys checked with file, key path and line; without the stage, its section is an unknown key", async () => {
    const typo = join(fx.root, 'typo.yaml');
    const text = await readFile(config, 'utf8');
    await writeFile(typo, text.replace('report_file:', 'report_fil:'));
    const error = await ConfigurationManager.load({ rootDir: fx.root, files: { config: typo }, stages: STAGES, createDirectories: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => ({ path: i.path, code: i.code, line: i.line }));
    const lines = text.split('\n');
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['genre_report', 'report_fil'], code: 'unrecognized_keys', line: lines.findIndex((l) => l.includes('report_file:')) + 1 },
        // A missing key is reported at the mapping that lacks it.
        { path: ['genre_report', 'report_file'], code: 'invalid_type', line: lines.findIndex((l) => l.includes('root_dir: reports')) + 1 },
      ]),
    );
    const without = await ConfigurationManager.load({ rootDir: fx.root, files: { config }, createDirectories: false }).catch((e: unknown) => e);
    expect((without as ConfigError).issues).toEqual([expect.objectContaining({ path: ['genre_report'], code: 'unrecognized_keys', message: 'unknown key "genre_report"' })]);
  });

  it('refuses a key two stages declare, and a name that is not snake_case', async () => {
    const twice = defineStage({ name: 'reco_again', summary: 'declares a key of the transformation', sections: { data_transformation: { reco_dir: configPath } }, configure: () => ({}), deps: () => [], outs: () => [], run: async () => undefined });
    await expect(ConfigurationManager.load({ rootDir: fx.root, files: { config: fx.config }, stages: [...MSR_STAGES, twice], createDirectories: false })).rejects.toMatchObject({
      code: 'ERR_STAGE_DEFINITION',
      message: expect.stringContaining('stages "data_transformation" and "reco_again" both declare config.yaml\'s data_transformation.reco_dir'),
    });
    expect(() => defineStage({ ...genreReportStage, name: 'Genre Report' })).toThrow(expect.objectContaining({ code: 'ERR_STAGE_DEFINITION' }));
  });
});

describe('what the stage list derives', () => {
  it("the queue runner's flow waves place the added stage too (its graph is the same pipelineStages)", async () => {
    const manager = await ConfigurationManager.load({ rootDir: fx.root, files: { config }, stages: STAGES, createDirectories: false });
    const graph = buildGraph(pipelineStages(manager, { models: coreModelKit() }));
    expect(graph.upstream.get('genre_report')).toEqual(new Set(['data_transformation']));
    const waves = flowWaves(graph, new Set(graph.order)).map((w) => w.stages);
    // The transformation is a fork (classifier, clustering, the report): the report starts the next wave.
    expect(waves[0]).toEqual(['data_ingestion', 'data_validation', 'data_transformation']);
    expect(waves[1]).toContain('genre_report');
  });


  it('PIPELINE_STAGES and the CLI help name every stage of the list, in order', async () => {
    expect(PIPELINE_STAGES).toEqual(MSR_STAGES.map((s) => s.name));
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, env: {}, cwd: fx.root };
    expect(await main(['stage', '--help'], io)).toBe(0);
    const listed = out.split('\n').flatMap((line) => /^ {2}([a-z_]+) {2,}\S/.exec(line)?.[1] ?? []);
    expect(listed).toEqual([...PIPELINE_STAGES]);
    out = '';
    expect(await main(['run', '--help'], io)).toBe(0);
    // The list was spelled by hand here and had lost recommender_evaluation.
    expect(out.replace(/\s+/g, ' ')).toContain(`Runs every stage — ${PIPELINE_STAGES.join(', ')} — skipping`);
  });
});
