import type { Song } from '@msr/core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { DEFAULT_FEED_THRESHOLD, FEED_REASON, FEED_STAGE, feedStageEvents, feedStep, feedThreshold, initStep, noDrops, reportNamesBase, trainedSize, type FeedStepInputs } from './feed-step.js';

const song = (uri: string): Song => ({ uri, genre: 'jazz', key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110 });
const songs = (n: number, prefix = 's'): Song[] => Array.from({ length: n }, (_, i) => song(`${prefix}${i}`));

/** A feed of `added` new songs onto a base of `before`. */
const inputs = (before: number, added: number, over: Partial<FeedStepInputs> = {}): FeedStepInputs => {
  const add = songs(added, 'new');
  return {
    before,
    batch: { songs: add },
    merge: { merged: [...songs(before), ...add], added: add, duplicates: 0, otherGenres: 0, invalid: [] },
    trainedOn: before,
    threshold: 0.05,
    ...over,
  };
};

describe('feedThreshold', () => {
  it('defaults to the original 5% and accepts any fraction ≥ 0', () => {
    expect(DEFAULT_FEED_THRESHOLD).toBe(0.05);
    expect(feedThreshold()).toBe(0.05);
    expect(feedThreshold(0)).toBe(0);
    expect(feedThreshold(2)).toBe(2);
  });

  it.each([-0.01, Number.NaN])('refuses %s as bad input', (threshold) => {
    expect(() => feedThreshold(threshold)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', badInput: true, message: `options.threshold: must be a fraction ≥ 0, got ${threshold}` }));
  });
});

describe('feedStep', () => {
  it('does not retrain at exactly the threshold and retrains just above it', () => {
    const at = feedStep(inputs(300, 15));
    expect(at.summary).toEqual({ branch: 'feed', fetched: 15, added: 15, baseBefore: 300, baseAfter: 315, growth: 0.05, retrained: false });
    const above = feedStep(inputs(300, 16));
    expect(above.summary.retrained).toBe(true);
    expect(above.summary.growth).toBeCloseTo(16 / 300, 12);
  });

  it('measures growth from the rows trained on, not the base before this feed', () => {
    const step = feedStep(inputs(305, 12, { trainedOn: 300 }));
    expect(step.summary).toMatchObject({ baseBefore: 305, baseAfter: 317, retrained: true });
    expect(step.summary.growth).toBeCloseTo(17 / 300, 12);
  });

  it('counts growth as 100% when nothing was trained on', () => {
    expect(feedStep(inputs(0, 0, { trainedOn: 0 })).summary).toMatchObject({ growth: 1, retrained: true });
    expect(feedStep(inputs(0, 0, { trainedOn: 0, threshold: 1 })).summary).toMatchObject({ growth: 1, retrained: false });
  });

  it('with threshold 0, any new song retrains and none does not', () => {
    expect(feedStep(inputs(300, 0, { threshold: 0 })).summary).toMatchObject({ growth: 0, retrained: false });
    expect(feedStep(inputs(300, 1, { threshold: 0 })).summary.retrained).toBe(true);
  });

  it("reports the source's count of candidates, the drops and what was deferred", () => {
    const base = inputs(300, 2);
    const invalid = [{ uri: 'bad', reason: 'energy: Too big' }];
    const step = feedStep({ ...base, batch: { ...base.batch, fetched: 9, deferred: 4 }, merge: { ...base.merge, duplicates: 2, otherGenres: 1, invalid } });
    expect(step.summary.fetched).toBe(9);
    expect(step.dropped).toEqual({ duplicates: 2, otherGenres: 1, invalid });
    expect(step.deferred).toBe(4);
    expect(feedStep(inputs(300, 2)).deferred).toBe(0);
  });

  it('logs what the feed did, then why it does not retrain', () => {
    const base = inputs(300, 2);
    const quiet = feedStep({ ...base, merge: { ...base.merge, duplicates: 3, otherGenres: 1, invalid: [{ uri: 'x', reason: 'r' }] } });
    expect(quiet.log).toEqual(['2 new songs (3 known, 1 of other genres, 1 invalid); base 300 → 302, 0.7% since the last training', 'growth 0.7% ≤ 5.0%: no retraining']);
    const deferred = feedStep({ ...inputs(300, 20), batch: { songs: songs(20, 'new'), deferred: 7 } });
    expect(deferred.log).toEqual(['20 new songs (0 known, 0 of other genres, 0 invalid, 7 left for the next run); base 300 → 320, 6.7% since the last training']);
  });
});

describe('trainedSize', () => {
  const root = '/srv/msr';
  const path = join(root, 'data/raw/song_df.csv');
  const base = { path, root };

  it('reads the rows of a valid report about this base', () => {
    expect(trainedSize({ valid: true, file: path, rows: 280 }, base, 300)).toBe(280);
    expect(trainedSize({ valid: true, file: path, rows: 0 }, base, 300)).toBe(0);
  });

  it('falls back without a report, for an invalid one, one about another file, or one without rows', () => {
    expect(trainedSize(undefined, base, 300)).toBe(300);
    expect(trainedSize(null, base, 300)).toBe(300);
    expect(trainedSize('text', base, 300)).toBe(300);
    expect(trainedSize({ valid: false, file: path, rows: 280 }, base, 300)).toBe(300);
    expect(trainedSize({ valid: 'true', file: path, rows: 280 }, base, 300)).toBe(300);
    expect(trainedSize({ valid: true, file: join(root, 'data/other.csv'), rows: 280 }, base, 300)).toBe(300);
    expect(trainedSize({ valid: true, rows: 280 }, base, 300)).toBe(300);
    expect(trainedSize({ valid: true, file: path, rows: '280' }, base, 300)).toBe(300);
  });
});

describe('reportNamesBase', () => {
  const root = '/srv/msr';

  it('matches the same path, below the root or outside it', () => {
    expect(reportNamesBase('/srv/msr/data/raw/song_df.csv', '/srv/msr/data/raw/song_df.csv', root)).toBe(true);
    expect(reportNamesBase('/shared/song_df.csv', '/shared/song_df.csv', root)).toBe(true);
  });

  it('matches the same root-relative path under a moved root or a worker scratch root, on whole path segments', () => {
    expect(reportNamesBase('/old/place/data/raw/song_df.csv', '/srv/msr/data/raw/song_df.csv', root)).toBe(true);
    expect(reportNamesBase('C:\\old\\data\\raw\\song_df.csv', '/srv/msr/data/raw/song_df.csv', root)).toBe(true);
    expect(reportNamesBase('/old/place/xdata/raw/song_df.csv', '/srv/msr/data/raw/song_df.csv', root)).toBe(false);
    expect(reportNamesBase('/srv/msr/data/song_df.csv', '/srv/msr/data/raw/song_df.csv', root)).toBe(false);
  });

  it('does not match another path for a base outside the root', () => {
    expect(reportNamesBase('/old/shared/song_df.csv', '/shared/song_df.csv', root)).toBe(false);
  });
});

describe('the init branch', () => {
  it('reports the base the pipeline built, retrained when it succeeded', () => {
    expect(initStep(300, true)).toEqual({ branch: 'init', fetched: 0, added: 300, baseBefore: 0, baseAfter: 300, growth: 0, retrained: true });
    expect(initStep(0, false)).toEqual({ branch: 'init', fetched: 0, added: 0, baseBefore: 0, baseAfter: 0, growth: 0, retrained: false });
  });

  it('drops nothing, in a fresh object each time', () => {
    const a = noDrops();
    expect(a).toEqual({ duplicates: 0, otherGenres: 0, invalid: [] });
    a.invalid.push({ uri: 'x', reason: 'y' });
    expect(noDrops().invalid).toEqual([]);
  });
});

describe('feedStageEvents', () => {
  it("reports the feed as a stage 'feed' that always runs, once", () => {
    const events: PipelineEvent[] = [];
    let t = 100;
    const feed = feedStageEvents('r1', () => (t += 10), (e) => events.push(e));
    feed.start();
    feed.log(['one', 'two']);
    feed.done();
    feed.fail({ message: 'boom', code: 'ECONNRESET' });
    expect(events).toEqual([
      { type: 'stage-start', runId: 'r1', at: 110, stage: FEED_STAGE, attempt: 1, reasons: [FEED_REASON] },
      { type: 'stage-log', runId: 'r1', at: 120, stage: 'feed', level: 'info', message: 'one' },
      { type: 'stage-log', runId: 'r1', at: 130, stage: 'feed', level: 'info', message: 'two' },
      { type: 'stage-done', runId: 'r1', at: 140, stage: 'feed', attempts: 1, durationMs: 40 },
      { type: 'stage-fail', runId: 'r1', at: 160, stage: 'feed', attempts: 1, durationMs: 60, error: 'boom', code: 'ECONNRESET' },
    ]);
    expect([FEED_STAGE, FEED_REASON]).toEqual(['feed', 'always runs']);
  });
});

describe('feedStep invalid rows', () => {
  it('publishes uri and reason (led by file:line when the uri does not say where) and keeps every detail for the quarantine', () => {
    const base = inputs(300, 0);
    const invalid = [
      { uri: 'X1', reason: 'energy: Too big', file: 'a.csv', line: 4, column: 'energy', code: 'out_of_range' },
      { uri: 'a.csv:5', reason: 'uri: bad id', file: 'a.csv', line: 5, code: 'invalid_row' },
      { uri: 'X2', reason: 'no line', file: 'a.csv' },
      { uri: 'X3', reason: 'no file', line: 7 },
      { uri: 'X4', reason: 'tempo: Too small' },
    ];
    const step = feedStep({ ...base, merge: { ...base.merge, invalid } });
    expect(step.dropped.invalid).toEqual([
      { uri: 'X1', reason: 'a.csv:4: energy: Too big' },
      { uri: 'a.csv:5', reason: 'uri: bad id' },
      { uri: 'X2', reason: 'no line' },
      { uri: 'X3', reason: 'no file' },
      { uri: 'X4', reason: 'tempo: Too small' },
    ]);
    expect(step.quarantine).toEqual(invalid);
    expect(step.quarantine).not.toBe(invalid);
  });
});
