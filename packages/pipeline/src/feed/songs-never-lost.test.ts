/**
 * Issue 12 target: no song is ever lost. Random sequences of feeds (into the base, some past the
 * retraining threshold), forced runs (`msr run --force`), crashes (a feed SIGKILLed at a random
 * moment) and moves of the whole root are applied to one pipeline root; after every step the
 * songs base must hold every song it ever held. Seeded, so a failure replays exactly.
 */
import { createPrng, SEED_GENRES, type Prng } from '@msr/core';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { dropFolderFeed } from './drop-folder-feed.js';
import { runFeed } from './run-feed.js';

const HEADER = 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo';
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./__fixtures__/feed-child.ts', import.meta.url));
const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

const id = (prng: Prng): string => Array.from({ length: 22 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[prng.int(62)]).join('');
const uris = async (root: string): Promise<Set<string>> => new Set((await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',')[0]!));

/** A dropped CSV: new songs of configured genres, plus known ones, another genre and a bad row. */
function batch(prng: Prng, known: string[]): string {
  const row = (uri: string, genre: string): string => `${uri},${genre},${prng.int(12)},${prng.next().toFixed(3)},${prng.next().toFixed(3)},${prng.next().toFixed(3)},0,${(-20 * prng.next()).toFixed(2)},0.05,${prng.next().toFixed(3)},${(60 + 120 * prng.next()).toFixed(1)}`;
  const rows = Array.from({ length: 1 + prng.int(12) }, () => row(id(prng), SEED_GENRES[prng.int(SEED_GENRES.length)]!));
  for (let i = prng.int(4); i > 0; i--) rows.push(row(known[prng.int(known.length)]!, 'jazz'));
  if (prng.next() < 0.5) rows.push(row(id(prng), 'polka'));
  if (prng.next() < 0.5) rows.push('short,rock,1,0.1,0.2,0.3,0,-7,0.05,0.5,100');
  return [HEADER, ...prng.shuffle(rows)].join('\n') + '\n';
}

/** A feed in a child process, SIGKILLed after `delayMs` (or finishing first). */
function crashingFeed(root: string, drop: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', child, root, drop], { cwd: repo, stdio: 'ignore' });
    const timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
    proc.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('no fed song is ever lost (issue 12 target)', () => {
  for (const seed of [12, 1207]) {
    it(`random feed / force / crash / move sequence, seed ${seed}`, { timeout: 300_000 }, async () => {
      const prng = createPrng(seed);
      const fixture = await pipelineRoot(10);
      const parent = await mkdtemp(join(tmpdir(), 'msr-never-lost-'));
      cleanup.push(fixture.root, parent);
      // Paths relative to the root, so the root can move.
      await writeFile(join(fixture.root, 'config.yaml'), (await readFile(fixture.config, 'utf8')).replace(/source_URL: .*/, 'source_URL: dataset.csv'));
      await writeFile(join(fixture.root, 'params.yaml'), await readFile(fixture.quickParams, 'utf8'));
      let root = fixture.root;
      const options = () => ({ rootDir: root, files: { config: join(root, 'config.yaml') }, tracker: null, sleep: async () => {} });
      await runPipeline(options());
      let held = await uris(root);
      const log: string[] = [];
      // Every kind of step at least once, the rest at random, in a random order.
      const ops = prng.shuffle(['feed', 'force', 'crash', 'move', ...Array.from({ length: 4 }, () => ['feed', 'force', 'crash', 'move'][prng.int(4)]!)]);
      for (let step = 0; step < ops.length; step++) {
        const drop = join(root, 'data/new');
        await mkdir(drop, { recursive: true });
        await writeFile(join(drop, `batch-${step}.csv`), batch(prng, [...held]));
        const op = ops[step]!;
        log.push(op);
        if (op === 'feed') await runFeed({ ...options(), source: dropFolderFeed({ folder: drop, perGenre: 1 + prng.int(6) }), threshold: prng.next() < 0.3 ? 0 : 10 });
        else if (op === 'force') await runPipeline({ ...options(), force: true });
        else if (op === 'crash') await crashingFeed(root, drop, 300 + prng.int(4000));
        else {
          const to = join(parent, `root-${step}`);
          await rename(root, to);
          root = to;
        }
        const now = await uris(root);
        const lost = [...held].filter((u) => !now.has(u));
        expect(lost, `after ${log.join(' → ')}`).toEqual([]);
        held = new Set([...held, ...now]);
      }
      // After crashes the next run recovers the lock and completes; nothing was lost on the way.
      const last = await runFeed({ ...options(), source: dropFolderFeed({ folder: join(root, 'data/new'), perGenre: 100 }), threshold: 0 });
      expect(last.retrained).toBe(true);
      const final = await uris(root);
      expect([...held].filter((u) => !final.has(u))).toEqual([]);
      if (root !== fixture.root) await rename(root, fixture.root);
    });
  }
});
