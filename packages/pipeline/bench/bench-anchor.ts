/** What the pipeline's benchmarks share: the median and the same-run CPU anchor. */
import { SEED_GENRES } from '@msr/core';
import { createHash } from 'node:crypto';
import { parseCsv } from '../src/index.js';
import { kaggleCsv, kaggleRows } from '../src/stages/__fixtures__/kaggle-csv.js';

/** The median of `xs`. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The anchor: a fixed CPU workload (CSV parsing and hashing) that scales with the machine; median of 5, in ms. */
export async function anchor(): Promise<number> {
  const csv = kaggleCsv(kaggleRows(SEED_GENRES, 1000, 7));
  const block = Buffer.alloc(64 << 20, 7);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    parseCsv(csv);
    createHash('sha256').update(block).digest();
    runs.push(performance.now() - start);
  }
  return median(runs);
}
