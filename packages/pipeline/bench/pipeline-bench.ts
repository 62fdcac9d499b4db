/**
 * `npm run bench:pipeline` — the pipeline's speed and memory targets, measured on this machine:
 *
 * - a cold full pipeline on the fixture dataset (target ≤ 15 s);
 * - a repeat with nothing changed, every stage skipped (target ≤ 1 s);
 * - one clustering param changed: only clustering and assembly re-run.
 *
 * Other work shares the machine, so each figure is a median and is printed beside an anchor (a
 * fixed CPU workload measured in the same run) with its ratio. Peak memory is the process's
 * maximum resident set size.
 *
 * Dataset: `fixtures/dataset.zip` (the default config's source) when present, else a generated
 * Kaggle-format dataset of 10 genres × 1,000 songs; `MSR_BENCH_DATASET` names another file.
 * Tracking goes to each root's embedded local store, as with the defaults.
 */
import { SEED_GENRES } from '@msr/core';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigDir, runPipeline, type PipelineResult } from '../src/index.js';
import { kaggleCsv, kaggleRows } from '../src/stages/__fixtures__/kaggle-csv.js';
import { anchor, median } from './bench-anchor.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
// MSR_BENCH_DATASET overrides the dataset (a Kaggle-format CSV or zip), e.g. to compare files.
const fixture = process.env.MSR_BENCH_DATASET ?? join(repo, 'fixtures/dataset.zip');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const WARM_RUNS = 5;

const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
};

async function setUp(): Promise<{ root: string; config: string; params: string; source: string }> {
  const root = await mkdtemp(join(tmpdir(), 'msr-bench-'));
  let source = fixture;
  if (!existsSync(fixture)) {
    source = join(root, 'dataset.csv');
    await writeFile(source, kaggleCsv(kaggleRows(SEED_GENRES, 1000)));
  }
  const defaults = defaultConfigDir();
  const config = join(root, 'config.yaml');
  // The original's ten genres, listed, so the figures compare with earlier runs (the shipped
  // config.yaml lets the data choose, which on the fixture adds two small genres).
  const genres = `  genres: [${SEED_GENRES.join(', ')}]`;
  await writeFile(config, (await readFile(join(defaults, 'config.yaml'), 'utf8')).replace(/source_URL: .*/, `source_URL: ${source}`).replace(/^ {2}min_recordings: .*$/m, genres));
  const params = join(root, 'params.yaml');
  await writeFile(params, await readFile(join(defaults, 'params.yaml'), 'utf8'));
  return { root, config, params, source };
}


const run = (s: { root: string; config: string; params: string }): Promise<PipelineResult> => runPipeline({ rootDir: s.root, files: { config: s.config, params: s.params } });

const anchorBefore = await anchor();
const cold: number[] = [];
const setups: Awaited<ReturnType<typeof setUp>>[] = [];
let stages: string[] = [];
for (let i = 0; i < COLD_RUNS; i++) {
  const s = await setUp();
  setups.push(s);
  const { ms, value } = await time(() => run(s));
  cold.push(ms);
  stages = value.ran;
}
const s = setups.at(-1)!;
const warm: number[] = [];
let warmRan: string[] = [];
for (let i = 0; i < WARM_RUNS; i++) {
  const { ms, value } = await time(() => run(s));
  warm.push(ms);
  warmRan = warmRan.concat(value.ran);
}
// One clustering param changed: the first genre's component count.
await writeFile(s.params, (await readFile(s.params, 'utf8')).replace(/default_n_components: 3\n/, () => `n_components: [4${', 3'.repeat(SEED_GENRES.length - 1)}]\n`));
const changed = await time(() => run(s));
const anchorAfter = await anchor();
const anchorMs = median([anchorBefore, anchorAfter]);
const peakMiB = process.resourceUsage().maxRSS / 1024;

const row = (name: string, ms: number, target: string): string => `${name.padEnd(34)} ${`${(ms / 1000).toFixed(3)} s`.padStart(10)}  ×${(ms / anchorMs).toFixed(1).padStart(6)} anchor   target ${target}`;
const out = [
  `msr pipeline bench — dataset ${existsSync(fixture) ? fixture : 'generated 10 × 1,000 songs'}, Node ${process.version}; tracking: local store`,
  `anchor (parse 10k-row CSV + sha256 64 MiB), median of 10: ${anchorMs.toFixed(1)} ms`,
  '',
  row(`cold full pipeline (median of ${COLD_RUNS})`, median(cold), '≤ 15 s'),
  `  runs: ${cold.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; stages: ${stages.join(', ')}`,
  row(`no-change repeat (median of ${WARM_RUNS})`, median(warm), '≤ 1 s'),
  `  stages that ran in the repeats: ${warmRan.length === 0 ? 'none' : warmRan.join(', ')}`,
  row('one clustering param changed', changed.ms, 'only clustering + assembly'),
  `  stages that ran: ${changed.value.ran.join(', ') || 'none'}; skipped: ${changed.value.skipped.join(', ')}`,
  `peak memory (max RSS of the bench process): ${peakMiB.toFixed(0)} MiB`,
];
process.stdout.write(`${out.join('\n')}\n`);
for (const setup of setups) await rm(setup.root, { recursive: true, force: true });
