/**
 * The faults of the issue, each through `runPipeline`: a clear error naming the file, row or key;
 * the previous outputs and songs base intact; the run lock released (or recognised as stale
 * after a crash); and a re-run, once the fault is fixed, that completes.
 */
import { ConfigError } from '@msr/core';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { readHolder } from '../dag/run-lock.js';
import { CsvError } from '../errors/csv-error.js';
import { DataValidationError } from '../errors/data-validation-error.js';
import { DatasetError } from '../errors/dataset-error.js';
import { DownloadError } from '../errors/download-error.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { pipelineRoot, type PipelineRoot } from './__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from './pipeline-stages.js';
import { runPipeline, type RunPipelineOptions } from './run-pipeline.js';
import { rebuildSongsBase } from './rebuild-songs-base.js';

let fx: PipelineRoot;
let good: string;
beforeEach(async () => {
  fx = await pipelineRoot(20);
  good = await readFile(fx.dataset, 'utf8');
});
afterEach(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

const p = (rel: string): string => join(fx.root, rel);
const base = (): Promise<string> => readFile(p('data/raw/song_df.csv'), 'utf8');
const opts = (over: Partial<RunPipelineOptions> = {}): RunPipelineOptions => ({ rootDir: fx.root, files: { config: fx.config }, sleep: async () => {}, ...over });
const failure = async (promise: Promise<unknown>): Promise<StageFailedError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StageFailedError)) throw new Error(`expected a StageFailedError, got ${String(error)}`);
  return error;
};
const lockReleased = (): boolean => !existsSync(p('.msr/run.lock'));

/** Runs once cleanly, breaks the dataset, checks the forced re-ingestion fails cleanly, then repairs it. */
async function datasetFault(broken: string | Uint8Array, file: string, expectError: (error: Error) => void, over: Partial<RunPipelineOptions> = {}): Promise<void> {
  await runPipeline(opts());
  const before = await base();
  await writeFile(file, broken);
  const error = await failure(rebuildSongsBase(opts({ sourceUrl: file, ...over })));
  expect(error.stage).toBe('data_ingestion');
  expect(error.badInput).toBe(true);
  expectError(error.cause as Error);
  expect(await base()).toBe(before);
  expect(lockReleased()).toBe(true);
  await writeFile(file, good);
  expect((await rebuildSongsBase(opts({ sourceUrl: file }))).ran).toContain('data_ingestion');
}

