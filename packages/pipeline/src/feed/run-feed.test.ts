import type { Song } from '@msr/core';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { RunHistory } from '../history/run-history.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { readSongsBase } from '../songs/songs-base.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { existsSync } from 'node:fs';
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

const base = (): string => join(fixture.root, 'data/raw/song_df.csv');
const song = (uri: string, genre = 'jazz', over: Partial<Song> = {}): Song => ({ uri, genre, key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110, ...over });
const source = (songs: Song[], seen: Set<string>[] = []): FeedSource => ({
  collect: async (request) => {
    seen.push(new Set(request.knownUris));
    return { songs, fetched: songs.length + 3 };
  },
});
const options = (feed: FeedSource) => ({ rootDir: fixture.root, files: { config: fixture.config }, source: feed, clock: () => (now += 1000) });

describe('runFeed', () => {
  it('initialises the songs base with the full pipeline when there is none', async () => {
    const result = await runFeed(options(source([])));
    expect(result).toMatchObject({ branch: 'init', added: 300, baseAfter: 300, retrained: true });
    expect(result.pipeline!.ran).toContain('data_ingestion');
    const [record] = await new RunHistory(join(fixture.root, '.msr/history.jsonl')).list();
    expect(record).toMatchObject({ kind: 'feed', status: 'succeeded', feed: { branch: 'init' } });
  });

  it('merges new songs, archives the previous base, and retrains only past the threshold', async () => {
    await runFeed(options(source([])));
    const original = await readFile(base(), 'utf8');
    const known = (await readSongsBase(base()))[0]!;
    const seen: Set<string>[] = [];
    const first = await runFeed(options(source([song('new1'), song('new2', 'rock'), { ...known }, song('new1'), song('x', 'polka'), song('bad', 'jazz', { energy: 2 }), song('new3'), song('new4'), song('new5')], seen)));
    expect(seen[0]!.has(known.uri)).toBe(true);
    expect(first).toMatchObject({ branch: 'feed', fetched: 12, added: 5, baseBefore: 300, baseAfter: 305, retrained: false, dropped: { duplicates: 2, otherGenres: 1 } });
    expect(first.dropped.invalid).toEqual([{ uri: 'bad', reason: 'energy: Too big: expected number to be <=1' }]);
    expect(first.growth).toBeCloseTo(5 / 300);
    expect(await readFile(first.archivedTo!, 'utf8')).toBe(original);
    expect(first.archivedTo).toMatch(/archive\/song_df_2026-01-01T10-2\d-\d\d-000Z\.csv$/);
    expect((await readSongsBase(base())).map((s) => s.uri).slice(-5)).toEqual(['new1', 'new2', 'new3', 'new4', 'new5']);

    // 12 more: 317 songs vs the 300 trained on is 5.7% > 5%, although this feed alone added 3.9%.
    const second = await runFeed(options(source(Array.from({ length: 12 }, (_, i) => song(`more${i}`, 'pop')))));
    expect(second).toMatchObject({ added: 12, baseBefore: 305, baseAfter: 317, retrained: true });
    expect(second.pipeline!.ran).toEqual(['feed', ...PIPELINE_STAGES]);
    expect(existsSync(join(fixture.root, 'models_best/recommender.json'))).toBe(true);
    expect(await readdir(join(fixture.root, 'data/raw/archive'))).toHaveLength(2);

    const history = await new RunHistory(join(fixture.root, '.msr/history.jsonl')).list({ kind: 'feed' });
    expect(history.map((r) => [r.feed!.branch, r.feed!.added, r.feed!.retrained])).toEqual([
      ['feed', 12, true],
      ['feed', 5, false],
      ['init', 300, true],
    ]);
    expect(history[0]!.stages[0]).toMatchObject({ name: 'feed', status: 'ran' });
  });

  it('keeps the base intact and releases the lock when the source fails, then a re-run completes', async () => {
    await runFeed(options(source([])));
    const original = await readFile(base(), 'utf8');
    const failing: FeedSource = {
      collect: async () => {
        throw new Error('ECONNRESET from the feed source');
      },
    };
    const error = await runFeed(options(failing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageFailedError);
    expect((error as StageFailedError).stage).toBe('feed');
    expect(await readFile(base(), 'utf8')).toBe(original);
    const [record] = await new RunHistory(join(fixture.root, '.msr/history.jsonl')).list({ status: 'failed' });
    expect(record!.error!.message).toBe('ECONNRESET from the feed source');
    expect(await runFeed(options(source([song('again')])))).toMatchObject({ added: 1 });
  });
});
