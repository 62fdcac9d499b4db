/**
 * runFeed's own steps around the merge, on a songs base written directly (no pipeline builds it):
 * below the retraining threshold (no pipeline runs) what the source is asked, what is written
 * (base, archive, quarantine, history), the events, the refusals and the lock; and the two
 * branches that run the pipeline (retrain, init) on data too small to train, where the pipeline
 * fails in its first stages, so each case takes well under a second and a mutant of run-feed.ts
 * dies fast. Successful retraining and initialisation are in run-feed.test.ts and
 * run-feed-threshold.test.ts.
 */
import { SEED_GENRES, type Song } from '@msr/core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { LockHeldError } from '../dag/run-lock.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { RunHistory, type RunRecord } from '../history/run-history.js';
import { PIPELINE_STAGES } from '../pipeline/pipeline-stages.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { formatSongsBase, readSongsBase } from '../songs/songs-base.js';
import type { FeedRequest, FeedSource } from './feed-source.js';
import { runFeed, type RunFeedOptions } from './run-feed.js';

let fixture: PipelineRoot;
let now: number;
beforeEach(async () => {
  fixture = await pipelineRoot(1);
  now = Date.parse('2026-01-01T10:20:00Z');
  await mkdir(join(fixture.root, 'data/raw'), { recursive: true });
  await writeFile(basePath(), formatSongsBase(BASE));
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

const basePath = (): string => join(fixture.root, 'data/raw/song_df.csv');
const song = (uri: string, genre = 'jazz', over: Partial<Song> = {}): Song => ({ uri, genre, key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110, ...over });
const BASE = Array.from({ length: 10 }, (_, i) => song(`base${i}`, i % 2 ? 'rock' : 'jazz'));
const history = (): Promise<unknown[]> => new RunHistory(join(fixture.root, '.msr/history.jsonl')).list();
const feed = (source: FeedSource, over: Partial<RunFeedOptions> = {}) =>
  runFeed({ rootDir: fixture.root, files: { config: fixture.config }, source, threshold: 1, clock: () => (now += 1000), newRunId: () => 'run-1', ...over });

describe('runFeed below the threshold', () => {
  it('asks the source for the configured genres and the known uris, merges, archives, and records the feed', async () => {
    const requests: FeedRequest[] = [];
    const events: PipelineEvent[] = [];
    const source: FeedSource = {
      collect: async (request) => {
        requests.push(request);
        return { songs: [song('new1'), song('base1', 'rock'), song('bad', 'jazz', { tempo: 0 })], fetched: 7, deferred: 2 };
      },
    };
    const original = await readFile(basePath(), 'utf8');
    const result = await feed(source, { onEvent: (e) => events.push(e) });

    expect(requests).toHaveLength(1);
    expect(requests[0]!.genres).toEqual(SEED_GENRES); // the genres the fixture's config.yaml lists
    expect([...requests[0]!.knownUris].sort()).toEqual(BASE.map((s) => s.uri).sort());
    expect(requests[0]!.signal).toBeUndefined();

    // 11 songs against the 10 the base had (no validation report: the base before is what was trained on).
    expect(result).toEqual({
      runId: 'run-1',
      branch: 'feed',
      fetched: 7,
      added: 1,
      baseBefore: 10,
      baseAfter: 11,
      growth: 0.1,
      retrained: false,
      archivedTo: expect.stringMatching(new RegExp(`^${join(fixture.root, 'data/raw/archive')}/song_df_2026-01-01T10-20-0\\d-000Z\\.csv$`)), // the injected clock's time
      dropped: { duplicates: 1, otherGenres: 0, invalid: [{ uri: 'bad', reason: 'tempo: must be greater than 0 bpm (0 means no beat was detected)' }] },
      deferred: 2,
    });
    expect(await readFile(result.archivedTo!, 'utf8')).toBe(original);
    expect(await readSongsBase(basePath())).toEqual([...BASE, song('new1')]);
    expect(await readFile(join(fixture.root, 'data/quarantine-feed.csv'), 'utf8')).toBe(
      '_source,_line,_column,_code,_reason,uri\n,,tempo,out_of_range,tempo: must be greater than 0 bpm (0 means no beat was detected),bad\n',
    );

    const stageEvents = events.filter((e) => 'stage' in e && e.stage === 'feed').map((e) => (e.type === 'stage-log' ? `log: ${e.message}` : e.type));
    expect(stageEvents).toEqual([
      'stage-start',
      'log: 1 new songs (1 known, 0 of other genres, 1 invalid, 2 left for the next run); base 10 → 11, 10.0% since the last training',
      'stage-done',
      'log: growth 10.0% ≤ 100.0%: no retraining',
    ]);
    expect(events.every((e) => e.runId === 'run-1')).toBe(true);

    expect(await history()).toEqual([
      {
        runId: 'run-1',
        kind: 'feed',
        startedAt: expect.any(Number),
        finishedAt: expect.any(Number),
        status: 'succeeded',
        stages: [{ name: 'feed', status: 'ran', attempts: 1, durationMs: expect.any(Number) }],
        feed: { branch: 'feed', fetched: 7, added: 1, baseBefore: 10, baseAfter: 11, growth: 0.1, retrained: false, archivedTo: result.archivedTo },
      },
    ]);
    // The run lock is released.
    expect(await readdir(join(fixture.root, '.msr'))).not.toContain('run.lock');
  });

  it('leaves the base and its archive folder alone when nothing new came, and counts the batch when the source does not', async () => {
    const original = await readFile(basePath(), 'utf8');
    const result = await feed({ collect: async () => ({ songs: [song('base0'), song('p', 'polka')] }) });
    expect(result).toMatchObject({ added: 0, fetched: 2, baseBefore: 10, baseAfter: 10, growth: 0, deferred: 0, dropped: { duplicates: 1, otherGenres: 1, invalid: [] } });
    expect(result.archivedTo).toBeUndefined();
    expect(await readFile(basePath(), 'utf8')).toBe(original);
    expect(await readdir(join(fixture.root, 'data/raw'))).toEqual(['song_df.csv']);
    expect(await readFile(join(fixture.root, 'data/quarantine-feed.csv'), 'utf8')).toBe('_source,_line,_column,_code,_reason,uri\n');
    expect((await history())[0]).not.toHaveProperty('feed.archivedTo');
  });

  it('archives where it is told, and passes its signal to the source', async () => {
    const controller = new AbortController();
    let signal: AbortSignal | undefined;
    const archiveDir = join(fixture.root, 'old-bases');
    const result = await feed(
      {
        collect: async (request) => {
          signal = request.signal;
          return { songs: [song('n')] };
        },
      },
      { archiveDir, signal: controller.signal },
    );
    expect(signal).toBe(controller.signal);
    expect(result.archivedTo!.startsWith(`${archiveDir}/song_df_`)).toBe(true);
    expect(await readdir(archiveDir)).toHaveLength(1);
  });

  it('measures growth from the last validation report of this base, and ignores one that is not JSON', async () => {
    const report = join(fixture.root, 'data/validation_report.json');
    await writeFile(report, '{ not json');
    expect(await feed({ collect: async () => ({ songs: [song('a1')] }) })).toMatchObject({ baseBefore: 10, growth: 0.1 });
    await writeFile(report, JSON.stringify({ valid: true, file: basePath(), rows: 8 }));
    // 12 songs against the 8 last validated (and trained on).
    expect(await feed({ collect: async () => ({ songs: [song('a2')] }) })).toMatchObject({ baseBefore: 11, baseAfter: 12, growth: 0.5 });
    await rm(report);
    await mkdir(report);
    await expect(feed({ collect: async () => ({ songs: [] }) })).rejects.toMatchObject({ code: 'EISDIR' });
    expect(await readdir(join(fixture.root, '.msr'))).not.toContain('run.lock');
  });
});

describe('runFeed refusals and failures', () => {
  it('fails the feed stage when the source fails: base intact, the failure recorded with its code, the lock released', async () => {
    const original = await readFile(basePath(), 'utf8');
    const events: PipelineEvent[] = [];
    const failing = (thrown: unknown): FeedSource => ({
      collect: async () => {
        throw thrown;
      },
    });
    const coded = Object.assign(new Error('rate limited'), { code: 'ERR_RATE_LIMITED' });
    const error = await feed(failing(coded), { onEvent: (e) => events.push(e) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageFailedError);
    expect(error).toMatchObject({ stage: 'feed', runId: 'run-1', cause: coded });
    expect(events.filter((e) => e.type === 'stage-fail')).toEqual([{ type: 'stage-fail', runId: 'run-1', at: expect.any(Number), stage: 'feed', attempts: 1, durationMs: expect.any(Number), error: 'rate limited', code: 'ERR_RATE_LIMITED' }]);
    expect(await history()).toEqual([
      {
        runId: 'run-1',
        kind: 'feed',
        startedAt: expect.any(Number),
        finishedAt: expect.any(Number),
        status: 'failed',
        stages: [{ name: 'feed', status: 'failed', attempts: 1, durationMs: expect.any(Number) }],
        error: { code: 'ERR_RATE_LIMITED', message: 'rate limited' },
      },
    ]);
    // Without a code, and not even an Error.
    await expect(feed(failing(new Error('plain')), { newRunId: () => 'run-2' })).rejects.toBeInstanceOf(StageFailedError);
    await expect(feed(failing('just text'), { newRunId: () => 'run-3' })).rejects.toMatchObject({ stage: 'feed', cause: expect.objectContaining({ message: 'just text' }) });
    const records = (await history()) as { runId: string; error: unknown }[];
    expect(records.filter((r) => r.runId !== 'run-1').map((r) => [r.runId, r.error])).toEqual(
      expect.arrayContaining([
        ['run-2', { code: 'ERR_UNKNOWN', message: 'plain' }],
        ['run-3', { code: 'ERR_UNKNOWN', message: 'just text' }],
      ]),
    );
    expect(await readFile(basePath(), 'utf8')).toBe(original);
    expect(await readdir(join(fixture.root, '.msr'))).not.toContain('run.lock');
  });

  it('refuses a bad threshold before asking the source, and a second run while one holds the lock', async () => {
    let asked = 0;
    const source: FeedSource = { collect: async () => (asked++, { songs: [] }) };
    await expect(feed(source, { threshold: -0.5 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await mkdir(join(fixture.root, '.msr'), { recursive: true });
    const holder = { runId: 'other', pid: process.pid, host: hostname(), startedAt: now, heartbeatAt: now };
    await writeFile(join(fixture.root, '.msr/run.lock'), JSON.stringify(holder));
    await expect(feed(source)).rejects.toBeInstanceOf(LockHeldError);
    // wait: queued behind the live run until the signal cancels the wait.
    const controller = new AbortController();
    const waiting = feed(source, { wait: true, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gave up waiting')), 50);
    await expect(waiting).rejects.toThrow('gave up waiting');
    expect(asked).toBe(0);
    expect(JSON.parse(await readFile(join(fixture.root, '.msr/run.lock'), 'utf8'))).toEqual(holder);
  });
});

describe('runFeed branches that run the pipeline, on data too small to train (it fails fast)', () => {
  it('past the threshold: runs the pipeline under the same run id, the feed stage first in its record; the fed base stays', async () => {
    const error = await feed({ collect: async () => ({ songs: [song('n1')] }) }, { threshold: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageFailedError);
    expect(error).toMatchObject({ runId: 'run-1', stage: 'data_transformation' });
    const [record] = (await history()) as RunRecord[];
    expect(record).toMatchObject({ runId: 'run-1', kind: 'feed', status: 'failed', feed: { branch: 'feed', added: 1, baseBefore: 10, baseAfter: 11, growth: 0.1, retrained: true } });
    expect(record!.stages.map((s) => s.name)).toEqual(['feed', ...PIPELINE_STAGES]);
    expect(record!.stages[0]).toMatchObject({ name: 'feed', status: 'ran', attempts: 1 });
    expect(await readFile(record!.feed!.archivedTo!, 'utf8')).toBe(formatSongsBase(BASE));
    expect(await readdir(join(fixture.root, '.msr'))).not.toContain('run.lock');
  });

  it('without a songs base: builds it with the pipeline instead of asking the source, and records the init branch', async () => {
    await rm(basePath());
    let asked = 0;
    const error = await feed({ collect: async () => (asked++, { songs: [] }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageFailedError);
    expect(asked).toBe(0);
    const [record] = (await history()) as RunRecord[];
    expect(record).toMatchObject({ runId: 'run-1', kind: 'feed', status: 'failed', feed: { branch: 'init', fetched: 0, added: 0, baseBefore: 0, baseAfter: 0, growth: 0, retrained: false } });
    expect(record!.stages.map((s) => s.name)).toEqual(PIPELINE_STAGES);
    expect(await readdir(join(fixture.root, '.msr'))).not.toContain('run.lock');
  });

  it('does not mistake another failure to read the base for a missing one', async () => {
    await rm(basePath());
    await mkdir(basePath());
    await expect(feed({ collect: async () => ({ songs: [] }) })).rejects.toMatchObject({ code: expect.not.stringMatching(/^ERR_NO_SONGS_BASE$/) });
    expect(await history()).toEqual([]);
  });
});
