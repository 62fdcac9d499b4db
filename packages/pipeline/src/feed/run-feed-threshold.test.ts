/**
 * The feed's retrain boundary: the base must have grown by MORE than the threshold since the
 * last training (`growth > threshold`, as the original DAG). Exactly at the threshold is no
 * retrain; just above is. Kept apart from run-feed.test.ts so both files stay small.
 */
import type { Song } from '@msr/core';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import type { FeedSource } from './feed-source.js';
import { runFeed } from './run-feed.js';

let fixture: PipelineRoot;
let now: number;
beforeEach(async () => {
  fixture = await pipelineRoot(30); // 10 genres × 30 songs
  now = Date.parse('2026-01-01T10:20:00Z');
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

const songs = (prefix: string, n: number): Song[] =>
  Array.from({ length: n }, (_, i) => ({ uri: `${prefix}${i}`, genre: 'jazz', key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110 }));
const source = (batch: Song[]): FeedSource => ({ collect: async () => ({ songs: batch }) });
const feed = (batch: Song[], threshold: number) => runFeed({ rootDir: fixture.root, files: { config: fixture.config }, source: source(batch), threshold, clock: () => (now += 1000) });

describe('runFeed threshold', () => {
  it('does not retrain at exactly the threshold and retrains just above it', async () => {
    await feed([], 0.05); // builds the base of 300 and trains on it
    // 15 of 300 is exactly 0.05: the same double as the threshold.
    const at = await feed(songs('at', 15), 0.05);
    expect(at).toMatchObject({ baseBefore: 300, baseAfter: 315, growth: 0.05, retrained: false });
    expect(at.pipeline).toBeUndefined();
    // One more song: 16 of 300 (5.3%) since the last training.
    const above = await feed(songs('above', 1), 0.05);
    expect(above).toMatchObject({ baseBefore: 315, baseAfter: 316, retrained: true });
    expect(above.growth).toBeCloseTo(16 / 300, 12);
    expect(above.pipeline!.ran).toEqual(['feed', ...PIPELINE_STAGES]);
  });

  it('with threshold 0, any new song retrains and none does not', async () => {
    await feed([], 0);
    expect(await feed([], 0)).toMatchObject({ added: 0, growth: 0, retrained: false });
    expect(await feed(songs('one', 1), 0)).toMatchObject({ added: 1, retrained: true });
  });
});