describe('pipeline faults', () => {
  it('malformed YAML: ConfigError with file and line, nothing run, then a fixed file runs', async () => {
    const params = p('params.yaml');
    await writeFile(params, 'GaussianMixture:\n  covariance_type: spherical\n  n_components: [3\n');
    const error = await runPipeline(opts({ files: { config: fx.config, params } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]).toMatchObject({ file: params, code: 'yaml_syntax', line: expect.any(Number) });
    expect(existsSync(p('msr.lock'))).toBe(false);
    expect(lockReleased()).toBe(true);
    await rm(params);
    expect((await runPipeline(opts())).ran).toEqual([...PIPELINE_STAGES]);
  });

  it('malformed CSV: the line and row of the bad record', async () => {
    await datasetFault(good.replace(/\n7,/, '\n7,"broken'), fx.dataset, (e) => {
      expect(e).toBeInstanceOf(CsvError);
      // The stray quote pairs with the next quote of the record, then text follows it.
      expect(e.message).toBe(`${fx.dataset}:9 (row 8): unexpected text after a closing quote in field 2`);
    });
  });

  it('missing columns, named', async () => {
    await datasetFault(good.replace(',energy,', ',nrg,'), fx.dataset, (e) => {
      expect(e).toBeInstanceOf(DatasetError);
      expect(e.message).toContain('is missing the column energy');
    });
  });

  it('wrong types: row, line and column of each bad cell', async () => {
    const lines = good.split('\n');
    lines[3] = lines[3]!.replace(/,(-?\d+\.\d{3}),(\d),/, ',loud,$2,');
    await datasetFault(
      lines.join('\n'),
      fx.dataset,
      (e) => {
        expect(e).toBeInstanceOf(DatasetError);
        expect(e.message).toContain('row 3 (line 4): loudness "loud" is not a finite number (float64)');
      },
      // Under the default policy one bad row in 200 is set aside; `fail` refuses the dataset.
      { validationPolicy: 'fail' },
    );
  });

  it('an empty genre, named', async () => {
    await datasetFault(good.split('\n').filter((l) => !l.endsWith(',jazz')).join('\n'), fx.dataset, (e) => {
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as DatasetError).code).toBe('ERR_GENRE_NOT_IN_DATA');
      expect(e.message).toContain("has no rows of the configured genre jazz; the data's genres (rows) are: alternative (20), classical (20),");
    });
  });

  it('a truncated zip', async () => {
    const zip = zipSync({ 'dataset.csv': strToU8(good) });
    await datasetFault(zip.subarray(0, zip.length - 40), p('dataset.zip'), (e) => {
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as DatasetError).code).toBe('ERR_BAD_ARCHIVE');
    });
  });

  it('extra columns and bad values in the songs base: validation reports rows, transformation refuses, outputs intact', async () => {
    await runPipeline(opts());
    const xTrain = await readFile(p('data/processed/X_train.csv'), 'utf8');
    const original = await base();
    const lines = original.split('\n');
    lines[0] += ',comment';
    for (let i = 1; i < lines.length - 1; i++) lines[i] += ',x';
    lines[5] = lines[5]!.replace(/^([^,]+),([^,]+),(\d+),/, '$1,$2,13,');
    await writeFile(p('data/raw/song_df.csv'), lines.join('\n'));
    const error = await failure(runPipeline(opts()));
    expect(error.stage).toBe('data_transformation');
    expect(error.cause).toBeInstanceOf(DataValidationError);
    const report = (error.cause as DataValidationError).report!;
    expect(report.issues.map((i) => `${i.code}:${i.row ?? ''}:${i.column}`)).toEqual(['extra_column::comment', 'out_of_range:5:key']);
    expect(await readFile(p('data/status.txt'), 'utf8')).toBe('Validation status: False\n');
    expect(await readFile(p('data/processed/X_train.csv'), 'utf8')).toBe(xTrain);
    expect(lockReleased()).toBe(true);
    await writeFile(p('data/raw/song_df.csv'), original);
    // Ingestion "runs" because its output changed, and keeps the existing base as the original did;
    // validation saw this base before: the run cache restores its outputs, so transformation's
    // inputs are as they were.
    const repaired = await runPipeline(opts());
    expect(repaired.ran).toEqual(['data_ingestion']);
    expect(repaired.stages.filter((s) => s.reasons[0]?.startsWith('restored from the run cache')).map((s) => s.name)).toEqual(['data_validation']);
    expect(repaired.stages.find((s) => s.name === 'data_transformation')).toMatchObject({ status: 'skipped', reasons: ['unchanged'] });
    expect(await readFile(p('data/status.txt'), 'utf8')).toBe('Validation status: True\n');
    expect(await base()).toBe(original);
  });

  it('a download that dies halfway (real HTTP on 127.0.0.1): retried, then failed, download and base intact; a re-run completes', async () => {
    await runPipeline(opts());
    const before = await base();
    let healthy = false;
    let requests = 0;
    const body = Buffer.from(good);
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-length': String(body.length) });
      if (healthy) return void res.end(body);
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dataset.csv`;
      const sleeps: number[] = [];
      const events: PipelineEvent[] = [];
      const error = await failure(rebuildSongsBase(opts({ sourceUrl: url, sleep: async (ms) => void sleeps.push(ms), onEvent: (e) => events.push(e) })));
      expect(error.cause).toBeInstanceOf(DownloadError);
      expect((error.cause as Error).message).toMatch(/connection lost after \d+ of \d+ bytes/);
      expect(requests).toBe(2);
      expect(sleeps).toEqual([20_000]);
      expect(events.filter((e) => e.type === 'stage-retry')).toHaveLength(1);
      expect(existsSync(p('data/raw/dataset.zip'))).toBe(false);
      expect(await base()).toBe(before);
      expect(lockReleased()).toBe(true);
      healthy = true;
      expect((await rebuildSongsBase(opts({ sourceUrl: url }))).ran).toContain('data_ingestion');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a crash (SIGKILL) in the middle of a download: base and lock file checked, stale lock recovered, re-run completes', async () => {
    await runPipeline(opts());
    const before = await base();
    const script = fileURLToPath(new URL('./__fixtures__/crash-mid-download.ts', import.meta.url));
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawnSync(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', script, fx.root, fx.config, fx.dataset], { cwd: repo, encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect((await readHolder(p('.msr/run.lock')))!.pid).toBe(child.pid);
    expect(await base()).toBe(before);
    expect(existsSync(p('data/raw/dataset.zip'))).toBe(false);
    const events: PipelineEvent[] = [];
    const result = await rebuildSongsBase(opts({ onEvent: (e) => events.push(e) }));
    expect(events.find((e) => e.type === 'lock-recovered')).toMatchObject({ reason: expect.stringContaining(`process ${child.pid}`) });
    expect(result.ran).toContain('data_ingestion');
    expect(lockReleased()).toBe(true);
  });
});
