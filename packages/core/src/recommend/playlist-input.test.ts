import { describe, expect, it } from 'vitest';
import { playlistRows } from './playlist-input.js';
import { RecommendError } from './recommend-error.js';
import { thrown as thrownError } from '../models/__fixtures__/thrown.js';

const thrown = (fn: () => unknown): RecommendError => thrownError(fn, RecommendError);

const NAMES = ['tempo', 'energy'];


describe('playlistRows', () => {
  it('lays usable tracks out in feature-name order, rows sorted by their features, each with its input index', () => {
    const rows = playlistRows(
      [
        { uri: 'spotify:track:b', features: { energy: 0.5, tempo: 120, extra: 9 } },
        { uri: 'c', features: { tempo: 90, energy: 0.9 } },
        { uri: 'a', features: { tempo: 120, energy: 0.2 } },
        { uri: 'd', features: { tempo: 120, energy: 0.2 } },
      ],
      NAMES,
    );
    expect(rows.count).toBe(4);
    // By tempo, then energy: (90, .9), (120, .2) twice, (120, .5); equal rows keep input order.
    expect(Array.from(rows.raw)).toEqual([90, 0.9, 120, 0.2, 120, 0.2, 120, 0.5]);
    expect(rows.inputIndex).toEqual([1, 2, 3, 0]);
    expect([...rows.ids]).toEqual(['b', 'c', 'a', 'd']);
    expect(rows.skipped).toEqual([]);
  });

  it('sorts by the first feature that differs, whatever the sign of the difference', () => {
    const rows = playlistRows(
      [
        { features: { tempo: 1, energy: 3 } },
        { features: { tempo: 1, energy: -3 } },
        { features: { tempo: -1, energy: 5 } },
        { features: { tempo: 1, energy: 0 } },
      ],
      NAMES,
    );
    expect(Array.from(rows.raw)).toEqual([-1, 5, 1, -3, 1, 0, 1, 3]);
    expect(rows.inputIndex).toEqual([2, 1, 3, 0]);
  });

  it('keeps identical rows in input order, whatever follows them', () => {
    const rows = playlistRows(
      [
        { features: { tempo: 5, energy: 5 } },
        { features: { tempo: 1, energy: 1 } },
        { features: { tempo: 1, energy: 1 } },
        { features: { tempo: 0, energy: 0 } },
      ],
      NAMES,
    );
    expect(Array.from(rows.raw)).toEqual([0, 0, 1, 1, 1, 1, 5, 5]);
    expect(rows.inputIndex).toEqual([3, 1, 2, 0]);
  });

  it('gives the same rows whatever order the tracks come in', () => {
    const tracks = [
      { features: { tempo: 3, energy: 1 } },
      { features: { tempo: 2, energy: 7 } },
      { features: { tempo: 3, energy: 0 } },
    ];
    const a = playlistRows(tracks, NAMES);
    const b = playlistRows([tracks[2]!, tracks[0]!, tracks[1]!], NAMES);
    expect(Array.from(b.raw)).toEqual(Array.from(a.raw));
    expect(Array.from(a.raw)).toEqual([2, 7, 3, 0, 3, 1]);
  });

  it('reports tracks without features as skipped, keeping their ids for exclusion', () => {
    const rows = playlistRows({ tracks: [{ uri: 'x', features: null }, { features: { tempo: 1, energy: 2 } }, { uri: 'spotify:track:y' }, {}] }, NAMES);
    expect(rows.count).toBe(1);
    expect(Array.from(rows.raw)).toEqual([1, 2]);
    expect(rows.inputIndex).toEqual([1]);
    expect(rows.skipped).toEqual([
      { index: 0, uri: 'x', reason: 'no-features' },
      { index: 2, uri: 'spotify:track:y', reason: 'no-features' },
      { index: 3, reason: 'no-features' },
    ]);
    expect(Object.keys(rows.skipped[2]!)).toEqual(['index', 'reason']);
    expect([...rows.ids]).toEqual(['x', 'y']);
  });

  it('refuses what is not a playlist, naming it', () => {
    for (const input of [null, 'tracks', { tracks: 'x' }, {}]) {
      expect(thrown(() => playlistRows(input as never, NAMES))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'playlist: must be an array of tracks or { tracks: [...] }' });
    }
    expect(thrown(() => playlistRows([], NAMES))).toMatchObject({ code: 'ERR_EMPTY_PLAYLIST', message: 'playlist: has no tracks' });
    expect(thrown(() => playlistRows({ tracks: [] }, NAMES))).toMatchObject({ code: 'ERR_EMPTY_PLAYLIST' });
    for (const track of [null, 3, 'x']) {
      expect(thrown(() => playlistRows([{ features: { tempo: 1, energy: 1 } }, track as never], NAMES))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'playlist[1]: must be an object' });
    }
  });

  it('refuses a missing or non-finite feature, naming the track and the feature', () => {
    expect(thrown(() => playlistRows([{ features: { tempo: 1, energy: 1 } }, { features: { tempo: 1, bpm: 2 } }], NAMES))).toMatchObject({
      code: 'ERR_FEATURE_MISMATCH',
      message: 'playlist[1].features: lacks "energy"; the model reads tempo, energy (given: tempo, bpm)',
    });
    for (const [value, shown] of [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
      ['1', '1'],
      [null, 'null'],
    ] as const) {
      expect(thrown(() => playlistRows([{ features: { tempo: 1, energy: value as number } }], NAMES))).toMatchObject({
        code: 'ERR_NON_FINITE',
        message: `playlist[0].features.energy: must be a finite number, got ${shown}`,
      });
    }
  });

  it('refuses a playlist where no track has features', () => {
    expect(thrown(() => playlistRows([{ uri: 'a' }, { features: null }, {}], NAMES))).toMatchObject({ code: 'ERR_NO_KNOWN_TRACKS', message: 'playlist: none of its 3 tracks has audio features' });
  });
});
