/**
 * The feed's growth baseline (the rows the models were last trained on) survives a copied or
 * moved pipeline root, as msr.lock does: the validation report names the base it counted, and
 * the feed must recognise it below the new root.
 */
import type { Song } from '@msr/core';
import { cp, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import type { FeedSource } from './feed-source.js';
import { runFeed } from './run-feed.js';

let fixture: PipelineRoot;
let moved: string;
let now: number;
beforeEach(async () => {
  fixture = await pipelineRoot(30); // 10 genres × 30 songs
  moved = `${fixture.root}-moved`;
  now = Date.parse('2026-01-01T10:20:00Z');
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
  await rm(moved, { recursive: true, force: true });
  await rm(`${fixture.root}-shared`, { recursive: true, force: true });
});

const songs = (prefix: string, n: number): Song[] =>
  Array.from({ length: n }, (_, i) => ({ uri: `${prefix}${i}`, genre: 'jazz', key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110 }));
const source = (batch: Song[]): FeedSource => ({ collect: async () => ({ songs: batch }) });

describe('runFeed in a moved root', () => {
  it('measures growth from the rows trained on before the move', async () => {
    await runFeed({ rootDir: fixture.root, files: { config: fixture.config }, source: source([]), clock: () => (now += 1000) });
    await cp(fixture.root, moved, { recursive: true });
    const config = join(moved, 'config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).split(fixture.root).join(moved));
    await rm(fixture.root, { recursive: true, force: true });
    const first = await runFeed({ rootDir: moved, files: { config }, source: source(songs('a', 6)), threshold: 0.05, clock: () => (now += 1000) });
    expect(first).toMatchObject({ baseBefore: 300, baseAfter: 306, retrained: false });
    expect(first.growth).toBeCloseTo(6 / 300, 12);
    const second = await runFeed({ rootDir: moved, files: { config }, source: source(songs('b', 6)), threshold: 0.05, clock: () => (now += 1000) });
    expect(second).toMatchObject({ baseBefore: 306, baseAfter: 312, retrained: false });
    expect(second.growth).toBeCloseTo(12 / 300, 12);
  });

  it('measures growth from the rows trained on when the songs base lies outside the moved root', async () => {
    // A songs base shared beside the root (an absolute path in config.yaml) stays where it is.
    const shared = `${fixture.root}-shared/song_df.csv`;
    await writeFile(fixture.config, (await readFile(fixture.config, 'utf8')).replace(/^( {2}unzip_dir|( {2}data_path)): data\/raw\/song_df\.csv$/gm, `$1: ${shared}`));
    await runFeed({ rootDir: fixture.root, files: { config: fixture.config }, source: source([]), clock: () => (now += 1000) });
    await cp(fixture.root, moved, { recursive: true });
    const config = join(moved, 'config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).split(`${fixture.root}/`).join(`${moved}/`));
    await rm(fixture.root, { recursive: true, force: true });
    const first = await runFeed({ rootDir: moved, files: { config }, source: source(songs('a', 6)), threshold: 0.05, clock: () => (now += 1000) });
    expect(first).toMatchObject({ baseBefore: 300, baseAfter: 306, retrained: false });
    // 12 songs since the 300 trained on, not 6 since the 306 the base held before this feed.
    const second = await runFeed({ rootDir: moved, files: { config }, source: source(songs('b', 6)), threshold: 0.05, clock: () => (now += 1000) });
    expect(second).toMatchObject({ baseBefore: 306, baseAfter: 312, retrained: false });
    expect(second.growth).toBeCloseTo(12 / 300, 12);
  });
});
