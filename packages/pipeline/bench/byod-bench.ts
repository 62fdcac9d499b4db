/**
 * The issue-18 target, measured once: a generated Kaggle-shaped file of 114 genres × 1,000 rows
 * (unnamed index, quoted names with commas, `explicit` True/False; 18 MB), trained on 20 of its
 * genres in one `runPipeline` call with the shipped config.yaml and params.yaml — what
 * `msr run --source <file> --genres <20 genres>` does.
 *
 *   node --conditions=@msr/source --import tsx packages/pipeline/bench/byod-bench.ts
 *
 * Prints each stage's time, the total and the process's peak resident memory.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../src/index.js';
import { kaggleCsv, kaggleRows } from '../src/stages/__fixtures__/kaggle-csv.js';

const PER_GENRE = Number(process.env.BYOD_PER_GENRE ?? 1000);
const genres = Array.from({ length: 114 }, (_, i) => (i % 3 === 0 ? `genre-${i}` : `g${String(i).padStart(3, '0')}`));
const chosen = genres.filter((_g, i) => i % 5 === 0).slice(0, 20);
const root = await mkdtemp(join(tmpdir(), 'msr-byod-bench-'));
try {
  const source = join(root, 'dataset.csv');
  await writeFile(source, kaggleCsv(kaggleRows(genres, PER_GENRE, 114)));
  const started = performance.now();
  const result = await runPipeline({ rootDir: root, sourceUrl: source, genres: chosen });
  const total = (performance.now() - started) / 1000;
  for (const s of result.stages) process.stdout.write(`${s.name.padEnd(20)} ${(s.durationMs / 1000).toFixed(1)} s\n`);
  process.stdout.write(`total ${total.toFixed(1)} s for ${genres.length * PER_GENRE} rows, ${chosen.length} genres; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
} finally {
  await rm(root, { recursive: true, force: true });
}
