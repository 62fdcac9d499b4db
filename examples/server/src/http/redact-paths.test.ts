import { describe, expect, it } from 'vitest';
import { withoutServerPaths, withoutServerPathsIn } from './redact-paths.js';

describe('withoutServerPaths', () => {
  it('keeps the file name of an absolute path, drops the folders', () => {
    expect(withoutServerPaths("ENOENT: no such file or directory, open '/tmp/msr-server-test-x1/inputs/dataset.csv'")).toBe("ENOENT: no such file or directory, open 'dataset.csv'");
    expect(withoutServerPaths('stage data_ingestion failed: file:///srv/msr/data/pipeline/song_df.csv is empty')).toBe('stage data_ingestion failed: song_df.csv is empty');
    expect(withoutServerPaths('at run (/work/repo/packages/pipeline/src/stages/data-ingestion.ts:42:7)')).toBe('at run (data-ingestion.ts:42:7)');
    expect(withoutServerPaths('cannot write C:\\msr\\data\\params.yaml')).toBe('cannot write params.yaml');
  });

  it('leaves URLs, ratios and plain words alone', () => {
    const text = 'see https://open.spotify.com/track/abc or http://127.0.0.1:5000/api/2.0/mlflow; 3/4 of the songs; and/or /single';
    expect(withoutServerPaths(text)).toBe(text);
  });
});

describe('withoutServerPathsIn', () => {
  it('redacts every string of a JSON body at any depth, keeps keys and other values, writes a Date as JSON does', () => {
    const at = new Date(Date.UTC(2026, 0, 1));
    const body = { job: { error: "open '/srv/msr/inputs/songs.csv'", progress: 0.5, done: false, none: null, runs: [{ archivedTo: '/srv/msr/archive/base.csv', at }] } };
    expect(withoutServerPathsIn(body)).toEqual({ job: { error: "open 'songs.csv'", progress: 0.5, done: false, none: null, runs: [{ archivedTo: 'base.csv', at: '2026-01-01T00:00:00.000Z' }] } });
  });
});
