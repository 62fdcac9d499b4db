/**
 * The merge of a fed batch into the songs base, and the one verdict per song it shares with the
 * drop folder's census: exact merged rows, counts and problem codes (run-feed's tests reach this
 * only through whole pipelines).
 */
import type { Song } from '@msr/core';
import { describe, expect, it } from 'vitest';
import { judgeSong, mergeSongs } from './merge-songs.js';

const song = (uri: string, over: Partial<Song> = {}): Song => ({ uri, genre: 'jazz', key: 1, acousticness: 0.5, danceability: 0.5, energy: 0.5, instrumentalness: 0.1, loudness: -8, speechiness: 0.05, valence: 0.5, tempo: 110, ...over });
const GENRES = new Set(['jazz', 'rock']);

describe('judgeSong', () => {
  it('takes a new song of a configured genre in the songs-base shape, and remembers its uri', () => {
    const seen = new Set<string>(['old']);
    const verdict = judgeSong({ ...song('n1'), extra: 'dropped by the schema' }, seen, GENRES);
    expect(verdict).toEqual({ kind: 'new', song: song('n1') });
    expect([...seen]).toEqual(['old', 'n1']);
    // Seen now: the same uri again is a duplicate, and is not added twice.
    expect(judgeSong(song('n1', { genre: 'rock' }), seen, GENRES)).toEqual({ kind: 'duplicate' });
    expect(judgeSong(song('old'), seen, GENRES)).toEqual({ kind: 'duplicate' });
    expect([...seen]).toEqual(['old', 'n1']);
  });

  it('drops a song of an unconfigured genre before asking whether it is known, and does not remember it', () => {
    const seen = new Set<string>(['old']);
    expect(judgeSong(song('old', { genre: 'polka' }), seen, GENRES)).toEqual({ kind: 'other-genre' });
    expect(judgeSong(song('p1', { genre: 'polka' }), seen, GENRES)).toEqual({ kind: 'other-genre' });
    expect([...seen]).toEqual(['old']);
  });

  it('names the column, the schema message and the ingestion problem code of an invalid song', () => {
    const seen = new Set<string>();
    // A value present but out of its range (energy is a fraction; tempo must be > 0).
    expect(judgeSong(song('a', { energy: 2 }), seen, GENRES)).toEqual({ kind: 'invalid', column: 'energy', code: 'out_of_range', reason: 'energy: Too big: expected number to be <=1' });
    expect(judgeSong(song('b', { tempo: 0 }), seen, GENRES)).toEqual({ kind: 'invalid', column: 'tempo', code: 'out_of_range', reason: 'tempo: must be greater than 0 bpm (0 means no beat was detected)' });
    // A value of the wrong type.
    expect(judgeSong({ ...song('c'), energy: 'loud' }, seen, GENRES)).toMatchObject({ kind: 'invalid', column: 'energy', code: 'wrong_type' });
    // No value at all, null, or empty text: missing, whatever zod calls it (an empty uri is "too small").
    expect(judgeSong({ ...song('d'), valence: undefined }, seen, GENRES)).toMatchObject({ kind: 'invalid', column: 'valence', code: 'missing_value' });
    expect(judgeSong({ ...song('e'), valence: null }, seen, GENRES)).toMatchObject({ kind: 'invalid', column: 'valence', code: 'missing_value' });
    expect(judgeSong(song(''), seen, GENRES)).toEqual({ kind: 'invalid', column: 'uri', code: 'missing_value', reason: 'uri: must not be empty' });
    expect(judgeSong({ ...song('f'), energy: '' }, seen, GENRES)).toMatchObject({ kind: 'invalid', column: 'energy', code: 'missing_value' });
    // Not an object: nothing to read a value from.
    expect(judgeSong(null, seen, GENRES)).toMatchObject({ kind: 'invalid', column: '', code: 'missing_value' });
    expect(judgeSong('a song', seen, GENRES)).toMatchObject({ kind: 'invalid', column: '', code: 'missing_value' });
    // The first problem is the one named; invalid songs are not remembered.
    expect(judgeSong(song('g', { energy: 2, tempo: 0 }), seen, GENRES)).toMatchObject({ column: 'energy' });
    expect([...seen]).toEqual([]);
  });
});

describe('mergeSongs', () => {
  it('appends the new songs to the base, the base winning over a fed song of the same uri', () => {
    const base = [song('b1'), song('b2', { genre: 'rock' })];
    const batch = { songs: [song('b1', { energy: 0.9 }), song('n1'), song('n1', { energy: 0.1 }), song('x1', { genre: 'polka' }), song('n2', { genre: 'rock' }), song('bad', { tempo: 500 })] };
    const result = mergeSongs(base, batch, ['jazz', 'rock']);
    expect(result.merged).toEqual([song('b1'), song('b2', { genre: 'rock' }), song('n1'), song('n2', { genre: 'rock' })]);
    expect(result.added).toEqual([song('n1'), song('n2', { genre: 'rock' })]);
    expect(result.duplicates).toBe(2); // b1 (in the base) and the second n1 (earlier in the batch)
    expect(result.otherGenres).toBe(1);
    expect(result.invalid).toEqual([{ uri: 'bad', reason: 'tempo: must be at most 400 bpm', column: 'tempo', code: 'out_of_range' }]);
    // The base passed in is left as it was.
    expect(base).toEqual([song('b1'), song('b2', { genre: 'rock' })]);
  });

  it('adds what the source itself dropped to the counts, keeping its rows first', () => {
    const sourceRow = { uri: 'file.csv:3', reason: 'uri: bad id', file: 'file.csv', line: 3, code: 'invalid_row' };
    const result = mergeSongs([song('b1')], { songs: [song('b1'), song('p', { genre: 'polka' }), song('q', { key: 12 })], dropped: { duplicates: 4, otherGenres: 5, invalid: [sourceRow] } }, ['jazz']);
    expect(result).toMatchObject({ duplicates: 5, otherGenres: 6, added: [] });
    expect(result.merged).toEqual([song('b1')]);
    expect(result.invalid).toEqual([sourceRow, { uri: 'q', reason: 'key: Too big: expected number to be <=11', column: 'key', code: 'out_of_range' }]);
  });

  it('counts nothing for an empty batch, and only configured genres are wanted', () => {
    expect(mergeSongs([song('b1')], { songs: [] }, ['jazz'])).toEqual({ merged: [song('b1')], added: [], duplicates: 0, otherGenres: 0, invalid: [] });
    expect(mergeSongs([], { songs: [song('r', { genre: 'rock' })] }, [])).toEqual({ merged: [], added: [], duplicates: 0, otherGenres: 1, invalid: [] });
  });
});
