/**
 * The feed DAG on the queue (real Redis, an in-process worker with a feed source), held to
 * what `runFeed` does in-process: init builds the base; a feed merges and archives (the old base
 * stays in the artifact store under its hash) and retrains only past the threshold; the fed
 * base reaches the caller's root by checkout.
 */
import type { Song } from '@msr/core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedSource } from '../feed/feed-source.js';
import { RunHistory } from '../history/run-history.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { readSongsBase } from '../songs/songs-base.js';
import { directoryArtifactStore } from './artifact-store.js';
import { PipelineQueue } from './pipeline-queue.js';
import { startPipelineWorker, type PipelineWorker } from './pipeline-worker.js';
import { skipNote, testRedis } from './__fixtures__/redis-context.js';

const redis = testRedis();
const song = (uri: string, genre = 'jazz', over: Partial<Song> = {}): Song => ({ uri, genre, key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110, ...over });

describe.skipIf(!redis.url)(`the feed DAG on the queue${skipNote(redis.skipReason)}`, () => {
  let fx: PipelineRoot;
  let shared: string;
  let worker: PipelineWorker;
  let queue: PipelineQueue;
  let next: Song[] = [];
  const prefix = `t${Date.now()}d`;
  const source: FeedSource = { collect: async () => ({ songs: next, fetched: next.length + 3 }) };

  beforeAll(async () => {
    fx = await pipelineRoot(30);
    shared = await mkdtemp(join(tmpdir(), 'msr-queue-feed-'));
    const artifacts = directoryArtifactStore(join(shared, 'cas'));
    worker = await startPipelineWorker({ redis: redis.url!, artifacts, workDir: join(shared, 'w'), prefix, feedSource: source });
    queue = await PipelineQueue.connect({ redis: redis.url!, artifacts, prefix });
  });
  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await Promise.all([fx?.root, shared].map((d) => d && rm(d, { recursive: true, force: true })));
  });

  it('initialises, feeds below the threshold without retraining, then retrains past it', async () => {
    const options = { rootDir: fx.root, files: { config: fx.config, params: fx.quickParams }, tracking: null, retryDelayMs: 100 };
    const init = await queue.runFeed(options);
    expect(init).toMatchObject({ branch: 'init', added: 300, baseAfter: 300, retrained: true });
    expect(init.pipeline!.ran).toEqual([...PIPELINE_STAGES]);
    const original = await readFile(join(fx.root, 'data/raw/song_df.csv'), 'utf8');

    next = [song('new1'), song('new2', 'rock'), song('new1'), song('x', 'polka'), song('bad', 'jazz', { energy: 2 }), song('new3'), song('new4'), song('new5')];
    const first = await queue.runFeed(options);
    expect(first).toMatchObject({ branch: 'feed', fetched: 11, added: 5, baseBefore: 300, baseAfter: 305, retrained: false, dropped: { duplicates: 1, otherGenres: 1 } });
    expect(first.dropped.invalid).toEqual([{ uri: 'bad', reason: 'energy: Too big: expected number to be <=1' }]);
    expect(first.growth).toBeCloseTo(5 / 300);
    expect(first.pipeline).toBeUndefined();
    // The archive is the previous base's blob; the fed base is checked out.
    expect(await readFile(first.archivedTo!, 'utf8')).toBe(original);
    expect((await readSongsBase(join(fx.root, 'data/raw/song_df.csv'))).map((s) => s.uri).slice(-5)).toEqual(['new1', 'new2', 'new3', 'new4', 'new5']);

    // 317 songs vs the 300 trained on: 5.7% > 5%. Ingestion re-runs and keeps the fed base.
    next = Array.from({ length: 12 }, (_, i) => song(`more${i}`, 'pop'));
    const second = await queue.runFeed(options);
    expect(second).toMatchObject({ added: 12, baseBefore: 305, baseAfter: 317, retrained: true });
    expect(second.pipeline!.ran).toEqual(['feed', ...PIPELINE_STAGES]);
    const report = JSON.parse(await readFile(join(fx.root, 'data/validation_report.json'), 'utf8')) as { rows: number };
    expect(report.rows).toBe(317);

    const history = await new RunHistory(join(fx.root, '.msr/history.jsonl')).list({ kind: 'feed' });
    expect(history.map((r) => [r.feed!.branch, r.feed!.added, r.feed!.retrained])).toEqual([
      ['feed', 12, true],
      ['feed', 5, false],
      ['init', 300, true],
    ]);
  });
});
