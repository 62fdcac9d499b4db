/**
 * The drop folder's census on real CSV files in a temp dir: what is counted as known, of another
 * genre or unusable (with file, line and code), what is taken up to `perGenre` per genre and what
 * waits, and the exact refusals. run-feed's tests reach it only through whole pipelines.
 */
import type { Song } from '@msr/core';
import { dropFolderSource, type DropFolderIssue } from '@msr/spotify';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropFolderFeed } from './drop-folder-feed.js';

let dir: string;
let folder: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-drop-'));
  folder = join(dir, 'new');
  await mkdir(folder);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = 'uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo';
const id = (i: number): string => `NEW${String(i).padStart(19, '0')}`;
const row = (i: number, genre: string): string => `${id(i)},${genre},1,0.1,0.2,0.3,0,-7,0.05,0.5,100`;
const song = (i: number, genre: string): Song => ({ uri: id(i), genre, key: 1, acousticness: 0.1, danceability: 0.2, energy: 0.3, instrumentalness: 0, loudness: -7, speechiness: 0.05, valence: 0.5, tempo: 100 });
const request = (knownUris: string[] = [], genres = ['jazz', 'rock']) => ({ genres, knownUris: new Set(knownUris) });
const csv = (name: string, lines: string[]) => writeFile(join(folder, name), `${[HEADER, ...lines].join('\n')}\n`);

describe('dropFolderFeed', () => {
  it('takes every new song of a configured genre, and counts the known, the other genres and the unusable rows', async () => {
    await csv('a.csv', [row(1, 'jazz'), row(2, 'polka'), 'short,jazz,1,0.1,0.2,0.3,0,-7,0.05,0.5,100', row(3, 'rock')]);
    await csv('b.csv', [row(1, 'jazz'), row(4, 'jazz'), `${id(5)},jazz,1,0.1,0.2,2,0,-7,0.05,0.5,100`]);
    await writeFile(join(folder, 'c.csv'), `uri,genre\n${id(6)},jazz\n`);
    const batch = await dropFolderFeed({ folder }).collect(request([id(4)]));
    expect(batch.songs).toEqual([song(1, 'jazz'), song(3, 'rock')]);
    expect(batch.fetched).toBe(8); // 6 usable rows (3 + 2 + 1) + 2 the reader refused
    expect(batch.deferred).toBe(0);
    expect(batch.dropped).toMatchObject({ duplicates: 2, otherGenres: 1 }); // id 1 twice in the folder, id 4 in the base
    expect(batch.dropped!.invalid).toEqual([
      { uri: 'a.csv:4', reason: expect.stringMatching(/^uri: Invalid track id "short"/), file: 'a.csv', line: 4, column: 'uri', code: 'invalid_row' },
      { uri: 'b.csv:4', reason: 'energy: Too big: expected number to be <=1 ("2")', file: 'b.csv', line: 4, column: 'energy', code: 'invalid_row' },
      { uri: id(6), reason: 'no audio features (the file has no feature columns)', file: 'c.csv', line: 2, code: 'missing_value' },
    ]);
  });

  it('takes at most perGenre new songs per genre; the rest wait, and known rows or other genres never use up the limit', async () => {
    await csv('a.csv', [row(1, 'jazz'), row(2, 'jazz'), row(3, 'jazz'), row(9, 'jazz'), row(4, 'rock'), row(5, 'polka'), row(6, 'polka'), row(7, 'rock'), row(8, 'rock')]);
    const batch = await dropFolderFeed({ folder, perGenre: 2 }).collect(request([id(1)]));
    expect(batch.songs).toEqual([song(2, 'jazz'), song(3, 'jazz'), song(4, 'rock'), song(7, 'rock')]);
    expect(batch.deferred).toBe(2); // jazz 9 and rock 8
    expect(batch.dropped).toEqual({ duplicates: 1, otherGenres: 2, invalid: [] });
    // With the limit at 1, known rows after it are still counted as known, not held back.
    const one = await dropFolderFeed({ folder, perGenre: 1 }).collect(request([id(3)]));
    expect(one.songs).toEqual([song(1, 'jazz'), song(4, 'rock')]);
    expect(one.deferred).toBe(4); // jazz 2, 9 and rock 7, 8
    expect(one.dropped).toEqual({ duplicates: 1, otherGenres: 2, invalid: [] });
  });

  it('holds back a song once however often the folder holds it; unusable rows past the limit are still counted as unusable', async () => {
    await csv('a.csv', [row(1, 'jazz'), row(2, 'jazz'), row(3, 'jazz'), `${id(4)},jazz,1,0.1,0.2,2,0,-7,0.05,0.5,100`]);
    await csv('b.csv', [row(2, 'jazz'), row(3, 'jazz'), row(3, 'jazz')]);
    await writeFile(join(folder, 'c.csv'), `uri,genre\n${id(5)},jazz\n`);
    const batch = await dropFolderFeed({ folder, perGenre: 1 }).collect(request());
    expect(batch.songs).toEqual([song(1, 'jazz')]);
    expect(batch.deferred).toBe(2); // ids 2 and 3
    expect(batch.dropped).toMatchObject({ duplicates: 3, otherGenres: 0 });
    expect(batch.dropped!.invalid.map((r) => [r.file, r.line])).toEqual([
      ['a.csv', 5],
      ['c.csv', 2],
    ]);
  });

  it('takes 20 per genre by default', async () => {
    await csv('a.csv', Array.from({ length: 21 }, (_, i) => row(i, 'jazz')));
    const batch = await dropFolderFeed({ folder }).collect(request());
    expect(batch.songs.map((s) => s.uri)).toEqual(Array.from({ length: 20 }, (_, i) => id(i)));
    expect(batch.deferred).toBe(1);
  });

  it('reads through a drop-folder source it is given, and passes onIssue to the one it makes', async () => {
    await csv('a.csv', [row(1, 'jazz'), ',jazz,1,0.1,0.2,0.3,0,-7,0.05,0.5,100']);
    const issues: DropFolderIssue[] = [];
    await dropFolderFeed({ folder, onIssue: (issue) => issues.push(issue) }).collect(request());
    expect(issues).toEqual([{ file: join(folder, 'a.csv'), rejected: [{ line: 3, column: 'uri', reason: expect.stringMatching(/^uri: /) }] }]);
    const given = dropFolderSource({ dir: folder });
    expect((await dropFolderFeed({ folder: given }).collect(request())).songs).toEqual([song(1, 'jazz')]);
  });

  it('refuses a folder that does not exist or is a file, as bad input naming it', async () => {
    for (const missing of [join(dir, 'nope'), join(folder, 'a.csv')]) {
      await writeFile(join(folder, 'a.csv'), `${HEADER}\n`);
      await expect(dropFolderFeed({ folder: missing }).collect(request())).rejects.toMatchObject({
        code: 'ERR_DROP_FOLDER_MISSING',
        badInput: true,
        message: `the drop folder ${missing} does not exist or is not a folder; create it and drop CSV files of new songs in it, or pass another one (msr feed --drop-folder <dir>)`,
      });
    }
  });

  it('refuses a perGenre that is not a whole number ≥ 1', () => {
    for (const perGenre of [0, -1, 1.5, Number.NaN]) {
      expect(() => dropFolderFeed({ folder, perGenre })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', badInput: true, message: `options.perGenre: must be a whole number ≥ 1, got ${perGenre}` }));
    }
    expect(() => dropFolderFeed({ folder, perGenre: 1 })).not.toThrow();
  });
});
